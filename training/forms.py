"""Forms of the attendance pages. The day sheet holds one row per participant, parsed by
`day_sheet_entries`; a correction and the uploads are ordinary forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from training.models import AttendanceStatus, SignatureKind
from training.services import ERROR_TYPED_SIGNATURE_UNCONFIRMED, AttendanceEntry

ERROR_TIME = _("Enter a time like 09:15.")


def _time(value: str) -> dt.time | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return dt.datetime.strptime(value, pattern).time()  # noqa: DTZ007 - a wall-clock time, no date
        except ValueError:
            continue
    raise ValueError(value)


SheetParse = tuple[dict[int, AttendanceEntry], dict[int, list[str]], dict[int, dict[str, str]]]


def day_sheet_entries(data: QueryDict, enrolment_ids: list[int]) -> SheetParse:
    """Entries from the posted day sheet (rows without a status are left out), errors by
    enrolment id, and what was typed per row (to show it again on error)."""
    entries: dict[int, AttendanceEntry] = {}
    errors: dict[int, list[str]] = {}
    typed: dict[int, dict[str, str]] = {}
    for enrolment_id in enrolment_ids:
        raw = {
            key: data.get(f"{key}-{enrolment_id}", "")
            for key in ("status", "arrived_at", "left_at", "absence_reason", "signature", "typed_signature",
                        "typed_confirm")
        }
        typed[enrolment_id] = raw
        if raw["status"] not in AttendanceStatus.values:
            continue
        times: dict[str, dt.time | None] = {}
        for key in ("arrived_at", "left_at"):
            try:
                times[key] = _time(raw[key])
            except ValueError:
                errors.setdefault(enrolment_id, []).append(str(ERROR_TIME))
                times[key] = None
        # the keyboard alternative to the pad: the typed name counts only with the confirmation
        signature, kind = raw["signature"], SignatureKind.DRAWN
        if raw["typed_signature"].strip():
            if not raw["typed_confirm"]:
                errors.setdefault(enrolment_id, []).append(str(ERROR_TYPED_SIGNATURE_UNCONFIRMED))
            signature, kind = raw["typed_signature"], SignatureKind.TYPED
        entries[enrolment_id] = AttendanceEntry(
            status=raw["status"], arrived_at=times["arrived_at"], left_at=times["left_at"],
            absence_reason=raw["absence_reason"][:200], signature=signature, signature_kind=kind,
        )
    return entries, errors, typed


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(label=_("attendance"), choices=AttendanceStatus.choices, widget=forms.RadioSelect)
    arrived_at = forms.TimeField(label=_("arrived late at"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    left_at = forms.TimeField(label=_("left early at"), required=False,
                              widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    absence_reason = forms.CharField(label=_("reason for absence"), max_length=200, required=False)
    reason = forms.CharField(label=_("reason for the correction"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def entry(self) -> AttendanceEntry:
        data = self.cleaned_data
        return AttendanceEntry(
            status=data["status"], arrived_at=data["arrived_at"], left_at=data["left_at"],
            absence_reason=data["absence_reason"],
        )


class ProofForm(forms.Form):
    proof = forms.FileField(label=_("proof of absence (PDF, PNG or JPEG, up to 5 MB)"))


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("signed attendance list (PDF, PNG or JPEG, up to 15 MB)"))


class CountersignForm(forms.Form):
    """Drawn on the pad, or typed and confirmed (the keyboard alternative, issue 24)."""

    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    typed_name = forms.CharField(
        label=_("or type your full name"), required=False, max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    typed_confirm = forms.BooleanField(
        label=_("I confirm that this typed name is my signature countersigning the day."), required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("typed_name", "").strip() and not data.get("typed_confirm"):
            self.add_error("typed_confirm", ERROR_TYPED_SIGNATURE_UNCONFIRMED)
        return data

    def signature_and_kind(self) -> tuple[str, str]:
        """What to record: the typed name when one was given, else the drawing."""
        data = self.cleaned_data
        if data.get("typed_name", "").strip():
            return data["typed_name"], SignatureKind.TYPED
        return data.get("signature", ""), SignatureKind.DRAWN
