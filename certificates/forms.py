from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.models import CERTIFICATE_LANGUAGE_CHOICES, CertificateKind


class CertificateIssueForm(forms.Form):
    """Kind and third language; both optional (a certificate, the participant's language)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CertificateKind.choices, required=False)
    language = forms.ChoiceField(
        label=_("Language besides German and English"), choices=CERTIFICATE_LANGUAGE_CHOICES, required=False
    )


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown publicly on the verification page: no personal details."),
    )


class BatchStartForm(forms.Form):
    include_attendance = forms.BooleanField(
        label=_("Also issue certificates of attendance to those who attended but did not pass everything"),
        required=False,
    )
