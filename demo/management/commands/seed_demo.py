"""Seed a realistic demo programme through the real services.

Two years of intakes at five Bavarian sites, every participant walked through the same
service functions the pages use (so the audit trail and every rule are real), with
historical dates passed explicitly. The shape is fixed by `random.Random(2026)` and
counted from the Monday of the current week; see demo/timeline.py.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Site, User
from assessments.services import assessment_create
from assessments.taxonomy import esco_subset_load
from cases.services import programme_exit_record
from catalogue.models import Module
from certificates.services import certificate_issue
from demo import content
from demo.seed_attendance import certificate_kind_earned, seed_attendance_evidence
from demo.seed_bulk import ERROR_NOT_POSTGRES, programme_copy
from demo.seed_people import seed_people
from demo.seed_portal import seed_portal
from demo.seed_reporting import seed_reporting
from demo.seed_returns import seed_returns
from demo.timeline import PersonPlan, Timeline, second_line_takes, timeline_build
from demo.totp import DEMO_TOTP_KEY_HEX, DEMO_TOTP_SECRET
from funding.models import Funder, FundingLine, Project, ProjectExtension
from participants.models import ExitReason, Participant
from participants.services import participant_create
from plans.services import plan_add_module, plan_finalise, plan_start
from reporting.indicators import programme_figures
from reporting.periods import last_12_months
from returns.path import participant_annotate_stage
from returns.services import return_record
from scheduling.models import Enrolment, Session
from scheduling.risk import plan_risk_rebuild
from scheduling.services import session_create, session_enrol
from training.models import AttendanceStatus, Outcome
from training.services import attendance_record, result_record

SEED = 2026
ERROR_DATA_EXISTS = (
    "The database already holds data (users, sites or participants), so the demo was not seeded. "
    "Run `manage.py seed_demo --reset` to delete ALL data and seed the demo afresh."
)
MESSAGE_SKIPPED = "The database already holds data: the demo was not seeded (--if-empty)."
# Staff log in with a TOTP code as well. Every demo login gets a confirmed authenticator
# with this published key (base32, as authenticator apps take it): add it to an app, or
# print the current code with `manage.py demo_code USERNAME`. Never a real account's key.


def database_has_data() -> bool:
    return (
        User.objects.exists() or Site.objects.exists() or Participant.objects.exists() or Session.objects.exists()
    )


class Command(BaseCommand):
    help = "Create a realistic demo programme (sites, staff, catalogue, sessions, ~60 participants)."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--reset", action="store_true",
            help="Delete ALL data in the database (manage.py flush) and seed the demo afresh.",
        )
        group.add_argument(
            "--if-empty", action="store_true",
            help="Seed only when the database is empty; otherwise do nothing and exit successfully.",
        )
        parser.add_argument(
            "--participants", type=int, default=0, metavar="N",
            help="Then copy the demo cohort until about N participants exist (PostgreSQL; demo/seed_bulk.py), "
                 "e.g. 100000 for load tests and benchmarks.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif database_has_data():
            if options["if_empty"]:
                self.stdout.write(MESSAGE_SKIPPED)
                return
            raise CommandError(ERROR_DATA_EXISTS)
        if options["participants"] and connection.vendor != "postgresql":
            raise CommandError(ERROR_NOT_POSTGRES)
        anchor = timezone.localdate()
        with transaction.atomic():
            seeder = _Seeder(anchor=anchor, stdout=self.stdout)
            seeder.run()
        # Labour-market demand (illustrative), ESCO coding of the demo profiles, try-outs.
        call_command("seed_markets", stdout=self.stdout)
        if options["participants"]:
            self.stdout.write(f"Copying the cohort up to {options['participants']:,} participants …")
            report = programme_copy(participants=options["participants"], log=self.stdout.write)
            self.stdout.write(
                f"  {report.copies:,} copies, {report.participants:,} participants in {report.seconds:.0f} s"
            )
        # the stored "plan at risk" verdicts of everyone seeded (the bulk copy bypasses the services)
        plan_risk_rebuild()
        self._report(seeder)

    def _report(self, seeder: _Seeder) -> None:
        write = self.stdout.write
        timeline = seeder.timeline
        annotated = participant_annotate_stage(Participant.objects.all())
        stages = Counter(annotated.values_list("stage", flat=True))  # type: ignore[misc]  # annotated above
        figures = programme_figures(period=last_12_months(timeline.anchor))
        share = figures.share_qualified_and_returned
        upcoming = Session.objects.filter(starts_on__gt=timeline.anchor).count()
        write("")
        write(self.style.SUCCESS(f"Demo programme seeded (anchor {timeline.anchor:%d.%m.%Y}, seed {SEED})."))
        write(f"  sites {Site.objects.count()}, staff {User.objects.count()}, "
              f"modules {Module.objects.count()}")
        write(f"  sessions {Session.objects.count()} ({upcoming} still to start), "
              f"enrolments {Enrolment.objects.count()}")
        write(f"  participants {Participant.objects.count()}: "
              + ", ".join(f"{stage} {stages.get(stage, 0)}" for stage in seeder.stage_order))
        write(f"  last 12 months ({figures.period.start:%d.%m.%Y}–{figures.period.end:%d.%m.%Y}): "
              f"started {figures.started}, qualified {figures.qualified}, returned {figures.returned}, "
              f"qualified and returned {figures.qualified_and_returned}"
              + (f" ({float(share):.0%})" if share is not None else ""))
        write("")
        write("Logins (password for all: " + content.DEMO_PASSWORD + ")")
        for spec in content.STAFF:
            site = f", {spec.site}" if spec.site else ""
            write(f"  {spec.username:<20} {spec.first_name} {spec.last_name} ({spec.role}{site})")
        write("Second step, the 6-digit code (two-factor login for all staff):")
        write("  with `make demo` the code page shows the demo authenticator's current code;")
        write("  print it in a second terminal:  DJANGO_DEBUG=1 .venv/bin/python manage.py demo_code manager")
        secret = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
        write(f"  or add this key to an authenticator app (same for every demo login): {secret}")
        write("Participant portal (/portal/login/, no second step):")
        for line in getattr(seeder, "portal_logins", []):
            write(line)


class _Seeder:
    """Writes the planned timeline through the services, one step type at a time."""

    stage_order = ["intake", "assessment", "plan", "training", "certificate", "return"]

    def __init__(self, *, anchor: Any, stdout: Any) -> None:
        self.anchor = anchor
        self.stdout = stdout
        self.sites: dict[str, Site] = {}
        self.users: dict[str, User] = {}
        self.modules: dict[str, Module] = {}
        self.participants: dict[int, Participant] = {}
        self.sessions: dict[int, Session] = {}  # id(SessionPlan) → Session
        self.funding_lines: list[FundingLine] = []
        self.timeline: Timeline

    @property
    def manager(self) -> User:
        return self.users["manager"]

    def counsellor_of(self, site_code: str) -> User:
        return next(
            self.users[spec.username] for spec in content.STAFF if spec.role == "counsellor" and spec.site == site_code
        )

    def run(self) -> None:
        esco_subset_load()  # reference data: a `--reset` flush removed what the migration loaded
        self._funding()
        self._sites_and_staff()
        call_command("load_catalogue", stdout=self.stdout)
        self.modules = {module.code: module for module in Module.objects.all()}
        hours = {code: int(module.hours) for code, module in self.modules.items()}
        self.timeline = timeline_build(anchor=self.anchor, module_hours=hours, seed=SEED)
        self._sessions()
        people = sorted(self.timeline.people, key=lambda p: (p.intake, p.index))
        for person in people:  # intake order, so case numbers run with the calendar
            self._intake(person)
        for person in people:
            self._assessment_and_plan(person)
        for person in people:
            self._enrolments(person)
        self._attendance_and_results()
        seed_attendance_evidence(anchor=self.anchor, seed=SEED + 8)
        for person in people:
            self._certificate_and_return(person)
        seed_people(self)  # demo/seed_people.py: profiles, eligibility, counselling log, survey, retention
        seed_portal(self)  # demo/seed_portal.py: participant portal logins (code + PIN)
        seed_returns(self)  # demo/seed_returns.py: organisations, hand-overs, follow-ups after return
        seed_reporting(self)  # demo/seed_reporting.py: reporting periods, the past ones closed and frozen

    def _funding(self) -> None:
        """One project started two years and a quarter ago, extended once, paid by three lines."""
        start = self.anchor.replace(day=1) - dt.timedelta(days=820)
        project = Project(name=content.PROJECT_NAME, starts_on=start.replace(day=1),
                          ends_on=start.replace(day=1, year=start.year + 2) - dt.timedelta(days=1))
        project.full_clean()
        project.save()
        extension = ProjectExtension(
            project=project, new_end=project.ends_on.replace(year=project.ends_on.year + 1),
            decided_on=project.ends_on - dt.timedelta(days=90), reference="Änderungsbescheid Nr. 1",
        )
        extension.full_clean()
        extension.save()
        for spec in content.FUNDING_LINES:
            funder = Funder(code=spec.funder_code, name=spec.funder_name, kind=spec.funder_kind)
            funder.full_clean()
            funder.save()
            line = FundingLine(project=project, funder=funder, project_number=spec.project_number, name=spec.name,
                               share_percent=Decimal(spec.share_percent))
            line.full_clean()
            line.save()
            self.funding_lines.append(line)

    def line_for_person(self, person: PersonPlan) -> FundingLine:
        state_line, federal_line = self.funding_lines[1], self.funding_lines[0]
        return state_line if second_line_takes(person, project_start=federal_line.project.starts_on) else federal_line

    def _sites_and_staff(self) -> None:
        for spec in content.SITES:
            site = Site(code=spec.code, name=spec.name, city=spec.city, address=spec.address)
            site.full_clean()
            site.save()
            self.sites[spec.code] = site
        for staff in content.STAFF:
            user = User(
                username=staff.username, first_name=staff.first_name, last_name=staff.last_name,
                email=f"{staff.username}@reintegra.example", role=staff.role,
                site=self.sites[staff.site] if staff.site else None, is_staff=staff.is_staff, is_superuser=False,
                funder=self.funding_lines[0].funder if staff.role == "funder" else None,
            )
            user.set_password(content.DEMO_PASSWORD)
            user.full_clean()
            user.save()
            self.users[staff.username] = user
            device = TOTPDevice(user=user, name="demo authenticator", key=DEMO_TOTP_KEY_HEX, confirmed=True)
            device.full_clean()
            device.save()

    def _sessions(self) -> None:
        for plan in self.timeline.sessions:
            timetable = content.TIMETABLES[plan.trade]
            session = session_create(
                acting_user=self.manager, module=self.modules[plan.module], site=self.sites[timetable.site],
                instructor=self.users[timetable.instructor], starts_on=plan.starts_on, ends_on=plan.ends_on,
                capacity=plan.capacity, weekdays=list(timetable.weekdays), starts_at=timetable.starts_at,
                ends_at=timetable.ends_at,
                funding_line=self.funding_lines[1] if plan.trade == "painting" else self.funding_lines[0],
            )
            self.sessions[id(plan)] = session

    def _happened(self, day: Any) -> bool:
        return day is not None and day <= self.timeline.cutoff

    def _intake(self, person: PersonPlan) -> None:
        counsellor = self.counsellor_of(person.site)
        assert person.planned_departure is not None  # noqa: S101 - set for everyone by the timeline
        self.participants[person.index] = participant_create(
            acting_user=counsellor,
            data={
                "first_name": person.first_name, "last_name": person.last_name,
                "date_of_birth": person.date_of_birth, "gender": person.gender,
                "origin_country": person.country, "languages": person.languages,
                "site": self.sites[person.site], "counsellor": counsellor,
                "planned_departure": person.planned_departure,
                "instruction_language": person.instruction_language,
                "needs_childcare": person.needs_childcare, "has_health_limits": bool(person.health_notes),
                "health_notes": person.health_notes, "needs_notes": person.needs_notes,
                "funding_line": self.line_for_person(person),
            },
            consent_given_on=person.intake,
            extra_consents=person.extra_consents,
            intake_date=person.intake,
        )

    def _assessment_and_plan(self, person: PersonPlan) -> None:
        if not self._happened(person.assessed):
            return
        participant = self.participants[person.index]
        counsellor = participant.counsellor
        assessment_create(
            acting_user=counsellor, participant=participant, education_level=person.education_level,
            education_years=person.education_years, assessed_on=person.assessed, notes=person.notes,
            work_history=[{"occupation": job, "years": Decimal(years)} for job, years in person.work_history],
            skills=[{"skill": skill, "level": level} for skill, level in person.skills],
        )
        if not self._happened(person.plan_agreed):
            if person.plan_agreed - self.timeline.cutoff < (person.plan_agreed - person.assessed) / 2:
                # Well under way: the counsellor has started the draft.
                plan = plan_start(acting_user=counsellor, participant=participant)
                plan_add_module(acting_user=counsellor, plan=plan, module=self.modules[person.modules[0]])
            return
        plan = plan_start(acting_user=counsellor, participant=participant)
        for code in person.modules:
            plan_add_module(acting_user=counsellor, plan=plan, module=self.modules[code])
        plan_finalise(acting_user=counsellor, plan=plan, agreed_on=person.plan_agreed, today=person.plan_agreed)

    def _enrolments(self, person: PersonPlan) -> None:
        if not (self._happened(person.plan_agreed) and self._happened(person.enrol_on)):
            return
        participant = self.participants[person.index]
        for plan in person.sessions:
            session_enrol(acting_user=participant.counsellor, session=self.sessions[id(plan)], participant=participant)

    def _attendance_and_results(self) -> None:
        rng_statuses = _StatusPicker()
        people = {person.index: person for person in self.timeline.people}
        for plan in self.timeline.sessions:
            session = self.sessions[id(plan)]
            enrolments = {e.participant_id: e for e in Enrolment.objects.filter(session=session)}
            if not enrolments:
                continue
            members = [people[index] for index in plan.members
                       if self.participants[index].pk in enrolments]
            instructor = session.instructor
            for meeting in session.meetings.filter(date__lt=self.anchor).order_by("date"):
                statuses = {}
                for person in members:
                    enrolment = enrolments[self.participants[person.index].pk]
                    if person.dropout_on is not None and meeting.date > person.dropout_on:
                        statuses[enrolment.pk] = AttendanceStatus.UNEXCUSED.value
                    else:
                        statuses[enrolment.pk] = rng_statuses.pick()
                attendance_record(acting_user=instructor, meeting=meeting, statuses=statuses, today=meeting.date)
            if plan.ends_on >= self.anchor:
                continue
            outcomes = {}
            for person in members:
                enrolment = enrolments[self.participants[person.index].pk]
                last = person.sessions[-1] is plan
                failed = last and (person.outcome == "failed" or person.dropout_on is not None)
                outcomes[enrolment.pk] = (Outcome.FAILED if failed else Outcome.PASSED).value
            result_record(acting_user=instructor, session=session, outcomes=outcomes, recorded_on=plan.ends_on)

    def _certificate_and_return(self, person: PersonPlan) -> None:
        participant = self.participants[person.index]
        if self._happened(person.certificate_on):
            # the rule (training/rules.py) decides: below the attendance threshold, a confirmation of attendance
            certificate_issue(acting_user=self.manager, participant=participant, issued_on=person.certificate_on,
                              kind=certificate_kind_earned(participant=participant))
        if self._happened(person.dropout_on):
            assert person.dropout_on is not None  # noqa: S101 - checked by _happened
            # left the training early: family reasons (and returned anyway) or work here (and stays)
            programme_exit_record(
                acting_user=participant.counsellor, participant=participant, left_on=person.dropout_on,
                reason=ExitReason.FAMILY if person.return_status == "returned" else ExitReason.WORK,
            )
        if self._happened(person.return_on) and person.return_status is not None:
            assert person.return_on is not None  # noqa: S101 - checked by _happened
            returned = person.return_status == "returned"
            return_record(
                acting_user=participant.counsellor, participant=participant, status=person.return_status,
                status_date=person.return_on, actual_departure=person.return_on if returned else None,
                reason=person.return_reason, today=self.anchor,
            )


class _StatusPicker:
    """Attendance as it tends to be: mostly present, now and then excused, rarely not."""

    def __init__(self) -> None:
        self._rng = random.Random(SEED + 1)

    def pick(self) -> str:
        roll = self._rng.random()
        if roll < 0.05:
            return AttendanceStatus.EXCUSED.value
        if roll < 0.07:
            return AttendanceStatus.UNEXCUSED.value
        return AttendanceStatus.PRESENT.value

