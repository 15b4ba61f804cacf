"""Closed days: public holidays of the site's state plus the provider's fixed days (issue 18).

The movable feasts are checked against Easter computed here by the Meeus/Jones/Butcher
algorithm, independently of the `holidays` library."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.closed_days import GERMAN_STATES, UnknownStateError, closed_days, parse_fixed_days


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    la = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * la) // 451
    month = (h + la - 7 * m + 114) // 31
    day = (h + la - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


@settings(deadline=None)  # the library builds a year's calendar on first use
@given(year=st.integers(min_value=1995, max_value=2099), state=st.sampled_from(GERMAN_STATES))
def test_nationwide_holidays_are_closed_in_every_state(year, state):
    days = closed_days(state=state, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    sunday = easter(year)
    nationwide = {
        dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 10, 3), dt.date(year, 12, 25), dt.date(year, 12, 26),
        sunday - dt.timedelta(days=2), sunday + dt.timedelta(days=1),
        sunday + dt.timedelta(days=39), sunday + dt.timedelta(days=50),
    }
    assert nationwide <= set(days), sorted(nationwide - set(days))


@settings(deadline=None)  # the library builds a year's calendar on first use
@given(year=st.integers(min_value=1995, max_value=2099))
def test_bavaria_closes_on_epiphany_corpus_christi_and_all_saints_berlin_does_not(year):
    bavaria = closed_days(state="BY", start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    berlin = closed_days(state="BE", start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    bavarian = {dt.date(year, 1, 6), easter(year) + dt.timedelta(days=60), dt.date(year, 11, 1)}
    assert bavarian <= set(bavaria)
    assert not bavarian & set(berlin)


def test_the_demo_christmas_2026_in_bavaria_with_the_default_fixed_days():
    days = closed_days(state="BY", start=dt.date(2026, 12, 21), end=dt.date(2027, 1, 8), language="de",
                       fixed=parse_fixed_days("24.12,31.12"), fixed_name="Betriebsruhe")
    assert days == {
        dt.date(2026, 12, 24): "Betriebsruhe", dt.date(2026, 12, 25): "Erster Weihnachtstag",
        dt.date(2026, 12, 26): "Zweiter Weihnachtstag", dt.date(2026, 12, 31): "Betriebsruhe",
        dt.date(2027, 1, 1): "Neujahr", dt.date(2027, 1, 6): "Heilige Drei Könige",
    }
    english = closed_days(state="BY", start=dt.date(2026, 12, 25), end=dt.date(2026, 12, 25), language="en")
    assert english == {dt.date(2026, 12, 25): "Christmas Day"}


def test_bad_input_is_named():
    with pytest.raises(UnknownStateError, match="'XX'"):
        closed_days(state="XX", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2))
    with pytest.raises(ValueError, match="'31.02'"):
        parse_fixed_days("24.12, 31.02")
    assert parse_fixed_days("29.02") == ((2, 29),)
    assert closed_days(state="BY", start=dt.date(2027, 2, 27), end=dt.date(2027, 3, 2), fixed=((2, 29),)) == {}


# Session generation, the planning proposals, the optimiser's calendar and the session page ---------

CHRISTMAS_WEEK = dt.date(2026, 12, 21)  # a Monday


@pytest.mark.django_db
def test_sessions_do_not_meet_on_closed_days_of_the_sites_state(manager, site_a, site_b, instructor_a):
    from catalogue.tests.factories import ModuleFactory
    from scheduling.tests.factories import make_session

    site_b.state = "BE"
    site_b.save()
    module = ModuleFactory(code="MET-202")
    bavaria = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=CHRISTMAS_WEEK, days=17)
    days = set(bavaria.meetings.values_list("date", flat=True))
    for closed in (dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2026, 12, 26), dt.date(2026, 12, 31),
                   dt.date(2027, 1, 1), dt.date(2027, 1, 6)):
        assert closed not in days
    assert dt.date(2026, 12, 23) in days and dt.date(2027, 1, 5) in days
    berlin = make_session(manager=manager, module=module, site=site_b, instructor=instructor_a,
                          starts_on=dt.date(2027, 1, 4), days=5)
    assert dt.date(2027, 1, 6) in set(berlin.meetings.values_list("date", flat=True))


@pytest.mark.django_db
def test_a_range_of_closed_days_only_is_refused(manager, site_a, instructor_a):
    from django.core.exceptions import ValidationError

    from catalogue.tests.factories import ModuleFactory
    from scheduling.services import ERROR_NO_MEETING_DAYS
    from scheduling.tests.factories import make_session

    with pytest.raises(ValidationError) as caught:
        make_session(manager=manager, module=ModuleFactory(code="ELE-102"), site=site_a, instructor=instructor_a,
                     starts_on=dt.date(2026, 12, 24), days=3)
    assert caught.value.message_dict == {"weekdays": [str(ERROR_NO_MEETING_DAYS)]}


@pytest.mark.django_db
def test_planning_proposals_and_the_optimiser_skip_closed_days(manager, site_a, instructor_a):
    from accounts.models import User
    from catalogue.tests.factories import ModuleFactory
    from scheduling.models import Meeting
    from scheduling.optimiser import instance_build
    from scheduling.planning import PlannedSession
    from scheduling.tests.factories import make_session

    module = ModuleFactory(code="ELE-102")
    planned = PlannedSession(key="k", module=module, site=site_a, instructor=User(), starts_on=CHRISTMAS_WEEK,
                             ends_on=CHRISTMAS_WEEK + dt.timedelta(days=4), weekdays=(0, 1, 2, 3, 4),
                             starts_at=dt.time(8, 30), ends_at=dt.time(14, 30), capacity=10)
    assert planned.days() == [dt.date(2026, 12, 21), dt.date(2026, 12, 22), dt.date(2026, 12, 23)]
    # a meeting made on a holiday before the calendar knew it does not count for the optimiser
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=CHRISTMAS_WEEK, days=5)
    Meeting.objects.create(session=session, date=dt.date(2026, 12, 25), starts_at=dt.time(9), ends_at=dt.time(13))
    built = instance_build(today=dt.date(2026, 12, 1))
    (solver_session,) = [s for s in built.instance.sessions if s.id == session.pk]
    assert sorted(dt.date.fromordinal(m.day) for m in solver_session.meetings) == [
        dt.date(2026, 12, 21), dt.date(2026, 12, 22), dt.date(2026, 12, 23)]


@pytest.mark.django_db
def test_the_session_page_shows_the_closed_days(client_for, manager, site_a, instructor_a):
    from django.urls import reverse

    from catalogue.tests.factories import ModuleFactory
    from scheduling.tests.factories import make_session

    session = make_session(manager=manager, module=ModuleFactory(code="MET-202"), site=site_a,
                           instructor=instructor_a, starts_on=CHRISTMAS_WEEK, days=10)
    body = client_for(manager).get(reverse("scheduling:session_detail", args=[session.pk])).content.decode()
    assert "Closed days (no meeting)" in body
    assert "25/12/2026 · Christmas Day" in body and "24/12/2026 · provider closed" in body
