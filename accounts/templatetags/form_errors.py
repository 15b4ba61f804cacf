"""`{% error_summary form formset … %}`: the list of a page's errors at its top, each
linking to its field; focus moves there after a failed submit (static/js/error-summary.js).
One component for every app (issue 18, issue 24)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import formsets
from django.utils.safestring import SafeString

from accounts.forms import ErrorLink, form_error_links

register = template.Library()


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(
    context: template.Context,
    *items: forms.BaseForm | formsets.BaseFormSet | None,
    linked: bool = True,
    participant: bool = False,
) -> dict[str, Any]:
    """`linked=False` for a page that does not show the form's fields (a funder picks one of the
    offered periods from links): the errors are listed without links to inputs that are not there.
    `participant=True` on participant pages: the heading in the plain wording translated into
    every participant language (msgctxt "participant")."""
    links = form_error_links(*(item for item in items if item is not None))
    if not linked:
        links = [ErrorLink(link.label, link.message, "") for link in links]
    # an htmx partial brings the focusing script along; a full page has it from its base
    return {"error_links": links, "request": context.get("request"), "participant": participant}


def field_describedby(field: forms.BoundField) -> str:
    """The ids templates/includes/field.html gives the field's hint and error, in that order."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def accessible_widget(field: forms.BoundField) -> SafeString:
    """The field's input(s) with aria-invalid and aria-describedby naming the hint and error
    rendered by includes/field.html; for a group of radio buttons or checkboxes every input
    carries them (Django leaves a group's inputs without)."""
    attrs: dict[str, str | bool] = {}
    if field.auto_id and (describedby := field_describedby(field)):
        attrs["aria-describedby"] = describedby
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
