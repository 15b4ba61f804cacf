"""Demo seeding for issue #8 part B: instructor profiles, eligibility checks, the counselling
log, satisfaction survey answers, and a closed predecessor line whose retention has ended
(so the retention dry run has something to list). Everything through the services,
deterministic (its own seeded random, independent of the main timeline's)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from accounts.services import instructor_profile_save
from catalogue.models import Trade
from demo import content
from feedback.services import survey_answer, survey_links_issue
from funding.models import Funder, FunderKind, FundingLine, Project
from participants.models import ContactKind, EligibilityBasis, Participant
from participants.services import contact_note_add, eligibility_record, participant_create
from scheduling.models import Session

SEED = 2026 + 8

#: instructor username → (qualification, languages they teach in besides German)
PROFILES = {
    "ausbilder.naehen": ("Damenschneidermeisterin (HWK Schwaben)", ["de", "ro", "en"]),
    "ausbilder.kochen": ("Küchenmeister (IHK), Ausbildereignung (AEVO)", ["de", "en"]),
    "ausbilder.metall": ("Metallbauermeister (HWK Mittelfranken)", ["de", "ru"]),
    "ausbilder.elektro": ("Elektrotechnikermeister, Fachkraft für Arbeitssicherheit", ["de", "en", "tr"]),
    "ausbilder.maler": ("Maler- und Lackierermeister (HWK Niederbayern-Oberpfalz)", ["de", "sr", "en"]),
}

ELIGIBILITY_NOTES = {
    EligibilityBasis.RESIDENCE_STATUS: ["Duldung (§ 60a AufenthG)", "Aufenthaltsgestattung", "Ausreisepflichtig"],
    EligibilityBasis.REFERRAL_LETTER: ["Zuweisung der Rückkehrberatung", "Schreiben der Ausländerbehörde"],
    EligibilityBasis.OTHER: ["Freiwillige Rückkehr beantragt, Bescheinigung liegt vor"],
}

NOTES = [
    (ContactKind.RETURN_COUNSELLING, "Abstimmung mit der Rückkehrberatung zum Ausreisetermin und zur Starthilfe."),
    (ContactKind.ORIGIN_INFORMATION, "Auskunft zum Arbeitsmarkt in der Herkunftsregion angefragt; Antwort folgt."),
    (ContactKind.INTERPRETER, "Beratungsgespräch mit Dolmetscherin; Qualifizierungsplan Schritt für Schritt erklärt."),
    (ContactKind.PARTICIPANT, "Teilnehmende Person meldet sich wegen Kinderbetreuung an zwei Kurstagen."),
    (ContactKind.OTHER, "Rücksprache mit der Unterkunftsverwaltung wegen der Fahrtzeiten zur Werkstatt."),
]

#: people of the predecessor project (2012–2013), kept on its line until its retention ends
PREDECESSOR_PEOPLE = [
    ("Bashir", "Sultani", dt.date(1979, 4, 2), "m", "AF", ["fa", "ps"], dt.date(2012, 9, 17)),
    ("Marija", "Nikolić", dt.date(1984, 11, 23), "f", "RS", ["sr"], dt.date(2012, 11, 5)),
    ("Genet", "Haile", dt.date(1990, 1, 30), "f", "ER", ["ti", "ar"], dt.date(2013, 2, 11)),
]


def seed_people(seeder: Any) -> None:
    """Called once at the end of `_Seeder.run`, when sessions, people and results exist."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    today = seeder.anchor
    _instructor_profiles(seeder)
    people = list(Participant.objects.filter(anonymised_at__isnull=True).order_by("case_number"))
    for participant in people:
        _eligibility(rng, participant, today)
        _counselling_log(rng, participant, today)
    _survey_answers(rng, seeder, today)
    _predecessor_line(seeder)


def _instructor_profiles(seeder: Any) -> None:
    trades = {trade.code: trade for trade in Trade.objects.all()}
    for trade_code, timetable in content.TIMETABLES.items():
        qualification, languages = PROFILES[timetable.instructor]
        instructor_profile_save(
            acting_user=seeder.manager, user=seeder.users[timetable.instructor], qualification=qualification,
            trades=[trades[trade_code]], languages=languages,
        )


