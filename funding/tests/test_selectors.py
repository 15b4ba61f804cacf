import pytest

from accounts.tests.factories import UserFactory
from certificates.models import Certificate
from funding.selectors import funding_line_list_with_counts, lines_visible_to
from funding.tests.factories import FundingLineFactory
from participants.tests.factories import ParticipantFactory


@pytest.fixture
def two_lines(db):
    return FundingLineFactory(project_number="BMZ-1"), FundingLineFactory(project_number="LAND-1")


def test_a_funder_sees_only_its_own_lines(two_lines, funder, manager, dpo, counsellor_a):
    mine, other = two_lines
    funder.funder = mine.funder
    funder.save()
    assert list(lines_visible_to(funder)) == [mine]
    assert set(lines_visible_to(manager)) == {mine, other}
    assert set(lines_visible_to(dpo)) == {mine, other}
    assert list(lines_visible_to(counsellor_a)) == []


def test_a_funder_account_without_a_funder_sees_no_line(two_lines):
    assert list(lines_visible_to(UserFactory(role="funder", site=None))) == []


def test_counts_per_line(two_lines, manager, counsellor_a):
    mine, other = two_lines
    for _ in range(3):
        ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=mine)
    ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=other)
    ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=None)
    counts = {line.project_number: line.participant_count for line in funding_line_list_with_counts(user=manager)}
    assert counts == {"BMZ-1": 3, "LAND-1": 1}
    assert Certificate.objects.count() == 0
    assert {line.certificate_count for line in funding_line_list_with_counts(user=manager)} == {0}
