"""Leaving the programme early (participants.ProgrammeExit) as a drop-out: the counting rule,
its place in every output, what funders see, and frozen periods closed before it existed."""

import csv
import datetime as dt
import hashlib
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator

from funding.models import ReportingPeriod
from participants.models import ExitReason, ProgrammeExit
from reporting import services
from reporting.indicators import (
    COUNTS,
    GLOSSARY,
    Scope,
    early_exit_reasons,
    participant_facts,
    participant_ids_for_figure,
    participants_left_early,
    programme_report,
)
from reporting.models import FrozenReport
from reporting.periods import Period
from reporting.selectors import (
    canonical_json,
    drill_down_participants,
    frozen_report_changes,
    record_fingerprints,
    reporting_period_scope,
)
from reporting.tests.factories import ReturnFactory, funding_line_of
from returns.models import ReturnStatus

pytestmark = pytest.mark.django_db

PERIOD = Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
SCOPE = Scope(period=PERIOD)
QUERY = "?start=2025-01-01&end=2025-12-31"

#: The fact columns and the fingerprint as they were before leaving early was counted:
#: what the fingerprints of periods closed until then were made of. Kept literally here.
FACT_COLUMNS_BEFORE_EXITS = [
    "f_pk", "k_month", "k_funder", "k_funding_line", "k_origin_country", "k_site", "k_trade", "k_gender",
    "k_age_band", "f_plan", "f_qualified", "f_returned", "f_dropped_out", "f_dropped_withdrawn", "f_dropped_stays",
    "f_hours", "f_days",
]


def fingerprints_before_exits(scope):
    return {
        str(row["f_pk"]): hashlib.sha256(
            canonical_json([row[column] for column in FACT_COLUMNS_BEFORE_EXITS]).encode()
        ).hexdigest()
        for row in participant_facts(scope)
    }


def left(participant, *, on, reason=ExitReason.HEALTH):
    return ProgrammeExit.objects.create(
        participant=participant, left_on=on, reason=reason, recorded_by=participant.counsellor
    )


def withdrew(participant, *, on=dt.date(2025, 6, 1), status=ReturnStatus.WITHDRAWN):
    return ReturnFactory(participant=participant, status=status, actual_departure=None, status_date=on)


# --- the counting rule ----------------------------------------------------------------------


def test_an_exit_in_the_period_is_a_drop_out_who_left_early(start):
    person = start()
    left(person, on=dt.date(2025, 5, 2))
    start()  # active

    total = programme_report(SCOPE).total

    assert (total.dropped_out, total.dropped_out_left_early) == (1, 1)
    assert (total.dropped_out_withdrawn, total.dropped_out_stays) == (0, 0)
    assert (total.finished, total.active) == (1, 1)
    assert participants_left_early(period=PERIOD) == 1


def test_an_exit_on_the_last_day_counts_and_one_after_the_period_does_not(start):
    on_the_last_day = start()
    left(on_the_last_day, on=PERIOD.end)
    after = start()
    left(after, on=PERIOD.end + dt.timedelta(days=1))

    total = programme_report(SCOPE).total

    assert (total.dropped_out, total.dropped_out_left_early) == (1, 1)
    assert total.active == 1  # the one who left after the period was still in it then
    later = programme_report(Scope(period=Period(start=PERIOD.start, end=dt.date(2026, 6, 30)))).total
    assert (later.dropped_out, later.dropped_out_left_early) == (2, 2)


def test_an_exit_and_a_withdrawn_return_count_once_as_a_drop_out(start):
    both = start()
    left(both, on=dt.date(2025, 4, 1))
    withdrew(both, on=dt.date(2025, 7, 1))
    only_withdrawn = start()
    withdrew(only_withdrawn)
    stays_and_left_later = start()
    withdrew(stays_and_left_later, status=ReturnStatus.STAYS)
    left(stays_and_left_later, on=dt.date(2026, 2, 1))  # after the period: only the return counts

    total = programme_report(SCOPE).total

    assert total.dropped_out == 3
    # Each drop-out under one reason (leaving early first), so the reasons add up to the drop-outs.
    assert (total.dropped_out_withdrawn, total.dropped_out_stays, total.dropped_out_left_early) == (1, 1, 1)
    assert total.dropped_out_withdrawn + total.dropped_out_stays + total.dropped_out_left_early == total.dropped_out
    assert total.finished == 3 and total.active == 0
    # The records behind each reason are the ones it counts.
    assert participant_ids_for_figure(SCOPE, figure="dropped_out_withdrawn") == [only_withdrawn.pk]
    assert participant_ids_for_figure(SCOPE, figure="dropped_out_left_early") == [both.pk]


