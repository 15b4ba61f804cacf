"""Plan the demo programme as plain data: who arrives when, and how far each person gets.

Pure module (no Django): given an anchor date, module hours and a seeded random
generator it returns the same shape every time. Every date is counted from the Monday
of the anchor's week, so the weekday the demo is seeded on changes nothing but the
calendar: a step "has happened" when its date is on or before `Timeline.cutoff`.

Each person walks intake → assessment → agreed plan → enrolment in a cohort of their
trade → attendance and results → certificate → return (or another return status).
Cohorts are scheduled on demand per trade: the trade's one instructor starts a group
when about three people are ready (or the first has waited seven weeks), never two
groups at once, and an open group is added where a trade has nothing coming up.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from demo import content

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)

RECENT_PARTICIPANTS = 48  # intake within the last twelve months
EARLIER_PARTICIPANTS = 14  # intake twelve to twenty-four months ago
HORIZON_WEEKS = 17  # sessions are planned about four months ahead
MAX_COHORT = 8

# What happens to each person at the end of their path; drawn without replacement.
COMPLETE = "complete"  # certificate, then returned
POSTPONED = "postponed"  # certificate, return postponed
WITHDRAWN = "withdrawn"  # certificate, then decided against returning
FAILED = "failed"  # failed the last module's practical test, returned without certificate
DROPOUT_RETURNED = "dropout_returned"  # left training early, returned (family reasons)
DROPOUT_STAYS = "dropout_stays"  # left training early, stays in Germany
OUTCOME_POOL = (
    [COMPLETE] * 48 + [POSTPONED] * 3 + [WITHDRAWN] * 2 + [FAILED] * 4 + [DROPOUT_RETURNED] * 2
    + [DROPOUT_STAYS] * 3
)
WITH_CERTIFICATE = {COMPLETE, POSTPONED, WITHDRAWN}
DROPOUTS = {DROPOUT_RETURNED, DROPOUT_STAYS}


@dataclass
class SessionPlan:
    trade: str
    module: str
    days: list[dt.date]
    capacity: int
    members: list[int] = field(default_factory=list)

    @property
    def starts_on(self) -> dt.date:
        return self.days[0]

    @property
    def ends_on(self) -> dt.date:
        return self.days[-1]


@dataclass
class PersonPlan:
    index: int
    first_name: str
    last_name: str
    gender: str
    country: str
    languages: list[str]
    instruction_language: str
    date_of_birth: dt.date
    site: str
    trade: str
    modules: list[str]
    intake: dt.date
    assessed: dt.date
    plan_agreed: dt.date
    outcome: str
    education_level: int
    education_years: int | None
    work_history: list[tuple[str, str]]
    skills: list[tuple[str, int]]
    notes: str
    needs_childcare: bool
    health_notes: str
    needs_notes: str
    extra_consents: list[str]
    sessions: list[SessionPlan] = field(default_factory=list)
    enrol_on: dt.date | None = None
    dropout_on: dt.date | None = None
    certificate_on: dt.date | None = None
    planned_departure: dt.date | None = None
    return_status: str | None = None
    return_on: dt.date | None = None
    return_reason: str = ""

    @property
    def training_ends_on(self) -> dt.date | None:
        return self.sessions[-1].ends_on if self.sessions else None


@dataclass
class Timeline:
    anchor: dt.date
    week_start: dt.date
    cutoff: dt.date
    horizon: dt.date
    people: list[PersonPlan]
    sessions: list[SessionPlan]


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def add_workdays(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += DAY
        if day.weekday() < 5:
            count -= 1
    return day


def meeting_days(start: dt.date, weekdays: tuple[int, ...], count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() in weekdays:
            days.append(day)
        day += DAY
    return days


def _intake_weeks(rng: random.Random) -> list[int]:
    """Weeks before the anchor week: 48 spread over the last year, 14 over the year before.

    Week 52 is left out so that the dashboard's "last twelve months" holds the same
    people whatever weekday the anchor falls on.
    """
    newest = [1, 1, 2, 2, 3, 3]  # a few people at the very start, so every stage is on show
    spread = RECENT_PARTICIPANTS - len(newest)
    recent = newest + [
        min(50, max(4, 4 + round(46 * (i / (spread - 1)) ** 0.8) + rng.choice([-1, 0, 0, 1]))) for i in range(spread)
    ]
    earlier = [
        min(104, max(54, 54 + round(50 * i / (EARLIER_PARTICIPANTS - 1)) + rng.choice([-1, 0, 1])))
        for i in range(EARLIER_PARTICIPANTS)
    ]
    return sorted(recent + earlier, reverse=True)


def _people(rng: random.Random, week_start: dt.date) -> list[PersonPlan]:
    weeks = _intake_weeks(rng)
    countries = [spec for spec in content.COUNTRIES for _ in range(spec.participants)]
    sites = [spec for spec in content.SITES for _ in range(spec.participants)]
    outcomes = list(OUTCOME_POOL)
    assert len(countries) == len(sites) == len(outcomes) == len(weeks), "demo quotas must agree"  # noqa: S101
    rng.shuffle(countries)
    rng.shuffle(sites)
    rng.shuffle(outcomes)
    used_names: set[tuple[str, str]] = set()
    people = []
    for index, (week, country, site, outcome) in enumerate(zip(weeks, countries, sites, outcomes, strict=True)):
        intake = week_start - week * WEEK + rng.randrange(5) * DAY
        gender = "f" if rng.random() < 0.3 else "m"
        while True:
            first = rng.choice(country.female_names if gender == "f" else country.male_names)
            last = rng.choice(country.family_names)
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        if gender == "f" and rng.random() < 0.5:
            trade = rng.choice(["sewing", "cooking"])
        else:
            trade = site.trade if rng.random() < 0.7 else rng.choice(site.neighbour_trades)
        languages = list(rng.choice(country.languages))
        if rng.random() < 0.45:
            languages.append("de")
        if "de" in languages and rng.random() < 0.7:
            instruction = "de"
        else:
            preferred = [code for code in content.INSTRUCTION_LANGUAGES[country.code] if code in languages]
            instruction = preferred[0] if preferred else languages[0]
        age = rng.choice([20, 23, 25, 27, 29, 31, 33, 35, 38, 41, 45, 49, 54]) + rng.randrange(3)
        birth = dt.date(intake.year - age, rng.randrange(1, 13), rng.randrange(1, 29))
        level = rng.choices(range(7), weights=[3, 8, 14, 16, 4, 3, 4])[0]
        years = None if level == 0 and rng.random() < 0.5 else [2, 5, 8, 11, 12, 13, 15][level] + rng.randrange(2)
        work = [(rng.choice(content.OCCUPATIONS[trade]), f"{rng.randrange(1, 16) / 2:.1f}")]
        if rng.random() < 0.6:
            work.append((rng.choice(content.GENERAL_OCCUPATIONS), f"{rng.randrange(1, 9) / 2:.1f}"))
        skills = [(skill, rng.choice([1, 1, 2, 2, 3])) for skill in content.SKILLS[trade]]
        if "de" in languages:
            skills.append(("Deutsch", rng.choice([2, 2, 3])))
        city = rng.choice(country.cities)
        notes = f"Ziel nach der Rückkehr: {content.GOALS[trade].format(city=city)}."
        assessed = add_workdays(intake, rng.randrange(4, 12))
        people.append(
            PersonPlan(
                index=index, first_name=first, last_name=last, gender=gender, country=country.code,
                languages=languages, instruction_language=instruction, date_of_birth=birth, site=site.code,
                trade=trade, modules=list(rng.choice(content.PLAN_CHOICES[trade])), intake=intake,
                assessed=assessed, plan_agreed=add_workdays(assessed, rng.randrange(5, 11)), outcome=outcome,
                education_level=level, education_years=years, work_history=work, skills=skills, notes=notes,
                needs_childcare=rng.random() < (0.4 if gender == "f" else 0.05),
                health_notes=rng.choice(content.HEALTH_NOTES) if rng.random() < 0.12 else "",
                needs_notes=rng.choice(content.NEEDS_NOTES) if rng.random() < 0.15 else "",
                extra_consents=[
                    purpose for purpose, chance in (("follow_up", 0.8), ("partner_sharing", 0.5), ("photo", 0.6))
                    if rng.random() < chance
                ],
            )
        )
    return people


def _cohort_sessions(
    *, rng: random.Random, trade: str, start: dt.date, modules: list[str], module_hours: dict[str, int],
    horizon: dt.date,
) -> list[SessionPlan]:
    timetable = content.TIMETABLES[trade]
    sessions = []
    day = start
    for code in content.TRADE_MODULES[trade]:
        if code not in modules:
            continue
        days = meeting_days(day, timetable.weekdays, math.ceil(module_hours[code] / timetable.hours_per_day))
        if days[-1] > horizon:
            break
        sessions.append(SessionPlan(trade=trade, module=code, days=days, capacity=rng.randrange(8, 13)))
        day = monday_on_or_after(days[-1] + DAY)
    return sessions


def _schedule_trade(
    *, rng: random.Random, trade: str, people: list[PersonPlan], module_hours: dict[str, int],
    week_start: dt.date, horizon: dt.date,
) -> list[SessionPlan]:
    pending = sorted((p for p in people if p.trade == trade), key=lambda p: (p.plan_agreed, p.index))
    free = week_start - 110 * WEEK
    sessions: list[SessionPlan] = []
    while pending:
        first = pending[0]
        start = monday_on_or_after(max(free, first.plan_agreed + 10 * DAY))
        while (
            sum(p.plan_agreed <= start - WEEK for p in pending) < 4 and (start - first.plan_agreed).days < 56
        ):
            start += WEEK
        members = [p for p in pending if p.plan_agreed <= start - WEEK][:MAX_COHORT]
        wanted = sorted({code for p in members for code in p.modules})
        cohort = _cohort_sessions(
            rng=rng, trade=trade, start=start, modules=wanted, module_hours=module_hours, horizon=horizon
        )
        if not cohort:
            break
        for person in members:
            person.sessions = [s for s in cohort if s.module in person.modules]
            for session in person.sessions:
                session.members.append(person.index)
            person.enrol_on = max(add_workdays(person.plan_agreed, rng.randrange(2, 6)), start - 3 * WEEK)
        sessions.extend(cohort)
        pending = [p for p in pending if p not in members]
        free = monday_on_or_after(cohort[-1].ends_on + DAY) + WEEK * rng.choice([1, 1, 2, 3])
    if not any(s.starts_on > week_start + WEEK for s in sessions):
        # Nothing coming up: open a full group in the next weeks for new enrolments.
        start = monday_on_or_after(max(free, week_start + (2 + rng.randrange(4)) * WEEK))
        sessions.extend(
            _cohort_sessions(
                rng=rng, trade=trade, start=start, modules=content.TRADE_MODULES[trade],
                module_hours=module_hours, horizon=horizon,
            )
        )
    return sessions


def _ending(rng: random.Random, person: PersonPlan) -> None:
    """Certificate, planned departure and return status, from the person's outcome."""
    end = person.training_ends_on
    if end is None:
        person.planned_departure = person.plan_agreed + 26 * WEEK
        return
    if person.outcome in DROPOUTS:
        last = person.sessions[-1]
        person.dropout_on = last.days[len(last.days) // 2]
    if person.outcome in WITH_CERTIFICATE and len(person.sessions) == len(person.modules):
        person.certificate_on = add_workdays(end, rng.randrange(2, 8))
        person.planned_departure = person.certificate_on + rng.randrange(14, 57) * DAY
    else:
        person.planned_departure = end + rng.randrange(14, 41) * DAY
    departure = person.planned_departure
    if person.outcome in (COMPLETE, FAILED):
        person.return_status, person.return_on = "returned", departure
    elif person.outcome == DROPOUT_RETURNED and person.dropout_on is not None:
        person.return_status, person.return_on = "returned", person.dropout_on + rng.randrange(10, 26) * DAY
    elif person.outcome == POSTPONED:
        person.return_status, person.return_on = "postponed", departure - rng.randrange(3, 11) * DAY
        person.return_reason = rng.choice(content.REASON_POSTPONED)
    elif person.outcome == WITHDRAWN and person.certificate_on is not None:
        person.return_status, person.return_on = "withdrawn", person.certificate_on + rng.randrange(5, 16) * DAY
        person.return_reason = rng.choice(content.REASON_WITHDRAWN)
    elif person.outcome == DROPOUT_STAYS and person.dropout_on is not None:
        person.return_status, person.return_on = "stays", person.dropout_on + rng.randrange(7, 21) * DAY
        person.return_reason = rng.choice(content.REASON_STAYS)


def second_line_takes(person: PersonPlan, *, project_start: dt.date) -> bool:
    """Whether the state line (not the federal one) pays for `person`.

    The federal funder reports per project year, and funders see a period's headline totals
    from 10 entrants (REINTEGRA_REPORTING_MIN_ENTRANTS). The first and the current project
    year hold only about 11 intakes each, so the state line takes every third person of the
    busy second year only: the federal years then have 11, 26 and 11 entrants (10 to 15 as
    the anchor moves), and the demo funder sees every headline figure."""
    second_year = project_start.replace(year=project_start.year + 1)
    third_year = project_start.replace(year=project_start.year + 2)
    return second_year <= person.intake < third_year and person.index % 3 == 2


def timeline_build(*, anchor: dt.date, module_hours: dict[str, int], seed: int = 2026) -> Timeline:
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same demo every time, not secrets
    week_start = anchor - dt.timedelta(days=anchor.weekday())
    cutoff = week_start - DAY  # steps up to last Sunday have happened, whatever today's weekday
    horizon = week_start + HORIZON_WEEKS * WEEK
    people = _people(rng, week_start)
    sessions: list[SessionPlan] = []
    for trade in content.TRADE_MODULES:
        sessions.extend(
            _schedule_trade(
                rng=rng, trade=trade, people=people, module_hours=module_hours, week_start=week_start,
                horizon=horizon,
            )
        )
    for person in people:
        _ending(rng, person)
    sessions.sort(key=lambda s: (s.starts_on, s.module))
    return Timeline(
        anchor=anchor, week_start=week_start, cutoff=cutoff, horizon=horizon, people=people, sessions=sessions
    )
