"""Reads: modules at risk when the departure moves, the hand-over package, the follow-up due
list, and what the case file shows about the return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation

from accounts.models import User
from assessments.selectors import assessment_latest, competence_profile
from certificates.models import Certificate, CertificateStatus
from certificates.openbadge import verification_url
from certificates.selectors import certificate_document
from participants.access import participant_queryset_for_user
from participants.models import Participant
from plans.models import Plan, PlanStatus
from returns import scoring
from returns.models import FollowUp, FollowUpKind, Handover, HandoverState, Organisation, OrganisationKind, Return
from scheduling.risk import plan_risk_preview
from scheduling.selectors import reason_text
from vault.tokens import token_hash

PACKAGE_FORMAT = "reintegra-handover/1"


def consent_is_active(*, participant: Participant, purpose: str) -> bool:
    return participant.consents.filter(purpose=purpose, withdrawn_on__isnull=True).exists()


# --- departure ----------------------------------------------------------------------------


def modules_at_risk(*, participant: Participant, departure: dt.date, today: dt.date) -> list[str]:
    """Why the agreed plan cannot finish if the person leaves on `departure`, as things stand.

    The rule of the stored verdict (`scheduling.risk`) with the departure replaced; sessions they
    are enrolled in that end after it no longer count. For the saved departure it says what the
    at-risk page and the case file say."""
    return [reason_text(r) for r in plan_risk_preview(participant=participant, departure=departure, today=today)]


# --- organisations ------------------------------------------------------------------------


def organisation_list(*, kind: str = "") -> QuerySet[Organisation]:
    queryset = Organisation.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("kind", "country", "name")


def partner_list() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.PARTNER, is_active=True).order_by("country", "name")


# --- hand-over package --------------------------------------------------------------------


def _final_plan(participant: Participant) -> Plan | None:
    return (
        participant.plans.filter(status=PlanStatus.FINAL).select_related("target_occupation")
        .order_by("-version").first()
    )


def handover_package(*, handover: Handover) -> dict[str, Any]:
    """The package as plain data (the JSON form; the PDF prints the same). Schema:
    returns/handover_schema.json. ESCO labels are English: ESCO is not held in French or Arabic."""
    participant = handover.participant
    organisation = handover.organisation
    with translation.override("en"):
        profile = competence_profile(participant=participant)
        assessment = assessment_latest(participant=participant)
        plan = _final_plan(participant)
        competences = [
            {"esco_uri": entry.key, "label": entry.label, "level": entry.level}
            for entry in profile if not entry.key.startswith("text:")
        ]
        experience = [
            {
                "esco_uri": work.esco_occupation.uri,
                "isco_code": work.esco_occupation.isco_code,
                "label": work.esco_occupation.label_en,
                "years": float(work.years),
            }
            for work in (assessment.work_history.all() if assessment else [])
            if work.esco_occupation is not None
        ]
        qualifications = []
        for certificate in Certificate.objects.filter(participant=participant, status=CertificateStatus.VALID):
            document = certificate_document(certificate=certificate)
            qualifications.append({
                "certificate_number": certificate.number,
                "kind": certificate.kind,
                "issued_on": certificate.issued_on.isoformat(),
                "verification_url": verification_url(certificate.number),
                "modules": [
                    {"code": line.module.code, "title": line.module.title_en, "hours": float(line.module.hours)}
                    for line in document.printed_lines if line.passed
                ],
            })
        target = plan.target_occupation if plan else None
    record = Return.objects.filter(participant=participant).first()
    departure = record.actual_departure if record and record.actual_departure else participant.planned_departure
    return {
        "format": PACKAGE_FORMAT,
        "reference": f"HO-{handover.pk}",
        "prepared_on": timezone.localdate().isoformat(),
        "language": organisation.working_language,
        "provider": settings.REINTEGRA_PROVIDER_NAME,
        "partner": {"name": organisation.name, "country": organisation.country},
        "person": {
            "name": participant.full_name,
            "case_number": participant.case_number,
            "date_of_birth": participant.date_of_birth.isoformat(),
            "origin_country": participant.origin_country,
            "languages": list(participant.languages),
            "destination_region": record.destination_region if record else "",
            "departure": departure.isoformat(),
            "departure_is_actual": bool(record and record.actual_departure),
        },
        "competences": competences,
        "work_experience": experience,
        "qualifications": qualifications,
        "next_steps": {
            "target_occupation": (
                {"esco_uri": target.uri, "isco_code": target.isco_code, "label": target.label_en} if target else None
            ),
            "business_idea": handover.business_idea,
            "needs": handover.needs,
        },
        "contact_preferences": handover.contact_preferences,
    }


def handover_get_by_token(*, token: str, now: dt.datetime) -> Handover | None:
    """The referral behind a partner link, if the link is valid: known, not expired, and the
    participant's sharing consent still active (withdrawing it stops every link at once)."""
    from participants.models import ConsentPurpose

    handover = (
        Handover.objects.select_related("participant", "organisation")
        .filter(token_hash=token_hash(token), expires_at__gt=now).first()
    )
    if handover is None or not consent_is_active(
        participant=handover.participant, purpose=ConsentPurpose.PARTNER_SHARING
    ):
        return None
    return handover