def test_an_exit_does_not_undo_a_return(start):
    # Someone who left the programme and then went home is both returned and dropped out; the
    # return record says what happened last, the exit why training stopped. Neither is lost.
    person = start()
    left(person, on=dt.date(2025, 4, 1))
    ReturnFactory(participant=person, actual_departure=dt.date(2025, 6, 1))

    total = programme_report(SCOPE).total

    assert (total.returned, total.dropped_out, total.dropped_out_left_early) == (1, 1, 1)
    assert (total.finished, total.active) == (1, 0)  # one person, finished once
    assert len(drill_down_participants(scope=SCOPE, figure="finished", dimension=None, key=None)) == 1


def test_breakdowns_split_the_drop_outs_who_left_early(start, site_a, site_b, counsellor_b):
    left(start(), on=dt.date(2025, 5, 1))
    left(start(site=site_b, counsellor=counsellor_b), on=dt.date(2025, 5, 1))
    start(site=site_b, counsellor=counsellor_b)

    report = programme_report(SCOPE)

    for rows in report.breakdowns.values():
        assert sum(row.dropped_out_left_early for row in rows) == report.total.dropped_out_left_early == 2
    by_site = {row.key: row.dropped_out_left_early for row in report.breakdowns["site"]}
    assert by_site == {str(site_a.pk): 1, str(site_b.pk): 1}


def test_drill_down_lists_who_left_early(start):
    gone = start()
    left(gone, on=dt.date(2025, 5, 1))
    left(start(), on=dt.date(2026, 5, 1))  # after the period
    withdrew(start())

    assert list(drill_down_participants(scope=SCOPE, figure="dropped_out_left_early", dimension=None, key=None)) == [
        gone
    ]
    assert len(drill_down_participants(scope=SCOPE, figure="dropped_out", dimension=None, key=None)) == 2


def test_every_count_agrees_with_the_people_behind_it(start):
    # Returns, withdrawals and exits mixed, overlaps included: each total equals its drill-down.
    for index in range(12):
        person = start()
        if index % 2:
            left(person, on=dt.date(2025, 4, 1))
        if index % 3 == 1:
            ReturnFactory(participant=person, actual_departure=dt.date(2025, 6, 1))
        elif index % 3 == 2:
            withdrew(person, status=[ReturnStatus.WITHDRAWN, ReturnStatus.STAYS][index % 2])
    total = programme_report(SCOPE).total
    for figure in COUNTS:
        people = drill_down_participants(scope=SCOPE, figure=figure, dimension=None, key=None)
        assert getattr(total, figure) == len(people), figure
    assert total.finished + total.active == total.started == 12


def test_the_report_stays_one_query_with_exits(start):
    for index in range(6):
        person = start()
        if index % 2:
            left(person, on=dt.date(2025, 5, 1))
        if index % 3 == 0:
            withdrew(person)
    with CaptureQueriesContext(connection) as queries:
        report = programme_report(SCOPE)
    assert (report.total.dropped_out, report.total.dropped_out_left_early) == (4, 3)  # 1, 3, 5 left; 0, 3 withdrew
    assert sum(1 for query in queries.captured_queries if query["sql"].lstrip().startswith("WITH")) == 1
    # Besides it: whether any fact settled after the end (two index probes) and the funding lines'
    # funders; PostgreSQL adds its SET LOCAL (jit off, work_mem) inside a savepoint. Nothing per person.
    assert len(queries.captured_queries) == (3 if connection.vendor == "sqlite" else 6)


def test_the_glossary_states_the_rule():
    definitions = {str(name): str(definition) for name, definition in GLOSSARY}
    assert "left the programme early" in definitions["Dropped out"]
    assert "each person once" in definitions["Dropped out"]
    assert "on or before the last day" in definitions["Dropped out: left the programme early"]


# --- outputs and who sees them ---------------------------------------------------------------


@pytest.fixture
def funded(funder, start):
    """Seven people of the funder's line, two of whom left early (a small cell)."""
    line = funding_line_of(funder)
    ReportingPeriod.objects.create(funding_line=line, name="2025", starts_on=PERIOD.start, ends_on=PERIOD.end)
    people = [start(funding_line=line) for _ in range(7)]
    for person in people[:2]:
        left(person, on=dt.date(2025, 6, 1))
    return people


