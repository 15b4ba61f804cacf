"""The dashboard, climbing the ladder: anonymous, wrong role, right role and content."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.policy import policy_of
from accounts.tests.factories import UserFactory
from catalogue.tests.factories import ModuleFactory
from certificates.models import Certificate, CertificateStatus
from certificates.tests.factories import CertificateFactory
from feedback.models import SurveyResponse
from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from reporting import views
from reporting.forms import ERROR_DATE_INVALID, ERROR_END_BEFORE_START, ERROR_PERIOD_NOT_OFFERED
from reporting.indicators import GLOSSARY
from reporting.periods import last_12_months
from reporting.tests.factories import ReturnFactory, funding_line_of
from returns.models import ReturnStatus
from tests.a11y import html_error_summary_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return reverse("reporting:dashboard")


@pytest.fixture
def enrol(counsellor_a):
    """Make participants of the last months, with or without a certificate and a return."""

    def _enrol(*, qualified=False, returned=False, **kwargs):
        kwargs.setdefault("counsellor", counsellor_a)
        kwargs.setdefault("site", counsellor_a.site)
        participant = ParticipantFactory(**kwargs)
        if qualified:
            CertificateFactory(participant=participant, issued_on=participant.intake_date)
        if returned:
            ReturnFactory(participant=participant, actual_departure=participant.intake_date)
        return participant

    return _enrol


@pytest.fixture
def half_of_four(enrol):
    """Two qualified and returned, one whose certificate was revoked, one who postponed."""
    enrol(qualified=True, returned=True, first_name="Amina", last_name="Haddad")
    enrol(qualified=True, returned=True, first_name="Yonas", last_name="Tesfaye")
    revoked = enrol(first_name="Samir", last_name="Karimi")
    CertificateFactory(participant=revoked, issued_on=revoked.intake_date, status=CertificateStatus.REVOKED)
    postponed = enrol(first_name="Leyla", last_name="Rahimi")
    ReturnFactory(participant=postponed, status=ReturnStatus.POSTPONED, actual_departure=None)


def figure(response, name):
    """The big number shown in the card with id `figure-<name>`."""
    html = response.content.decode()
    match = re.search(rf'id="figure-{name}">\s*<p class="figure">([^<]*)</p>', html)
    assert match, f"no figure {name} on the page"
    return match.group(1)


def headline(response):
    match = re.search(r'id="headline">\s*<p class="figure">([^<]*)</p>', response.content.decode())
    assert match, "no headline on the page"
    return match.group(1)


# --- the ladder ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("persona", ["instructor_a", "dpo"])
def test_other_staff_are_refused(request, client_for, url, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(url).status_code == 403


def test_participants_are_refused(client_for, url):
    participant_user = UserFactory(username="participant", role=Role.PARTICIPANT, site=None)
    assert client_for(participant_user).get(url).status_code == 403


def test_the_dashboard_only_reads(client_for, url, manager):
    assert client_for(manager).post(url, {"start": "2025-01-01", "end": "2025-06-30"}).status_code == 405


def test_the_view_declares_aggregates_only():
    policy = policy_of(views.dashboard)
    assert policy is not None
    assert policy.roles == {Role.MANAGER, Role.FUNDER, Role.COUNSELLOR}
    assert policy.personal_data is False


def test_manager_sees_the_last_12_months(client_for, url, half_of_four, manager):
    # Exact figures for staff; the funder's small cells are suppressed (tested below).
    response = client_for(manager).get(url)

    assert response.status_code == 200
    period = last_12_months(timezone.localdate())
    total = response.context["figures"]["total"]
    assert response.context["period"] == period
    assert (total["started"], total["qualified"], total["returned"], total["qualified_and_returned"]) == (4, 2, 2, 2)
    assert figure(response, "started") == "4"
    assert figure(response, "qualified") == "2"
    assert figure(response, "returned") == "2"
    assert figure(response, "qualified-and-returned") == "2"
    assert headline(response) == "50%"
    assert "2 of 4 participants qualified with a certificate and returned." in response.content.decode()
    form = response.context["form"]
    assert form.initial == {"start": period.start, "end": period.end}


def test_the_funder_never_sees_a_person(client_for, url, funder, half_of_four):
    html = client_for(funder).get(url).content.decode()

    for participant in Participant.objects.all():
        for personal in (participant.first_name, participant.last_name, participant.case_number):
            assert personal not in html
    for certificate in Certificate.objects.all():
        assert certificate.number not in html
    assert "counsellor_a" not in html


def test_the_glossary_explains_every_figure(client_for, url, manager):
    response = client_for(manager).get(url)
    for name, definition in GLOSSARY:
        assert f"<dt>{name}</dt>" in response.content.decode()
        assert f"<dd>{definition}</dd>" in response.content.decode()


def test_a_new_qualified_and_returned_participant_changes_the_figures(client_for, url, manager, enrol, half_of_four):
    client = client_for(manager)
    assert figure(client.get(url), "qualified-and-returned") == "2"

    enrol(qualified=True, returned=True)

    response = client.get(url)
    assert figure(response, "started") == "5"
    assert figure(response, "qualified-and-returned") == "3"
    assert headline(response) == "60%"


def test_the_share_is_written_the_readers_way(client_for, url, manager, half_of_four, enrol):
    enrol(qualified=True, returned=True)
    enrol()
    enrol()  # 3 of 7 = 42.857 %
    client = client_for(manager)
    # German puts a non-breaking space before the sign and a comma before the decimal.
    assert headline(client.get(url, HTTP_ACCEPT_LANGUAGE="de")) == "42,9\xa0%"
    assert headline(client.get(url, HTTP_ACCEPT_LANGUAGE="en")) == "42.9%"


def test_no_share_when_nobody_started(client_for, url, funder):
    response = client_for(funder).get(url)
    assert response.status_code == 200
    assert figure(response, "started") == "0"
    assert headline(response) == "–"
    assert "Nobody started in this period, so there is no share to show." in response.content.decode()


# --- choosing a period --------------------------------------------------------------------


def test_a_chosen_period_counts_only_its_intakes(client_for, url, manager, enrol):
    enrol(intake_date=dt.date(2023, 3, 1), qualified=True, returned=True)
    enrol(intake_date=dt.date(2023, 3, 31))
    enrol(intake_date=dt.date(2023, 4, 1), qualified=True, returned=True)

    response = client_for(manager).get(url, {"start": "2023-03-01", "end": "2023-03-31"})

    assert response.status_code == 200
    assert figure(response, "started") == "2"
    assert figure(response, "qualified-and-returned") == "1"
    assert 'value="2023-03-01"' in response.content.decode()
    assert 'value="2023-03-31"' in response.content.decode()


def test_a_bad_date_shows_the_error_and_keeps_what_was_typed(client_for, url, manager, half_of_four):
    response = client_for(manager).get(url, {"start": "2025-13-45", "end": "2025-06-30"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"start": [ERROR_DATE_INVALID]}
    html = response.content.decode()
    assert str(ERROR_DATE_INVALID) in html
    assert 'value="2025-13-45"' in html
    assert 'value="2025-06-30"' in html
    assert response.context["figures"] is None
    assert 'id="figure-started"' not in html
    # issue 24: the error is in the summary on top, linked to the field, which is aria-invalid
    assert html_error_summary_problems(html, invalid={"start"}) == []
    assert '<a href="#id_start">' in html


def test_an_end_before_the_start_shows_the_error(client_for, url, manager):
    response = client_for(manager).get(url, {"start": "2025-06-30", "end": "2024-07-01"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"end": [ERROR_END_BEFORE_START]}
    html = response.content.decode()
    assert str(ERROR_END_BEFORE_START) in html
    assert 'value="2025-06-30"' in html
    assert 'value="2024-07-01"' in html
    assert html_error_summary_problems(html, invalid={"end"}) == []


def test_a_missing_date_is_asked_for(client_for, url, funder):
    response = client_for(funder).get(url, {"start": "2025-06-30"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["end"]
    html = response.content.decode()
    # the funder's page shows no date field: the summary names the error without a dead link
    assert html_error_summary_problems(html, invalid=set()) == []
    assert 'href="#id_end"' not in html and "Enter a date." in html


# --- cost ---------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_whatever_the_data(client_for, url, manager, enrol):
    client = client_for(manager)
    client.get(url)  # warm up session and caches
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    for index in range(6):
        enrol(qualified=bool(index % 2), returned=bool(index % 3))
    with CaptureQueriesContext(connection) as full:
        client.get(url)
    assert len(full) == len(empty)


@pytest.mark.django_db
def test_funder_sees_small_cells_suppressed_and_manager_exact(client_for, funder, manager, counsellor_a):
    from participants.tests.factories import ParticipantFactory

    line = funding_line_of(funder)
    ParticipantFactory.create_batch(3, site=counsellor_a.site, counsellor=counsellor_a, funding_line=line)
    funder_page = client_for(funder).get(reverse("reporting:dashboard")).content.decode()
    assert "withheld" in funder_page and ">hidden<" not in funder_page
    assert '<p class="figure">3</p>' not in funder_page
    manager_page = client_for(manager).get(reverse("reporting:dashboard")).content.decode()
    assert '<p class="figure">3</p>' in manager_page


def test_funders_count_only_offered_periods(client_for, url, funder, half_of_four):
    """Free dates would let a funder subtract two overlapping periods and undo suppression."""
    response = client_for(funder).get(url, {"start": "2025-06-30", "end": "2025-07-31"})
    assert response.status_code == 400
    assert response.context["figures"] is None
    html = response.content.decode()
    # in the summary on top (no date fields on a funder's page, so nothing to link or mark)
    summary = html.index("data-error-summary")
    assert str(ERROR_PERIOD_NOT_OFFERED) in html[summary : html.index("</ul>", summary)]
    assert html_error_summary_problems(html, invalid=set()) == []
    assert 'role="alert"' not in html
    offered = client_for(funder).get(url)
    assert offered.status_code == 200
    default = offered.context["period"]
    assert default.start.day == 1 and default.end.month != timezone.localdate().month  # whole months only
    again = client_for(funder).get(url, {"start": default.start.isoformat(), "end": default.end.isoformat()})
    assert again.status_code == 200 and again.context["figures"] is not None


def test_the_manager_sees_satisfaction_and_the_funder_does_not(client_for, url, manager, funder):
    module, teacher = ModuleFactory(code="MET-1"), UserFactory(role=Role.INSTRUCTOR)
    month = timezone.localdate().replace(day=1)
    for value in (5, 4, 4, 3, 5, 5):
        SurveyResponse.objects.create(module=module, instructor=teacher, month=month, overall=value,
                                      usefulness=value, instructor_rating=value, practice=value, understanding=value)
    html = client_for(manager).get(url).content.decode()
    assert 'id="satisfaction-figure"' in html and "4.3" in html and "6" in html
    assert 'id="satisfaction-figure"' not in client_for(funder).get(url).content.decode()


def test_withheld_cells_read_in_the_reader_s_language(rf):
    from django.utils import translation

    from reporting.templatetags.reporting_tags import cell

    with translation.override("de"):
        assert cell("withheld") == "gesperrt"
        assert cell(7) == "7" and cell(1234) == "1.234" and cell(12.5) == "12,5"
