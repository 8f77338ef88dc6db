"""An institution's figures through a spreadsheet: download the XLSX template of its
return, fill it, upload it. A wrong file changes nothing and the page lists each row to
correct; a right one is saved (not submitted) through ``services.return_save``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from tryeza.geography.models import Region
from tryeza.reporting import rules, selectors, services, xlsx
from tryeza.reporting.models import DataReturn
from tryeza.reporting.periods import Period
from tryeza.reporting.views.region import user_of, viewable_region
from tryeza.spreadsheets import filename

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The page lists this many problems; a file with more is probably not the template.
SHOWN_PROBLEMS = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (XLSX, at most 2 MB)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )


def _own_return(request: HttpRequest, region: str, period: str) -> tuple[Region, DataReturn]:
    """The return of the user's own institution; 404 for anyone who may not enter it."""
    place, half = viewable_region(request, region, period)
    institution = user_of(request).institution
    if institution is None or not rules.may_enter(request.user, institution, place.pk):
        raise Http404
    return place, selectors.return_for(place.pk, institution, half.code)


def _heading(place: Region, data_return: DataReturn) -> str:
    return _("%(institution)s — %(region)s, %(period)s") % {
        "institution": data_return.institution.display_name,
        "region": place.display_name,
        "period": Period.parse(data_return.period).label(),
    }


def _instructions(heading: str, upload_url: str) -> list[str]:
    """The sheet Instructions, in the user's language."""
    return [
        heading,
        "",
        _("1. On the sheet Figures, type each figure in the column “value”."),
        _("2. Leave a value empty when you have no figure; type 0 when there were none."),
        _("3. Figures are whole numbers, 0 or more. The breakdowns must add up to the total."),
        _("4. On the sheet Texts, write your answers in the column “answer”."),
        _("5. Never write the name of a person: reports speak of people in numbers only."),
        _("6. Do not change the code columns, the sheet names or the order of the columns."),
        _("7. Upload the file here: %(url)s") % {"url": upload_url},
        _("If a row is wrong, nothing is saved and the page lists every row to correct."),
    ]


@login_required
@require_GET
def template_view(request: HttpRequest, region: str, period: str) -> HttpResponse:
    place, data_return = _own_return(request, region, period)
    here = {"region": place.code, "period": data_return.period}
    upload_url = reverse("reporting:upload", kwargs=here)
    content = xlsx.template(
        half=data_return.period,
        municipalities=selectors.municipalities_of(place.pk),
        numbers=selectors.numbers_of([data_return])[data_return.pk],
        texts=selectors.texts_of(data_return),
        instructions=_instructions(
            _heading(place, data_return), request.build_absolute_uri(upload_url)
        ),
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = filename(f"{place.code}-{data_return.period}", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # A return's figures are for the person who asked, not for shared caches.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


def _save(request: HttpRequest, data_return: DataReturn, content: bytes) -> tuple[int, list[str]]:
    """Save the file's figures: (how many, []) or (0, what is wrong) with nothing saved."""
    try:
        upload = xlsx.read(
            content,
            half=data_return.period,
            municipalities=selectors.municipalities_of(data_return.region_id),
        )
    except xlsx.FileRefused as refused:
        return 0, [str(refused)]
    if upload.problems:
        return 0, [str(problem) for problem in upload.problems]
    try:
        services.return_save(
            user=user_of(request),
            data_return=data_return,
            numbers=upload.numbers,
            texts=selectors.texts_of(data_return) if upload.texts is None else upload.texts,
            version=data_return.version,
        )
    except services.Invalid as invalid:
        return 0, [str(problem) for problem in upload.locate(invalid.problems)]
    except services.ReportingError as refused:
        return 0, [str(refused)]
    return len(upload.numbers), []


@login_required
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest, region: str, period: str) -> HttpResponse:
    place, data_return = _own_return(request, region, period)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        # One byte more than allowed is enough to tell the file is too big.
        content = form.cleaned_data["file"].read(xlsx.MAX_BYTES + 1)
        count, problems = _save(request, data_return, content)
        if not problems:
            messages.success(
                request,
                ngettext(
                    "%(count)s figure saved (not submitted yet).",
                    "%(count)s figures saved (not submitted yet).",
                    count,
                )
                % {"count": count},
            )
            return redirect("reporting:entry", region=place.code, period=data_return.period)
    context = {
        "region": place,
        "data_return": data_return,
        "heading": _heading(place, data_return),
        "form": form,
        "problems": problems[:SHOWN_PROBLEMS],
        "more": max(len(problems) - SHOWN_PROBLEMS, 0),
    }
    return render(request, "reporting/upload.html", context)