def test_staff_see_the_figure_on_the_dashboard_and_in_the_api(client_for, manager, funded):
    client = client_for(manager)
    html = client.get(reverse("reporting:dashboard") + QUERY).content.decode()
    assert "Dropped out: left the programme early" in html
    assert "figure=dropped_out_left_early" in html  # staff can open the people behind it

    data = client.get(reverse("reporting:api_report") + QUERY).json()
    assert data["total"]["dropped_out_left_early"] == 2
    assert {row["key"]: row["dropped_out_left_early"] for row in data["breakdowns"]["month"]} == {"2025-03": 2}
    document = client.get(reverse("reporting:api_schema")).json()
    row_schema = document["components"]["schemas"]["Row"]
    assert "dropped_out_left_early" in row_schema["properties"]
    schema = {**document["paths"]["/reporting/api/report/"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"], "components": document["components"]}
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_funders_and_their_exports_get_it_withheld_like_the_other_drop_out_figures(
    client_for, funder, manager, funded
):
    # Drop-out figures never reach funders (they would open ways to subtract one group from
    # another); leaving early is withheld in the same way, also when under 5. The manager's
    # export is the manager's page: exact, with every figure.
    theirs = client_for(funder).get(reverse("reporting:api_report") + QUERY).json()
    assert theirs["suppressed"] is True
    for name in ("dropped_out", "dropped_out_withdrawn", "dropped_out_stays", "dropped_out_left_early"):
        assert name not in theirs["total"]
        assert all(name not in row for rows in theirs["breakdowns"].values() for row in rows)
    assert "Dropped out: left the programme early" not in (
        client_for(funder).get(reverse("reporting:dashboard") + QUERY).content.decode().split("glossary-heading")[0]
    )
    export = reverse("reporting:export", kwargs={"kind": "csv"}) + QUERY
    csv_text = client_for(funder).get(export).content.decode()
    header = next(csv.reader(io.StringIO(csv_text), ))
    assert "Dropped out: left the programme early" not in header and "Started" in header
    csv_text = client_for(manager).get(export).content.decode()
    header = next(csv.reader(io.StringIO(csv_text), ))
    assert "Dropped out: left the programme early" in header


def test_staff_see_why_people_left_early_funders_do_not(client_for, manager, funder, counsellor_b, start,
                                                         site_b):
    health = [start() for _ in range(2)]
    for person in health:
        left(person, on=dt.date(2025, 5, 1))
    left(start(), on=dt.date(2025, 6, 1), reason=ExitReason.WORK)
    left(start(), on=dt.date(2026, 2, 1), reason=ExitReason.FAMILY)  # after the period: not counted
    left(start(site=site_b, counsellor=counsellor_b), on=dt.date(2025, 6, 1), reason=ExitReason.MOVED)
    assert early_exit_reasons(SCOPE) == [("health", 2), ("moved", 1), ("work", 1)]

    html = client_for(manager).get(reverse("reporting:dashboard") + QUERY).content.decode()
    table = html.split('id="exit-reasons"')[1].split("</table>")[0]
    assert "Health</td><td class=\"number\">2" in table and "Took up work or other training" in table
    assert "Family reasons" not in table
    # a counsellor sees their own site only
    theirs = client_for(counsellor_b).get(reverse("reporting:dashboard") + QUERY).content.decode()
    table = theirs.split('id="exit-reasons"')[1].split("</table>")[0]
    assert "Moved away or transferred" in table and "Health" not in table
    assert 'id="exit-reasons"' not in client_for(funder).get(reverse("reporting:dashboard") + QUERY).content.decode()


# --- frozen periods -------------------------------------------------------------------------


@pytest.fixture
def closed_before_exits(funded, manager):
    """A period closed before leaving early was counted: fingerprints and figures as then."""
    period = ReportingPeriod.objects.get(name="2025")
    ProgrammeExit.objects.all().delete()  # nobody had left when it was closed
    scope = reporting_period_scope(period)
    frozen = services.reporting_period_close(reporting_period=period, acting_user=manager)

    def as_then(row):
        return {name: value for name, value in row.items() if name != "dropped_out_left_early"}

    values = {
        **frozen.values, "total": as_then(frozen.values["total"]),
        "breakdowns": {name: [as_then(row) for row in rows] for name, rows in frozen.values["breakdowns"].items()},
    }
    FrozenReport.objects.filter(pk=frozen.pk).update(values=values, fingerprints=fingerprints_before_exits(scope))
    return FrozenReport.objects.get(pk=frozen.pk)


def test_fingerprints_of_records_without_an_exit_are_those_made_before(funded):
    ProgrammeExit.objects.all().delete()
    scope = Scope(period=PERIOD)
    assert record_fingerprints(scope) == fingerprints_before_exits(scope)


def test_a_period_closed_before_shows_no_change_until_someone_gets_an_exit(closed_before_exits, funded):
    assert frozen_report_changes(closed_before_exits) == {"changed": [], "added": [], "removed": []}

    left(funded[3], on=dt.date(2025, 8, 1))

    assert frozen_report_changes(closed_before_exits) == {"changed": [funded[3].pk], "added": [], "removed": []}


def test_an_exit_after_the_period_changes_no_frozen_record(closed_before_exits, funded):
    left(funded[3], on=dt.date(2026, 1, 15))  # counts for a later period only
    assert frozen_report_changes(closed_before_exits)["changed"] == []


def test_the_page_of_a_period_closed_before_still_shows(client_for, manager, closed_before_exits):
    url = reverse("reporting:frozen_report", kwargs={"pk": closed_before_exits.reporting_period_id})
    response = client_for(manager).get(url)
    assert response.status_code == 200
    assert "No record counted in this report has changed since it was closed." in response.content.decode()
