"""The demo funder's periods hold enough entrants for every headline figure to be shown."""

import datetime as dt

import pytest

from demo.timeline import second_line_takes, timeline_build


def _project_years(anchor: dt.date) -> list[tuple[dt.date, dt.date]]:
    # as seed_demo._funding and seed_reporting: three project years from the first of a month ~27 months ago
    first = (anchor.replace(day=1) - dt.timedelta(days=820)).replace(day=1)
    years = []
    for _ in range(3):
        last = first.replace(year=first.year + 1) - dt.timedelta(days=1)
        years.append((first, last))
        first = last + dt.timedelta(days=1)
    return years


@pytest.mark.parametrize("anchor", [dt.date(2026, 12, 5), dt.date(2026, 12, 7), dt.date(2027, 3, 15),
                                    dt.date(2026, 7, 1), dt.date(2027, 1, 2)])
def test_every_federal_project_year_has_at_least_10_entrants(anchor, settings):
    people = timeline_build(anchor=anchor, module_hours=_module_hours(), seed=2026).people
    years = _project_years(anchor)
    federal = [p for p in people if not second_line_takes(p, project_start=years[0][0])]
    counts = [sum(first <= p.intake <= last for p in federal) for first, last in years]
    assert min(counts) >= settings.REINTEGRA_REPORTING_MIN_ENTRANTS, counts
    # the state line still pays for some people (every third of the second year)
    assert len(federal) < len(people)


def test_the_demo_anchor_gives_11_26_11():
    anchor = dt.date(2026, 12, 5)
    people = timeline_build(anchor=anchor, module_hours=_module_hours(), seed=2026).people
    years = _project_years(anchor)
    federal = [p for p in people if not second_line_takes(p, project_start=years[0][0])]
    assert [sum(first <= p.intake <= last for p in federal) for first, last in years] == [11, 26, 11]


def _module_hours() -> dict[str, int]:
    from demo import content

    return {code: 40 for codes in content.TRADE_MODULES.values() for code in codes}
