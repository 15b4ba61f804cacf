"""Every write about a participant: intake, changes, consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from catalogue.models import Module
from funding.models import FundingLine
from funding.selectors import ERROR_FUNDING_LINE_ENDED, funding_line_is_open
from languages.codes import is_country, is_language
from participants.changes import participants_changed
from participants.models import (
    Consent,
    ConsentPurpose,
    ContactNote,
    EligibilityCheck,
    Participant,
)

ERROR_DEPARTURE_IN_PAST = _("The planned departure date lies in the past.")
ERROR_UNKNOWN_COUNTRY = _("Unknown country code: choose a country from the list.")
ERROR_UNKNOWN_LANGUAGE = _("Unknown language code: %(code)s.")
ERROR_DUPLICATE_PERSON = _("A participant with this name and date of birth exists already.")
ERROR_BIRTH_IN_FUTURE = _("The date of birth lies in the future.")
ERROR_COUNSELLOR_SITE = _("The counsellor must work at the participant's site.")
ERROR_FUNDING_LINE_REQUIRED = _("Choose the funding line that pays for this participant.")
ERROR_CHECK_IN_FUTURE = _("The check date lies in the future.")
ERROR_CONTACT_IN_FUTURE = _("The date of the contact lies in the future.")
ERROR_CONTACT_EMPTY = _("Write what the contact was about.")
ERROR_PARTICIPANT_ANONYMISED = _("This participant has been anonymised; nothing can be added.")

INTAKE_FIELDS = [
    "first_name", "last_name", "date_of_birth", "gender", "origin_country", "languages", "site",
    "counsellor", "planned_departure", "instruction_language", "needs_childcare",
    "has_health_limits", "health_notes", "needs_notes", "funding_line",
]


def participant_validate(*, participant: Participant, today: dt.date) -> None:
    """Business rules beyond the model's own constraints, as field errors."""
    errors: dict[str, list[Any]] = {}
    if participant.planned_departure and participant.planned_departure < today:
        errors.setdefault("planned_departure", []).append(ERROR_DEPARTURE_IN_PAST)
    if participant.date_of_birth and participant.date_of_birth > today:
        errors.setdefault("date_of_birth", []).append(ERROR_BIRTH_IN_FUTURE)
    if not is_country(participant.origin_country):
        errors.setdefault("origin_country", []).append(ERROR_UNKNOWN_COUNTRY)
    for code in participant.languages:
        if not is_language(code):
            errors.setdefault("languages", []).append(ERROR_UNKNOWN_LANGUAGE % {"code": code})
    if participant.counsellor_id and participant.site_id and participant.counsellor.site_id != participant.site_id:
        errors.setdefault("counsellor", []).append(ERROR_COUNSELLOR_SITE)
    duplicates = Participant.objects.filter(
        first_name__iexact=participant.first_name,
        last_name__iexact=participant.last_name,
        date_of_birth=participant.date_of_birth,
    ).exclude(pk=participant.pk)
    if duplicates.exists():
        errors.setdefault("last_name", []).append(ERROR_DUPLICATE_PERSON)
    if errors:
        raise ValidationError(errors)


