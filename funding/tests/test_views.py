import datetime as dt

import pytest
from django.urls import reverse

from funding.tests.factories import FundingLineFactory
from participants.tests.factories import ParticipantFactory

URL = reverse("funding:line_list")


@pytest.fixture
def lines(db, counsellor_a):
    mine = FundingLineFactory(project_number="BMZ-7", final_report_on=dt.date(2027, 3, 31))
    other = FundingLineFactory(project_number="EU-9")
    for _ in range(6):
        ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=mine)
    ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=other)
    return mine, other


def test_ladder(client, client_for, lines, counsellor_a, instructor_a, dpo):
    assert client.get(URL).status_code == 302
    for user in (counsellor_a, instructor_a, dpo):
        assert client_for(user).get(URL).status_code == 403


def test_the_manager_sees_every_line_with_counts_and_retention_end(client_for, manager, lines):
    body = client_for(manager).get(URL).content.decode()
    assert "BMZ-7" in body and "EU-9" in body
    assert "3/31/2037" in body or "31.03.2037" in body or "2037" in body  # 10 years after the final report
    assert "10 years after the final report" in body  # EU-9 has no final report yet


def test_a_funder_sees_only_its_own_line_and_small_counts_suppressed(client_for, funder, lines):
    mine, other = lines
    funder.funder = other.funder
    funder.save()
    body = client_for(funder).get(URL).content.decode()
    assert "EU-9" in body and "BMZ-7" not in body
    assert "&lt;5" in body  # one participant: shown as fewer than five
