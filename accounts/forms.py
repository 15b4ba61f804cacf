from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.forms import formsets
from django.utils.translation import gettext_lazy as _

from accounts.models import InstructorProfile, Site, User
from languages.codes import language_choices

ERROR_CODE_FORMAT = _("Enter the 6 digits shown in your authenticator app.")


def form_add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors at their field (or on top
    when the form has no such field), a plain error on top. Works for both error shapes."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=9,  # room for "123 456"
        validators=[RegexValidator(r"^\d{3} ?\d{3}$", ERROR_CODE_FORMAT)],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "")


class InstructorProfileForm(forms.Form):
    """What an instructor can teach (accounts.services.instructor_profile_save)."""

    qualification = forms.CharField(
        label=_("qualification"), max_length=200,
        help_text=_("For example master craftsman (Meister) in metalwork."),
    )
    trades: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("trades / workshops"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("Sessions of modules in other trades cannot be assigned to this instructor."),
    )
    languages = forms.MultipleChoiceField(
        label=_("teaches in"), widget=forms.CheckboxSelectMultiple, required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The trades the profile's own relation points at (catalogue sits above accounts).
        trades = InstructorProfile._meta.get_field("trades").related_model
        self.fields["trades"].queryset = trades._default_manager.order_by("code")  # type: ignore[attr-defined, union-attr]
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ErrorLink:
    """One line of a page's error summary: what is wrong, and the field it links to."""

    label: str
    message: str
    anchor: str  # the id of the field's input ("" for an error of the whole form)


def form_error_links(*items: forms.BaseForm | formsets.BaseFormSet) -> list[ErrorLink]:
    """Every error of the given forms and formsets, in page order, for the summary at the
    top (templates/includes/error_summary.html, `{% error_summary form formset %}`).
    Field errors link to the field's input: the id its label points at, or for a group of
    checkboxes or radio buttons the first one."""
    links: list[ErrorLink] = []
    for item in items:
        if isinstance(item, formsets.BaseFormSet):
            links.extend(ErrorLink("", str(message), "") for message in item.non_form_errors())
            for number, form in enumerate(item.forms, start=1):
                links.extend(
                    ErrorLink(f"{link.label} ({number})" if link.label else "", link.message, link.anchor)
                    for link in form_error_links(form)
                )
            continue
        links.extend(ErrorLink("", str(message), "") for message in item.non_field_errors())
        for field in item:
            if field.is_hidden or not field.errors:
                continue
            anchor = field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
            links.extend(ErrorLink(str(field.label), str(message), anchor) for message in field.errors)
    return links


class StaffForm(forms.Form):
    """A staff account's name, e-mail, role and site (accounts.services.user_invite / user_update)."""

    username = forms.CharField(label=_("login name"), max_length=150)
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False,
                             help_text=_("The invitation with the link to set a password goes here."))
    role = forms.ChoiceField(label=_("role"))
    site: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("site"), queryset=None, required=False,
                                  help_text=_("Counsellors and instructors work at one site; managers see all sites."))
    funder: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("funder"), queryset=None, required=False,
                                    help_text=_("Funder accounts see only the figures of this funder's lines."))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        from accounts.services import STAFF_ROLES

        super().__init__(*args, **kwargs)
        # funding sits above accounts: the funder model is reached through the user's own relation
        funder_model = cast("type[models.Model]", User._meta.get_field("funder").related_model)
        funders = funder_model._default_manager
        self.fields["role"].choices = [(role.value, role.label) for role in STAFF_ROLES]  # type: ignore[attr-defined]
        self.fields["site"].queryset = Site.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["funder"].queryset = funders.order_by("name")  # type: ignore[attr-defined]
        if editing:
            del self.fields["username"]


class SiteForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=20)
    name = forms.CharField(label=_("name"), max_length=120)
    city = forms.CharField(label=_("city"), max_length=80)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
