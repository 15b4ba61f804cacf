"""Demo seeding for issue #6: the organisations directory, return details, hand-overs to
partners in the countries of origin, and follow-ups after return (baseline and 3/6/12 months).

Through the services, deterministic (its own seeded random). The follow-up contacts
themselves were created when the main seeder recorded the returns (returns.services.
follow_up_schedule); here they are answered, except the newest one that is due, which stays
open for the due list. Senegal's returnee with sharing consent is left without a hand-over,
so the French package can be produced live; people without that consent show the refusal."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from participants.models import ConsentPurpose, Participant
from returns import services
from returns.models import FollowUp, FollowUpKind, Organisation, Return, ReturnStatus
from returns.scoring import NO_ANSWER, QUESTIONS
from returns.selectors import consent_is_active

SEED = 2026 + 6

COUNSELLING = [
    {"name": "Rückkehrberatung Caritas München", "country": "DE", "city": "München",
     "contact_person": "Frau Huber", "email": "rueckkehr@caritas-muenchen.example", "phone": "+49 89 1234560"},
    {"name": "AWO Rückkehr- und Perspektivberatung Nürnberg", "country": "DE", "city": "Nürnberg",
     "contact_person": "Herr Yilmaz", "email": "perspektive@awo-nuernberg.example", "phone": "+49 911 765430"},
]

PARTNERS = [
    {"name": "IOM Lagos Reintegration Desk", "country": "NG", "city": "Lagos", "working_language": "en",
     "contact_person": "Ms. Adaeze Okafor", "email": "reintegration.lagos@iom.example", "phone": "+234 1 555 0100"},
    {"name": "Kabul Skills and Jobs Centre", "country": "AF", "city": "Kabul", "working_language": "en",
     "contact_person": "Mr. Farid Ahmadi", "email": "jobs@ksjc.example", "phone": "+93 20 555 0144"},
    {"name": "مركز إعادة الإدماج أربيل", "country": "IQ", "city": "Erbil", "working_language": "ar",
     "contact_person": "السيد كريم حسن", "email": "erbil@reintegration-iq.example", "phone": "+964 66 555 0123"},
    {"name": "Centre d'appui à la réinsertion Dakar", "country": "SN", "city": "Dakar", "working_language": "fr",
     "contact_person": "Mme Fatou Ndiaye", "email": "dakar@appui-reinsertion.example", "phone": "+221 33 555 0101"},
]

PROGRAMMES = ["REAG/GARP", "StarthilfePlus", "Bayerisches Rückkehrprogramm"]
TRAVEL = ["Flugticket", "Flugticket + Reisebeihilfe", "Reisebeihilfe"]
BUSINESS_IDEAS = {
    "en": "Small workshop together with a relative; needs tools and a first order.",
    "fr": "Petit atelier avec un membre de la famille ; besoin d'outils et d'une première commande.",
    "ar": "ورشة صغيرة مع أحد الأقارب؛ يحتاج إلى أدوات وطلبية أولى.",
}


def seed_returns(seeder: Any) -> None:
    """Called once from `_Seeder.run`, after the returns have been recorded."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    today = seeder.anchor
    manager = seeder.manager
    centres = [_organisation(manager, dict(spec, kind="counselling", working_language="en")) for spec in COUNSELLING]
    partners = {spec["country"]: _organisation(manager, dict(spec, kind="partner")) for spec in PARTNERS}
    returned = list(
        Return.objects.filter(status=ReturnStatus.RETURNED, participant__anonymised_at__isnull=True)
        .select_related("participant", "participant__counsellor").order_by("participant__case_number")
    )
    for record in returned:
        participant = record.participant
        services.return_record(
            acting_user=participant.counsellor, participant=participant, status=record.status,
            status_date=record.status_date, actual_departure=record.actual_departure, reason=record.reason,
            today=today, return_programme=rng.choice(PROGRAMMES), travel_support=rng.choice(TRAVEL),
            destination_region=_region(participant), referral_source=rng.choice(centres),
        )
    _handovers(rng, returned, partners)
    _follow_ups(rng, returned, today)


def _organisation(manager: Any, spec: dict[str, str]) -> Organisation:
    return services.organisation_save(acting_user=manager, data={**spec, "is_active": True})


