"""`{% error_summary form formset … %}`: the list of a page's errors at its top, each
linking to its field; focus moves there after a failed submit (static/js/error-summary.js).
One component for every app (issue 18, issue 24)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import formsets

from accounts.forms import form_error_links

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*items: forms.BaseForm | formsets.BaseFormSet | None) -> dict[str, Any]:
    return {"error_links": form_error_links(*(item for item in items if item is not None))}
