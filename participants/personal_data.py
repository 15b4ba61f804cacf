"""What the participants app holds about a person: intake data, consents, eligibility checks,
the counselling log and an early exit (see vault/registry.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import override

from languages.codes import country_name, language_name
from participants.models import (
    Consent,
    ConsentPurpose,
    ContactKind,
    ContactNote,
    EligibilityBasis,
    EligibilityCheck,
    ExitReason,
    Gender,
    Participant,
    ProgrammeExit,
)
from vault.registry import ANONYMISED_NAME, Contribution, Erasure, Holding, bilingual, day, moment, register


def export(participant: Participant) -> dict[str, Any]:
    person = Participant.objects.select_related("site", "counsellor").get(pk=participant.pk)
    consents = Consent.objects.filter(participant=person).order_by("given_on", "pk")
    eligibility = (
        EligibilityCheck.objects.filter(participant=person).select_related("module").order_by("checked_on", "pk")
    )
    contact_notes = ContactNote.objects.filter(participant=person).order_by("contacted_on", "pk")
    programme_exit = ProgrammeExit.objects.filter(participant=person).first()
    return {
        "participant": {
            "case_number": person.case_number,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": day(person.date_of_birth),
            "gender": person.gender,
            "origin_country": person.origin_country,
            "languages": list(person.languages),
            "site": person.site.name,
            "counsellor": str(person.counsellor),
            "intake_date": day(person.intake_date),
            "planned_departure": day(person.planned_departure),
            "instruction_language": person.instruction_language,
            "needs_childcare": person.needs_childcare,
            "has_health_limits": person.has_health_limits,
            "health_notes": person.health_notes,
            "needs_notes": person.needs_notes,
            "created_at": moment(person.created_at),
            "updated_at": moment(person.updated_at),
            "anonymised_at": moment(person.anonymised_at),
        },
        "consents": [
            {"purpose": c.purpose, "given_on": day(c.given_on), "withdrawn_on": day(c.withdrawn_on)}
            for c in consents
        ],
        "eligibility_checks": [
            {
                "checked_on": day(e.checked_on),
                "basis": e.basis,
                "note": e.note,
                "module": e.module.code if e.module else None,
            }
            for e in eligibility
        ],
        # Staff appear by role only; the notes' text is what the person may read.
        "counselling_log": [
            {"contacted_on": day(n.contacted_on), "kind": n.kind, "text": n.text} for n in contact_notes
        ],
        "programme_exit": (
            {"left_on": day(programme_exit.left_on), "reason": programme_exit.reason}
            if programme_exit is not None
            else None
        ),
    }


def erase(erasure: Erasure) -> None:
    """Names, birth day and month, languages, health data and needs go; the case number, birth
    year, origin country, gender, site and every date stay (age bands and counts).

    The last name becomes the case number: the unique (name, date of birth) constraint would
    otherwise make two anonymised people born in the same year clash."""
    person: Participant = erasure.participant
    person.first_name = ANONYMISED_NAME
    person.last_name = person.case_number
    person.date_of_birth = dt.date(person.date_of_birth.year, 1, 1)
    person.languages = []
    person.has_health_limits = False
    person.health_notes = ""
    person.needs_notes = ""
    person.anonymised_at = erasure.erased_at
    # An empty language list is what anonymisation means, though intake requires one.
    person.full_clean(exclude=["languages"])
    person.save(
        update_fields=[
            "first_name", "last_name", "date_of_birth", "languages", "has_health_limits",
            "health_notes", "needs_notes", "anonymised_at", "updated_at",
        ]
    )
    # The counselling log is free text about a life; counts need only that eligibility was checked.
    ContactNote.objects.filter(participant=person).delete()
    EligibilityCheck.objects.filter(participant=person).exclude(note="").update(note=ANONYMISED_NAME)


def pdf_labels(view: dict[str, Any]) -> None:
    person = view["participant"]
    person["gender_label"] = bilingual(Gender, person["gender"])
    with override("de"):
        person["origin_country_label"] = country_name(person["origin_country"])
        person["language_labels"] = [language_name(code) for code in person["languages"]]
        person["instruction_language_label"] = language_name(person["instruction_language"])
    for consent in view["consents"]:
        consent["purpose_label"] = bilingual(ConsentPurpose, consent["purpose"])
    for check in view["eligibility_checks"]:
        check["basis_label"] = bilingual(EligibilityBasis, check["basis"])
    for note in view["counselling_log"]:
        note["kind_label"] = bilingual(ContactKind, note["kind"])
    if view["programme_exit"]:
        view["programme_exit"]["reason_label"] = bilingual(ExitReason, view["programme_exit"]["reason"])


CONTRIBUTION = register(
    Contribution(
        app_label="participants",
        order=10,
        holdings=(
            Holding(Participant, exported_in="participant",
                    erasure="names, day and month of birth, languages, health and needs notes removed"),
            Holding(Consent, exported_in="consents", erasure="kept: purpose and dates, no free text"),
            Holding(EligibilityCheck, exported_in="eligibility_checks", erasure="note replaced by '—'"),
            Holding(ContactNote, exported_in="counselling_log", erasure="deleted"),
            Holding(ProgrammeExit, exported_in="programme_exit", erasure="kept: day and reason code (drop-outs)"),
        ),
        export=export,
        erase=erase,
        pdf_template="participants/personal_data_pdf.html",
        pdf_labels=pdf_labels,
        last_activity=((Consent, "participant", "given_on"), (Consent, "participant", "withdrawn_on")),
    )
)
