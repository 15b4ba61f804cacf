from django import forms
from django.core.exceptions import ValidationError

from accounts.forms import form_add_service_errors


class _Form(forms.Form):
    name = forms.CharField()


def _form():
    form = _Form({"name": "x"})
    assert form.is_valid()
    return form


def test_field_errors_land_at_their_field_and_unknown_fields_on_top():
    form = _form()
    form_add_service_errors(form, ValidationError({"name": "bad name", "elsewhere": "bad other"}))
    assert form.errors["name"] == ["bad name"]
    assert form.non_field_errors() == ["bad other"]


def test_a_plain_error_lands_on_top():
    form = _form()
    form_add_service_errors(form, ValidationError("the session is full"))
    assert form.non_field_errors() == ["the session is full"]
