"""Closing a reporting period: frozen figures, their hash, and records changed since."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from certificates.tests.factories import CertificateFactory
from funding.models import ReportingPeriod
from participants.tests.factories import ParticipantFactory
from reporting import services
from reporting.forms import ERROR_CLOSE_UNCONFIRMED
from reporting.models import FrozenReport
from reporting.selectors import canonical_json, frozen_report_changes
from reporting.tests.factories import ReturnFactory, funding_line_of
from tests.a11y import html_error_summary_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(funder):
    return funding_line_of(funder)


@pytest.fixture
def year(line):
    return ReportingPeriod.objects.create(
        funding_line=line, name="2025", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31)
    )


@pytest.fixture
def people(line, counsellor_a):
    made = [
        ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=line,
                           intake_date=dt.date(2025, 2, 1))
        for _ in range(6)
    ]
    ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2025, 2, 1))  # no line
    for person in made[:3]:
        ReturnFactory(participant=person, actual_departure=dt.date(2025, 7, 1))
    return made


def test_closing_stores_the_figures_their_hash_and_fingerprints(year, people, manager):
    frozen = services.reporting_period_close(reporting_period=year, acting_user=manager)

    assert frozen.values["total"]["started"] == 6  # only the line's people
    assert frozen.values["total"]["returned"] == 3
    assert frozen.content_hash == hashlib.sha256(canonical_json(frozen.values).encode()).hexdigest()
    assert set(frozen.fingerprints) == {str(person.pk) for person in people}
    entry = AuditEntry.objects.get(action="reporting.period_close")
    assert entry.actor == manager and entry.detail["content_hash"] == frozen.content_hash


def test_a_period_closes_once_and_its_report_never_changes(year, people, manager):
    frozen = services.reporting_period_close(reporting_period=year, acting_user=manager)
    with pytest.raises(ValidationError):
        services.reporting_period_close(reporting_period=year, acting_user=manager)
    frozen.values = {}
    with pytest.raises(ValueError, match="cannot be changed"):
        frozen.save()
    assert FrozenReport.objects.get().values["total"]["started"] == 6


def test_later_changes_are_flagged_and_the_frozen_figures_stay(year, people, manager, line, counsellor_a):
    frozen = services.reporting_period_close(reporting_period=year, acting_user=manager)
    assert frozen_report_changes(frozen) == {"changed": [], "added": [], "removed": []}

    CertificateFactory(participant=people[4], issued_on=dt.date(2025, 9, 1))  # counted fact changes
    late = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=line,
                              intake_date=dt.date(2025, 3, 1))
    people[5].funding_line = None  # moved to no line: no longer counted here
    people[5].save()

    changes = frozen_report_changes(FrozenReport.objects.get())
    assert changes == {"changed": [people[4].pk], "added": [late.pk], "removed": [people[5].pk]}
    assert FrozenReport.objects.get().values["total"]["qualified"] == 0


def test_the_frozen_page_shows_the_frozen_figures_and_flags_changes(client_for, year, people, manager, funder):
    services.reporting_period_close(reporting_period=year, acting_user=manager)
    CertificateFactory(participant=people[0], issued_on=dt.date(2025, 9, 1))
    url = reverse("reporting:frozen_report", kwargs={"pk": year.pk})

    html = client_for(manager).get(url).content.decode()
    assert "1 changed, 0 added, 0 no longer counted" in html
    assert people[0].case_number in html

    funder_page = client_for(funder).get(url)
    assert funder_page.status_code == 200
    body = funder_page.content.decode()
    assert people[0].case_number not in body and "changed since closing" not in body


def test_only_managers_close_periods_and_only_once_confirmed(client_for, year, people, manager, funder, counsellor_a):
    url = reverse("reporting:period_close", kwargs={"pk": year.pk})
    assert client_for(funder).post(url, {"confirm": "freeze"}).status_code == 403
    assert client_for(counsellor_a).post(url, {"confirm": "freeze"}).status_code == 403
    confirmation = client_for(manager).get(url)
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "the 6 participants counted" in page and "Freeze these figures for good" in page
    unconfirmed = client_for(manager).post(url)
    assert unconfirmed.status_code == 400
    # issue 24: the missing confirmation is in the summary on top, linked to the box, aria-invalid
    html = unconfirmed.content.decode()
    assert html_error_summary_problems(html, invalid={"confirm"}) == []
    assert '<a href="#id_confirm">' in html and str(ERROR_CLOSE_UNCONFIRMED) in html
    assert not FrozenReport.objects.filter(reporting_period=year).exists()
    response = client_for(manager).post(url, {"confirm": "freeze"})
    assert response.status_code == 302
    assert FrozenReport.objects.filter(reporting_period=year).exists()


def test_a_period_that_has_not_ended_cannot_be_closed(client_for, line, manager, people):
    today = timezone.localdate()
    running = ReportingPeriod.objects.create(
        funding_line=line, name="running", starts_on=today - dt.timedelta(days=30), ends_on=today
    )
    with pytest.raises(ValidationError, match="can be closed from the day after it ended"):
        services.reporting_period_close(reporting_period=running, acting_user=manager)
    url = reverse("reporting:period_close", kwargs={"pk": running.pk})
    page = client_for(manager).get(url).content.decode()
    assert "Freeze these figures" not in page and "can be closed from the day after it ended" in page
    client_for(manager).post(url, {"confirm": "freeze"})
    assert not FrozenReport.objects.filter(reporting_period=running).exists()
    dashboard = client_for(manager).get(reverse("reporting:dashboard")).content.decode()
    assert url not in dashboard  # no offer to close what has not ended


def test_reporting_periods_of_one_line_do_not_overlap(year):
    overlapping = ReportingPeriod(
        funding_line=year.funding_line, name="H2", starts_on=dt.date(2025, 7, 1), ends_on=dt.date(2026, 6, 30)
    )
    with pytest.raises(ValidationError) as caught:
        overlapping.full_clean()
    assert "starts_on" in caught.value.message_dict
