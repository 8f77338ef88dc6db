"""The Python-built form templates give the markup Django's templates give: the same
forms rendered both ways, as HTML trees, must be equal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tryeza.web.forms_renderer import BUILT_HERE, FormRenderer

DJANGO = "django.forms.renderers.DjangoTemplates"
OURS = "tryeza.web.forms_renderer.FormRenderer"

AWKWARD = 'Tom & "Jerry" <b>'
# Already safe: shown as it is, never escaped twice (and a lazy label, translated).
SAFE = mark_safe("<b>safe & sound</b>")
LAZY = gettext_lazy("Any")


class EveryWidget(forms.Form):
    required_css_class = "required"
    error_css_class = "error"

    text = forms.CharField(label=AWKWARD, help_text="Say <em>why</em>.", max_length=5)
    number = forms.IntegerField(required=False, min_value=0)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    time = forms.TimeField(required=False)
    moment = forms.DateTimeField(required=False)
    checkbox = forms.BooleanField(required=False)
    file = forms.FileField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    choice = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("a", AWKWARD),
            ("s", SAFE),
            ("l", LAZY),
            ("Group", [("b", "B"), ("c", "C")]),
        ],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", AWKWARD)], required=False)
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "A"), ("b", "B")])
    boxes = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=[("a", "A"), ("b", "B")], required=False
    )
    grouped = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
        choices=[("x", "X"), (AWKWARD, [("y", "Y"), ("z", AWKWARD)])],
        required=False,
    )
    disabled = forms.CharField(disabled=True, required=False, initial=AWKWARD)


BOUND = {
    "text": 'too long & "quoted"',
    "number": "-3",
    "email": "not an address",
    "choice": "a",
    "many": ["a", "b"],
    "boxes": ["b"],
    "grouped": ["z"],
    "note": "Line one\n<and> two",
    "moment": "2026-11-23 10:00",
}


def _both(form_class: type[forms.Form], **kwargs: Any) -> tuple[Any, Any]:
    theirs = form_class(renderer=DjangoTemplates(), **kwargs)
    ours = form_class(renderer=FormRenderer(), **kwargs)
    return theirs, ours


@pytest.mark.parametrize("layout", ["as_div", "as_p", "as_table", "as_ul"])
@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound with errors"])
@pytest.mark.parametrize("auto_id", ["id_%s", False], ids=["ids", "no ids"])
def test_every_widget_renders_as_django_renders_it(layout, data, auto_id):
    theirs, ours = _both(EveryWidget, data=data, auto_id=auto_id)
    assert parse_html(str(getattr(ours, layout)())) == parse_html(str(getattr(theirs, layout)()))


class HiddenOnly(forms.Form):
    """A form of hidden fields, such as a version check: its errors lead the form."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Someone else changed it <first>.")


@pytest.mark.parametrize("data", [None, {"version": "x"}], ids=["unbound", "bound with errors"])
def test_a_form_of_hidden_fields_renders_as_django_renders_it(data):
    theirs, ours = _both(HiddenOnly, data=data)
    assert parse_html(str(ours.as_div())) == parse_html(str(theirs.as_div()))


def test_field_by_field_rendering_matches_too():
    theirs, ours = _both(EveryWidget, data=BOUND)
    for name in EveryWidget.base_fields:
        for part in ("as_field_group", "label_tag", "__str__", "errors"):
            mine = getattr(ours[name], part)
            django = getattr(theirs[name], part)
            mine, django = (mine(), django()) if callable(mine) else (mine, django)
            assert parse_html(str(mine)) == parse_html(str(django)), (name, part)


def test_values_are_escaped():
    _theirs, ours = _both(EveryWidget, data=BOUND)
    html = str(ours.as_div())
    assert AWKWARD not in html
    assert "Tom &amp; &quot;Jerry&quot; &lt;b&gt;" in html
    assert "<b>safe & sound</b>" in html
    # The help text is the developer's markup, as in Django.
    assert "Say <em>why</em>." in html


def test_every_template_built_here_is_one_of_djangos():
    """A renamed template in a Django upgrade would otherwise be silently not built here."""
    for name in BUILT_HERE:
        assert DjangoTemplates().get_template(name) is not None


def _pages(client: Any, settings: Any, method: str, url: str, data: Any = None) -> list[Any]:
    trees = []
    for renderer in (DJANGO, OURS):
        settings.FORM_RENDERER = renderer
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 200, (url, response.status_code)
        trees.append(parse_html(_without_tokens(response.content.decode())))
    return trees


def _without_tokens(html: str) -> str:
    """CSRF tokens differ from one response to the next."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"', r'\1"', html)


@pytest.mark.django_db
def test_the_project_pages_with_forms_render_the_same(client, settings, network, cpu_worker):
    from tryeza.cases.services import case_register
    from tryeza.cases.tests.conftest import elbasan_draft, planted_identity

    case = case_register(
        actor=cpu_worker,
        draft=elbasan_draft(network),
        identity=planted_identity(),
        team=[network["shelter_el"], network["police_el"]],
    )
    client.force_login(cpu_worker)
    pages = [
        ("get", reverse("cases:list") + "?status=pending&region=AL-03", None),
        ("get", reverse("cases:register"), None),
        ("post", reverse("cases:register"), {"first_name": ""}),
        ("get", reverse("cases:detail", args=[case.code]), None),
        *(
            ("get", reverse(f"cases:{name}", args=[case.code]), None)
            for name in ("screening", "rights", "needs", "plan", "follow-up", "refer")
        ),
        ("get", reverse("password_change"), None),
    ]
    for method, url, data in pages:
        theirs, ours = _pages(client, settings, method, url, data)
        assert ours == theirs, url
