from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import InstructorProfile
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
        # funding depends on accounts, not the other way round
        from accounts.models import Site
        from accounts.services import STAFF_ROLES
        from funding.models import Funder

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in STAFF_ROLES]  # type: ignore[attr-defined]
        self.fields["site"].queryset = Site.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["funder"].queryset = Funder.objects.order_by("name")  # type: ignore[attr-defined]
        if editing:
            del self.fields["username"]


class SiteForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=20)
    name = forms.CharField(label=_("name"), max_length=120)
    city = forms.CharField(label=_("city"), max_length=80)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
