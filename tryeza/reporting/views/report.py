"""Asking for the bi-annual report (a region's, or ONAC's national consolidation), watching
it being built and downloading it. Access goes through ``report.jobs``; anything outside
the user's reach is a 404, like something that does not exist."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from tryeza.geography.models import Region
from tryeza.reporting.models import JobStatus, ReportFormat
from tryeza.reporting.periods import Period, PeriodError
from tryeza.reporting.report import jobs
from tryeza.reporting.services import NotAllowed


class ReportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)


def _half(code: str) -> Period:
    try:
        return Period.parse_half(code)
    except PeriodError:
        raise Http404 from None


def _request_page(request: HttpRequest, region: Region | None, period: Period) -> HttpResponse:
    if not jobs.may_request(request.user, region.pk if region else None):
        raise Http404
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                job = jobs.report_request(
                    user=request.user,  # type: ignore[arg-type]
                    region=region,
                    period=period.code,
                    language=form.cleaned_data["language"],
                    format=form.cleaned_data["format"],
                )
            except NotAllowed:
                raise Http404 from None
            return redirect("reporting:report-job", pk=job.pk)
    else:
        form = ReportForm(initial={"language": translation.get_language(), "format": "pdf"})
    context = {
        "form": form,
        "region": region,
        "period": period,
        "jobs": jobs.recent_jobs(request.user, region, period.code),  # type: ignore[arg-type]
        "steps": jobs.STEPS,
    }
    return render(request, "reporting/report_request.html", context)


@login_required
def report_request_view(request: HttpRequest, region: str, period: str) -> HttpResponse:
    found = Region.objects.filter(code=region).first()
    if found is None:
        raise Http404
    return _request_page(request, found, _half(period))


@login_required
def national_report_request_view(request: HttpRequest, period: str) -> HttpResponse:
    return _request_page(request, None, _half(period))


@login_required
def report_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.job_for_user(request.user, pk)
    if job is None:
        raise Http404
    context = {
        "job": job,
        "finished": jobs.is_finished(job),
        "step": jobs.STEPS.get(job.step, ""),
        "period": Period.parse(job.period),
    }
    # htmx polls the progress fragment every second until the job is finished.
    fragment = request.headers.get("HX-Request") == "true"
    template = "reporting/report_job_progress.html" if fragment else "reporting/report_job.html"
    response = render(request, template, context)
    add_never_cache_headers(response)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def report_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.job_for_user(request.user, pk, with_file=True)
    if job is None or job.status != JobStatus.DONE:
        raise Http404
    data = jobs.report_download(user=request.user, job=job)  # type: ignore[arg-type]
    response = HttpResponse(data, content_type=jobs.CONTENT_TYPES[job.format])
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    # The file is for the person who asked, not for shared caches.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response