def _next_case_number(year: int) -> str:
    prefix = f"RI-{year}-"
    last = (
        Participant.objects.filter(case_number__startswith=prefix)
        .order_by("-case_number")
        .values_list("case_number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


@transaction.atomic
def participant_create(
    *,
    acting_user: User,
    data: dict[str, Any],
    consent_given_on: dt.date,
    extra_consents: list[str] | None = None,
    intake_date: dt.date | None = None,
) -> Participant:
    """Intake: create the participant with their consent to take part, and a case number."""
    today = timezone.localdate()
    participant = Participant(intake_date=intake_date or today, **{k: data[k] for k in INTAKE_FIELDS if k in data})
    participant_validate(participant=participant, today=intake_date or today)
    # New intakes are tagged once lines exist, so every funder's figures hold their own people.
    if participant.funding_line_id is None and FundingLine.objects.exists():
        raise ValidationError({"funding_line": ERROR_FUNDING_LINE_REQUIRED})
    if participant.funding_line is not None and not funding_line_is_open(
        line=participant.funding_line, on=participant.intake_date
    ):
        raise ValidationError({"funding_line": ERROR_FUNDING_LINE_ENDED})
    for attempt in range(5):
        participant.case_number = _next_case_number(participant.intake_date.year)
        participant.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                participant.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
    purposes = [ConsentPurpose.PARTICIPATION, *(extra_consents or [])]
    for purpose in dict.fromkeys(purposes):
        consent = Consent(participant=participant, purpose=purpose, given_on=consent_given_on, recorded_by=acting_user)
        consent.full_clean()
        consent.save()
    audit_record(actor=acting_user, action=AuditAction.PARTICIPANT_CREATE, target=participant,
                 participant_id=participant.pk,
                 detail={"consents": list(dict.fromkeys(purposes))})
    return participant


@transaction.atomic
def participant_update(*, acting_user: User, participant: Participant, data: dict[str, Any]) -> Participant:
    changed = [field for field in INTAKE_FIELDS if field in data and getattr(participant, field) != data[field]]
    for field in changed:
        setattr(participant, field, data[field])
    # Keeping an ended line is fine (the record stays where it was paid); a new assignment is not.
    if "funding_line" in changed and participant.funding_line is not None and not funding_line_is_open(
        line=participant.funding_line, on=timezone.localdate()
    ):
        raise ValidationError({"funding_line": ERROR_FUNDING_LINE_ENDED})
    participant_validate(participant=participant, today=timezone.localdate())
    participant.full_clean(validate_constraints=False)
    participant.save()
    # Field names only: the audit trail never holds the personal values themselves.
    audit_record(actor=acting_user, action=AuditAction.PARTICIPANT_UPDATE, target=participant,
                 participant_id=participant.pk, detail={"fields": changed})
    if "planned_departure" in changed:
        participants_changed(participant_ids=[participant.pk])
    return participant


@transaction.atomic
def consent_record(*, acting_user: User, participant: Participant, purpose: str, given_on: dt.date) -> Consent:
    consent = Consent(participant=participant, purpose=purpose, given_on=given_on, recorded_by=acting_user)
    consent.full_clean()
    consent.save()
    audit_record(actor=acting_user, action=AuditAction.CONSENT_RECORD, target=consent, participant_id=participant.pk,
                 detail={"purpose": purpose})
    return consent


@transaction.atomic
def consent_withdraw(*, acting_user: User, consent: Consent, withdrawn_on: dt.date) -> Consent:
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    audit_record(actor=acting_user, action=AuditAction.CONSENT_WITHDRAW, target=consent,
                 participant_id=consent.participant_id, detail={"purpose": consent.purpose})
    return consent


@transaction.atomic
def eligibility_record(
    *,
    acting_user: User,
    participant: Participant,
    basis: str,
    checked_on: dt.date,
    note: str = "",
    module: Module | None = None,
) -> EligibilityCheck:
    """Record that eligibility was checked (by whom, when, on what basis); earlier checks stay."""
    if participant.anonymised_at is not None:
        raise ValidationError(ERROR_PARTICIPANT_ANONYMISED)
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": ERROR_CHECK_IN_FUTURE})
    check = EligibilityCheck(
        participant=participant, module=module, basis=basis, note=note.strip(), checked_on=checked_on,
        checked_by=acting_user,
    )
    check.full_clean()
    check.save()
    # The basis code only: the note may name an office or a status and stays out of the trail.
    audit_record(actor=acting_user, action=AuditAction.ELIGIBILITY_RECORD, target=check, participant_id=participant.pk,
                 detail={"basis": basis, "module": module.pk if module else None})
    return check


@transaction.atomic
def contact_note_add(
    *, acting_user: User, participant: Participant, kind: str, contacted_on: dt.date, text: str
) -> ContactNote:
    """Add a dated note to the counselling log. The text is encrypted at rest and never audited."""
    if participant.anonymised_at is not None:
        raise ValidationError(ERROR_PARTICIPANT_ANONYMISED)
    errors: dict[str, list[Any]] = {}
    if contacted_on > timezone.localdate():
        errors["contacted_on"] = [ERROR_CONTACT_IN_FUTURE]
    if not text.strip():
        errors["text"] = [ERROR_CONTACT_EMPTY]
    if errors:
        raise ValidationError(errors)
    note = ContactNote(
        participant=participant, kind=kind, contacted_on=contacted_on, text=text.strip(), written_by=acting_user
    )
    note.full_clean()
    note.save()
    audit_record(actor=acting_user, action=AuditAction.CONTACT_NOTE_ADD, target=note, participant_id=participant.pk,
                 detail={"kind": kind})
    return note