def _region(participant: Participant) -> str:
    return {"NG": "Lagos State", "AF": "Herat", "IQ": "Kurdistan Region (Erbil)", "SN": "Thiès", "GE": "Imereti",
            "TR": "Gaziantep", "IR": "Mashhad"}.get(participant.origin_country, "")


#: countries whose consenting returnee is left without a hand-over, to produce one live (French)
LEFT_FOR_LIVE_DEMO = {"SN"}


def _handovers(rng: random.Random, returned: list[Return], partners: dict[str, Organisation]) -> None:
    """Per partner country: the first consenting returnee is handed over (accepted, or for Iraq
    still waiting for the partner); Senegal's is left for a live demo in French."""
    for country, partner in partners.items():
        if country in LEFT_FOR_LIVE_DEMO:
            continue
        candidates = [
            r.participant for r in returned
            if r.participant.origin_country == country
            and consent_is_active(participant=r.participant, purpose=ConsentPurpose.PARTNER_SHARING)
        ]
        if not candidates:
            continue
        participant = candidates[0]
        record = next(r for r in returned if r.participant_id == participant.pk)
        created = timezone.make_aware(dt.datetime.combine(record.actual_departure or record.status_date, dt.time(10)))
        handover, _token = services.handover_create(
            acting_user=participant.counsellor, participant=participant, organisation=partner,
            business_idea=BUSINESS_IDEAS[partner.working_language],
            needs=rng.choice(["Start-up grant", "Tools", "Job placement", "Micro-credit"]),
            contact_preferences=rng.choice(["WhatsApp", "Phone, evenings", "Email"]),
            now=max(created, timezone.now() - dt.timedelta(days=30)),
        )
        services.handover_disclose(handover=handover, acting_user=participant.counsellor, form="pdf", channel="staff")
        if country != "IQ":
            services.handover_disclose(handover=handover, acting_user=None, form="html", channel="partner")
            services.handover_respond(handover=handover, accept=True, note="First meeting arranged.",
                                      now=timezone.now())


def _answers(rng: random.Random, improved: float) -> dict[str, str]:
    """Answers leaning better with `improved` (0 before departure … 1 a year later)."""
    answers = {}
    for question in QUESTIONS:
        if rng.random() < 0.05:
            answers[question.key] = NO_ANSWER
            continue
        top = len(question.options) - 1
        centre = 0.35 + 0.45 * improved
        index = round(min(top, max(0, rng.gauss(centre * top, top * 0.3))))
        answers[question.key] = question.options[index]
    return answers


def _follow_ups(rng: random.Random, returned: list[Return], today: dt.date) -> None:
    progress = {FollowUpKind.MONTH_3: 0.4, FollowUpKind.MONTH_6: 0.6, FollowUpKind.MONTH_12: 0.8}
    open_due = (
        FollowUp.objects.filter(answered_on__isnull=True, due_on__lte=today, participant__in=[r.participant
                                                                                              for r in returned])
        .select_related("participant").order_by("-due_on", "participant__case_number")
    )
    # The newest due contact of someone who reads Arabic stays open for the due list (and to
    # be answered live through its link); failing that, the newest due contact.
    keep_open = next((f for f in open_due if "ar" in f.participant.languages), None) or open_due.first()
    for record in returned:
        participant = record.participant
        if not consent_is_active(participant=participant, purpose=ConsentPurpose.FOLLOW_UP):
            continue
        assert record.actual_departure is not None  # noqa: S101 - a return has its departure
        baseline = services.follow_up_baseline(acting_user=participant.counsellor, participant=participant)
        services.follow_up_answer(
            follow_up=baseline, answers=_answers(rng, 0.0), channel="in_person",
            answered_on=record.actual_departure - dt.timedelta(days=rng.randrange(3, 10)),
            acting_user=participant.counsellor,
        )
        for follow_up in participant.follow_ups.filter(answered_on__isnull=True, due_on__lte=today).order_by("due_on"):
            if keep_open is not None and follow_up.pk == keep_open.pk:
                continue
            if rng.random() < 0.15:
                continue  # did not answer
            by_link = rng.random() < 0.6
            services.follow_up_answer(
                follow_up=follow_up, answers=_answers(rng, progress.get(FollowUpKind(follow_up.kind), 0.5)),
                channel="link" if by_link else "phone",
                answered_on=min(today, follow_up.due_on + dt.timedelta(days=rng.randrange(0, 12))),
                acting_user=None if by_link else participant.counsellor,
            )