def _eligibility(rng: random.Random, participant: Participant, today: dt.date) -> None:
    # Most people were checked at intake; a few newer ones are still open (flagged in the caseload).
    if participant.intake_date > today - dt.timedelta(days=21) and rng.random() < 0.6:
        return
    basis = rng.choices(list(ELIGIBILITY_NOTES), weights=[6, 3, 1])[0]
    checked_on = min(participant.intake_date + dt.timedelta(days=rng.randint(0, 3)), today)
    eligibility_record(
        acting_user=participant.counsellor, participant=participant, basis=basis,
        note=rng.choice(ELIGIBILITY_NOTES[basis]), checked_on=checked_on,
    )
    # The state office asks for a check per module: its people get one for each module they take.
    if participant.funding_line is not None and participant.funding_line.funder.kind == FunderKind.STATE:
        for enrolment in participant.enrolments.select_related("session__module").order_by("session__starts_on"):
            eligibility_record(
                acting_user=participant.counsellor, participant=participant, basis=basis,
                note=rng.choice(ELIGIBILITY_NOTES[basis]), module=enrolment.session.module,
                checked_on=min(max(checked_on, enrolment.session.starts_on - dt.timedelta(days=7)), today),
            )


def _counselling_log(rng: random.Random, participant: Participant, today: dt.date) -> None:
    last = min(today, participant.planned_departure)
    span = (last - participant.intake_date).days
    if span < 0 or rng.random() < 0.45:
        return
    for _ in range(rng.randint(1, 3)):
        kind, text = rng.choice(NOTES)
        contact_note_add(
            acting_user=participant.counsellor, participant=participant, kind=kind,
            contacted_on=participant.intake_date + dt.timedelta(days=rng.randint(0, span)), text=text,
        )


def _survey_answers(rng: random.Random, seeder: Any, today: dt.date) -> None:
    """Links for every finished session; about three in four participants answered."""
    finished = Session.objects.filter(ends_on__lt=today, enrolments__isnull=False).distinct().order_by("pk")
    for session in finished.select_related("instructor"):
        for link in survey_links_issue(acting_user=session.instructor, session=session):
            if rng.random() < 0.25:
                continue
            mood = rng.choice([3, 4, 4, 5, 5])
            ratings = {
                key: max(1, min(5, mood + rng.choice([-1, 0, 0, 0, 1])))
                for key in ("overall", "usefulness", "instructor_rating", "practice", "understanding")
            }
            survey_answer(token=link.token, ratings=ratings, today=min(session.ends_on + dt.timedelta(days=1), today))


def _predecessor_line(seeder: Any) -> None:
    """A closed project whose line reported in 2014: with 10 years' retention its records are due."""
    project = Project(name="Rückkehrberatung mit Qualifizierung (Vorgängerprojekt)", starts_on=dt.date(2011, 1, 1),
                      ends_on=dt.date(2013, 12, 31))
    project.full_clean()
    project.save()
    funder = Funder(code="esf-2007", name="Europäischer Sozialfonds (Förderperiode 2007–2013)", kind=FunderKind.EU)
    funder.full_clean()
    funder.save()
    line = FundingLine(project=project, funder=funder, project_number="ESF-BY-2011-0420",
                       name="ESF – Rückkehrvorbereitung", share_percent=Decimal("100.00"),
                       final_report_on=dt.date(2014, 6, 30), retention_years=10)
    line.full_clean()
    line.save()
    counsellor = seeder.counsellor_of("nue")
    for first, last, born, gender, country, languages, intake in PREDECESSOR_PEOPLE:
        participant = participant_create(
            acting_user=counsellor,
            data={
                "first_name": first, "last_name": last, "date_of_birth": born, "gender": gender,
                "origin_country": country, "languages": languages, "site": counsellor.site,
                "counsellor": counsellor, "planned_departure": intake + dt.timedelta(days=150),
                "instruction_language": "de", "funding_line": line,
            },
            consent_given_on=intake,
            intake_date=intake,
        )
        eligibility_record(acting_user=counsellor, participant=participant, basis=EligibilityBasis.REFERRAL_LETTER,
                           note="Zuweisung der Rückkehrberatung", checked_on=intake)
