from __future__ import annotations

import json

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


#: what a pasted or uploaded credential may weigh (ours are ~10 KB)
CREDENTIAL_MAX_BYTES = 256 * 1024
ERROR_CREDENTIAL_MISSING = _("Please paste the credential (JSON) or choose its file.")
ERROR_CREDENTIAL_TOO_LARGE = _("The credential file is too large (at most 256 KB).")
ERROR_CREDENTIAL_NOT_JSON = _("This is not JSON: %(error)s")
ERROR_CREDENTIAL_NOT_OBJECT = _("A credential is a JSON object ({ … }).")


class BirthDateForm(forms.Form):
    """The verifier types the date printed on the certificate; it is compared, never shown."""

    birth_date = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))


class CredentialCheckForm(forms.Form):
    """A credential JSON, pasted or uploaded, to be checked like any verifier checks it."""

    credential = forms.CharField(
        label=_("Credential (JSON)"), required=False, max_length=CREDENTIAL_MAX_BYTES, strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(label=_("or its file"), required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size is not None and upload.size > CREDENTIAL_MAX_BYTES:
                raise forms.ValidationError(ERROR_CREDENTIAL_TOO_LARGE)
            raw: bytes | str = upload.read(CREDENTIAL_MAX_BYTES + 1)
        else:
            raw = cleaned.get("credential") or ""
        if not raw:
            raise forms.ValidationError(ERROR_CREDENTIAL_MISSING)
        try:
            document = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise forms.ValidationError(ERROR_CREDENTIAL_NOT_JSON, params={"error": error}) from error
        if not isinstance(document, dict):
            raise forms.ValidationError(ERROR_CREDENTIAL_NOT_OBJECT)
        cleaned["document"] = document
        return cleaned
