"""The form renderer: Django's form templates, with the most used ones built in Python.

Django renders a form through a template per field, per label, per widget and per
``<option>``: about 0.2 ms each. The case list's filter form (ten fields, 114 options)
took 28 ms of the page's 55 ms; ``as_div`` of two small forms, 1.7 ms of the case page.
The templates below are rebuilt here as plain string building, giving the same markup
(``tests/test_forms_renderer.py`` renders every form of the project both ways and
compares); every other template goes to Django as before.
Settings: ``FORM_RENDERER``."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _e(value: Any) -> str:
    if type(value) is str:  # the usual case, and never safe already: as Django escapes it
        return html.escape(value)
    return str(conditional_escape(value))


def attrs(values: dict[str, Any] | None) -> str:
    """As ``django/forms/widgets/attrs.html``: False left out, True as a bare name."""
    parts = []
    for name, value in (values or {}).items():
        if value is False:
            continue
        parts.append(f" {_e(name)}" if value is True else f' {_e(name)}="{_e(str(value))}"')
    return "".join(parts)


def _input(context: dict[str, Any]) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_e(str(widget["value"]))}"'
    kind, name = _e(widget["type"]), _e(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{attrs(widget["attrs"])}>'


def _option(option: dict[str, Any]) -> str:
    return (
        f'<option value="{_e(str(option["value"]))}"{attrs(option["attrs"])}>'
        f"{_e(option['label'])}</option>"
    )


def _select(context: dict[str, Any]) -> str:
    widget = context["widget"]
    parts = [f'<select name="{_e(widget["name"])}"{attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_e(group_name)}">')
        parts.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(context: dict[str, Any]) -> str:
    widget = context["widget"]
    value = _e(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_e(widget["name"])}"{attrs(widget["attrs"])}>\n{value}</textarea>'


def _input_option(option: dict[str, Any]) -> str:
    """A radio button or checkbox, wrapped in its label."""
    field = _input({"widget": option})
    if not option["wrap_label"]:
        return field
    option_id = option["attrs"].get("id")
    for_attr = f' for="{_e(option_id)}"' if option_id else ""
    return f"<label{for_attr}>{field} {_e(option['label'])}</label>"


def _multiple_input(context: dict[str, Any]) -> str:
    """As ``django/forms/widgets/multiple_input.html``: radio buttons or checkboxes."""
    widget = context["widget"]
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_e(widget_id)}"' if widget_id else "",
        f' class="{_e(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_e(group)}</label>")
        parts.extend(f"<div>\n    {_input_option(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _label(context: dict[str, Any]) -> str:
    label = _e(context["label"])
    if not context["use_tag"]:
        return label
    tag = context["tag"]
    return f"<{tag}{attrs(context['attrs'])}>{label}</{tag}>"


def _errors(context: dict[str, Any]) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{_e(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_e(error)}</li>" for error in errors)
    return f'<ul class="{_e(context["error_class"])}"{id_attr}>{items}</ul>'


def _field(context: dict[str, Any]) -> str:
    """As ``django/forms/field.html``: label or legend, help text, errors, widget."""
    field = context["field"]
    parts = []
    if field.use_fieldset:
        described = field.aria_describedby
        described_attr = f' aria-describedby="{_e(described)}"' if described else ""
        parts.append(f"<fieldset{described_attr}>")
        if field.label:
            parts.append(str(field.legend_tag()))
    elif field.label:
        parts.append(str(field.label_tag()))
    if field.help_text:
        auto_id = field.auto_id
        id_attr = f' id="{_e(auto_id)}_helptext"' if auto_id else ""
        # Help text is the developer's markup, shown unescaped as in Django's template.
        parts.append(f'<div class="helptext"{id_attr}>{field.help_text}</div>')
    parts.append(str(field.errors))
    parts.append(str(field))
    if field.use_fieldset:
        parts.append("</fieldset>")
    return "\n".join(parts)


def _div(context: dict[str, Any]) -> str:
    """As ``django/forms/div.html``: the form's errors, a div per field, the hidden
    fields inside the last."""
    fields, errors = context["fields"], context["errors"]
    hidden = "".join(str(field) for field in context["hidden_fields"])
    parts = [str(errors)]
    if errors and not fields:
        parts.append(f"<div>{hidden}</div>")
    for n, (field, _errors) in enumerate(fields, start=1):
        classes = field.css_classes()
        class_attr = f' class="{_e(classes)}"' if classes else ""
        last = hidden if n == len(fields) else ""
        parts.append(f"<div{class_attr}>{field.as_field_group()}{last}</div>")
    if not fields and not errors:
        parts.append(hidden)
    return "\n".join(parts)


_INPUTS = (
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "checkbox",
    "file",
)
BUILT_HERE: dict[str, Callable[[dict[str, Any]], str]] = {
    "django/forms/div.html": _div,
    "django/forms/field.html": _field,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/errors/list/ul.html": _errors,
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/radio.html": _multiple_input,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        build = BUILT_HERE.get(template_name)
        if build is None:
            return super().render(template_name, context, request)
        return mark_safe(build(context))  # noqa: S308 -- every value in it is escaped