def handover_state_shown(*, handover: Handover, sharing_active: bool) -> str:
    """The state as the case file shows it: a pending referral stops when consent is withdrawn."""
    if not sharing_active and handover.state == HandoverState.PENDING:
        return HandoverState.STOPPED
    return handover.state


# --- follow-up ----------------------------------------------------------------------------


def follow_up_get_by_token(*, token: str, now: dt.datetime) -> FollowUp | None:
    from participants.models import ConsentPurpose

    if not token:
        return None
    follow_up = (
        FollowUp.objects.select_related("participant")
        .filter(token_hash=token_hash(token), link_expires_at__gt=now, answered_on__isnull=True).first()
    )
    if follow_up is None or not consent_is_active(participant=follow_up.participant, purpose=ConsentPurpose.FOLLOW_UP):
        return None
    return follow_up


#: a contact is on the due list this many days before its date …
DUE_AHEAD_DAYS = 14
#: … and counts as "no answer" this many days after it
NO_ANSWER_AFTER_DAYS = 30


@dataclass
class DueRow:
    follow_up: FollowUp
    state: str  # "due" | "no_answer"
    days_over: int

    @property
    def participant(self) -> Participant:
        return self.follow_up.participant


def follow_up_due_list(*, user: User, today: dt.date) -> list[DueRow]:
    """Open contacts of the user's participants that are due (from two weeks before the date) or
    overdue; overdue by more than 30 days counts as "did not answer". Only with FOLLOW_UP consent."""
    from participants.models import Consent, ConsentPurpose

    visible = participant_queryset_for_user(user=user)
    # without an active consent nobody may be contacted, so the contact is not due
    consenting = Consent.objects.filter(purpose=ConsentPurpose.FOLLOW_UP, withdrawn_on__isnull=True).values(
        "participant_id"
    )
    open_rows = (
        FollowUp.objects.filter(participant__in=visible, answered_on__isnull=True,
                                participant_id__in=consenting,
                                due_on__lte=today + dt.timedelta(days=DUE_AHEAD_DAYS))
        .select_related("participant", "participant__counsellor", "participant__site")
        .order_by("due_on", "participant__case_number")
    )
    rows = []
    for follow_up in open_rows:
        over = (today - follow_up.due_on).days
        rows.append(DueRow(follow_up, "no_answer" if over > NO_ANSWER_AFTER_DAYS else "due", max(0, over)))
    return rows


@dataclass
class DimensionRow:
    dimension: str
    baseline: float | None
    latest: float | None
    change: float | None


def follow_up_comparison(follow_ups: list[FollowUp]) -> tuple[FollowUp | None, FollowUp | None, list[DimensionRow]]:
    """Baseline vs the latest answered follow-up, per dimension."""
    answered = [f for f in follow_ups if f.is_answered]
    baseline = next((f for f in answered if f.kind == FollowUpKind.BASELINE), None)
    later = [f for f in answered if f.kind != FollowUpKind.BASELINE]
    latest = max(later, key=lambda f: f.due_on) if later else None
    rows = []
    for dimension in scoring.DIMENSIONS:
        before = getattr(baseline, dimension) if baseline else None
        after = getattr(latest, dimension) if latest else None
        rows.append(DimensionRow(dimension, before, after, scoring.change(before, after)))
    return baseline, latest, rows


def return_case_file(*, participant: Participant) -> dict[str, Any]:
    """What the case file's return section shows."""
    from participants.models import ConsentPurpose

    sharing = consent_is_active(participant=participant, purpose=ConsentPurpose.PARTNER_SHARING)
    follow_up_consent = consent_is_active(participant=participant, purpose=ConsentPurpose.FOLLOW_UP)
    handovers = list(participant.handovers.select_related("organisation").order_by("-created_at", "-id"))
    for handover in handovers:
        handover.state_shown = handover_state_shown(handover=handover, sharing_active=sharing)  # type: ignore[attr-defined]
    follow_ups = list(participant.follow_ups.order_by("due_on"))
    baseline, latest, rows = follow_up_comparison(follow_ups)
    return {
        "participant": participant,
        "return_record": Return.objects.filter(participant=participant).select_related("referral_source").first(),
        "handovers": handovers,
        "sharing_consent": sharing,
        "follow_up_consent": follow_up_consent,
        "follow_ups": follow_ups,
        "baseline": baseline,
        "latest": latest,
        "dimension_rows": rows,
        "has_baseline": any(f.kind == FollowUpKind.BASELINE for f in follow_ups),
    }
