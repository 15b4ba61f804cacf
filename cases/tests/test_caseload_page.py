"""The caseload's pages: the same people in the same order as the whole list sorted by name,
with a number of queries that does not grow with the caseload or the page number."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.selectors import participant_caseload_page
from participants.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SURNAMES = ["Haddad", "Abebe", "Diallo", "Rahimi", "Okafor", "Berhane", "Kaya", "Jallow"]


def _people(count, *, site, counsellor, rng):
    return [
        ParticipantFactory(first_name=f"P{rng.randrange(10_000)}x{n}", last_name=rng.choice(SURNAMES),
                           site=site, counsellor=counsellor)
        for n in range(count)
    ]


def test_pages_follow_the_name_order_and_cover_everyone_once(counsellor_a, site_a, site_b, counsellor_b):
    rng = random.Random(19)  # noqa: S311 - seeded test data
    mine = _people(37, site=site_a, counsellor=counsellor_a, rng=rng)
    _people(5, site=site_b, counsellor=counsellor_b, rng=rng)  # another site's: never listed
    expected = [p.pk for p in sorted(mine, key=lambda p: (p.last_name, p.first_name, p.pk))]
    seen = []
    for number in (1, 2):
        page = participant_caseload_page(user=counsellor_a, page=number, per_page=25)
        assert page.paginator.count == 37 and page.paginator.num_pages == 2
        seen += [person.pk for person in page.object_list]
        assert all(hasattr(person, "stage") for person in page.object_list)
    assert seen == expected
    last = participant_caseload_page(user=counsellor_a, page="last", per_page=25)
    assert last.number == 1  # Django's get_page: not a number → the first page


def test_search_and_stage_filter_then_page(counsellor_a, site_a):
    rng = random.Random(7)  # noqa: S311 - seeded test data
    people = _people(12, site=site_a, counsellor=counsellor_a, rng=rng)
    found = participant_caseload_page(user=counsellor_a, search="Diallo", per_page=5)
    assert found.paginator.count == sum(1 for p in people if p.last_name == "Diallo")
    assert all(person.last_name == "Diallo" for person in found.object_list)
    intake = participant_caseload_page(user=counsellor_a, stage="intake", per_page=50)
    assert {person.pk for person in intake.object_list} == {p.pk for p in people}
    assert participant_caseload_page(user=counsellor_a, stage="return").paginator.count == 0


def test_query_count_does_not_grow_with_caseload_or_page(counsellor_a, site_a):
    rng = random.Random(3)  # noqa: S311 - seeded test data
    _people(30, site=site_a, counsellor=counsellor_a, rng=rng)
    counts = []
    for more, page in ((0, 1), (40, 1), (0, 3)):
        _people(more, site=site_a, counsellor=counsellor_a, rng=rng)
        with CaptureQueriesContext(connection) as queries:
            result = participant_caseload_page(user=counsellor_a, page=page, per_page=25)
            list(result.object_list)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] == 3  # count, the page's ids, the page's rows
