"""The attendance rule applied: eligibility and issue follow training/rules.py; express issue;
the evidence page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from certificates.models import Certificate, CertificateKind
from certificates.selectors import certificate_eligibility, express_issue_offer
from certificates.services import ERROR_NO_EXPRESS_ISSUE, certificate_express_issue, certificate_issue
from scheduling import services as scheduling_services
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant
from training import services as training_services
from training.services import AttendanceEntry

pytestmark = pytest.mark.django_db

SIGNATURE = "M10 20 L30 40"


@pytest.fixture
def finished(manager, site_a, instructor_a, counsellor_a):
    """A five-day session (4 h a day, 1200 minutes) that ended three days ago."""
    module = ModuleFactory(code="WEL-101")
    participant = planned_participant(counsellor_a, module)
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=timezone.localdate() - dt.timedelta(days=7))
    enrolment = scheduling_services.session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    return participant, session, enrolment


def _attend(session, enrolment, instructor, entries: list[AttendanceEntry], *, lock: bool = True) -> None:
    today = timezone.localdate()
    for meeting, entry in zip(session.meetings.order_by("date"), entries, strict=True):
        training_services.attendance_record(acting_user=instructor, meeting=meeting, today=today,
                                            entries={enrolment.pk: entry})
        if lock:
            training_services.attendance_day_countersign(acting_user=instructor, meeting=meeting,
                                                         signature=SIGNATURE)


def _pass(session, enrolment, instructor) -> None:
    training_services.result_record(acting_user=instructor, session=session, outcomes={enrolment.pk: "passed"},
                                    recorded_on=timezone.localdate())


PRESENT = AttendanceEntry(status="present", signature=SIGNATURE)
ABSENT = AttendanceEntry(status="unexcused")


def test_exactly_80_percent_and_passed_earns_the_certificate(finished, instructor_a, counsellor_a):
    participant, session, enrolment = finished
    _attend(session, enrolment, instructor_a, [PRESENT, PRESENT, PRESENT, PRESENT, ABSENT])  # 960 / 1200
    _pass(session, enrolment, instructor_a)
    assert certificate_eligibility(participant=participant).eligible
    certificate = certificate_issue(acting_user=counsellor_a, participant=participant)
    assert certificate.kind == CertificateKind.CERTIFICATE


def test_79_9_percent_gets_a_confirmation_of_attendance_only(finished, instructor_a, counsellor_a):
    participant, session, enrolment = finished
    left_a_minute_early = AttendanceEntry(status="present", left_at=dt.time(12, 59))
    _attend(session, enrolment, instructor_a, [PRESENT, PRESENT, PRESENT, left_a_minute_early, ABSENT])  # 959
    _pass(session, enrolment, instructor_a)
    eligibility = certificate_eligibility(participant=participant)
    assert not eligibility.eligible and eligibility.attendance_eligible
    assert eligibility.missing == ["WEL-101: attendance 79.9 % is below the 80 % a certificate needs"]
    with pytest.raises(ValidationError):
        certificate_issue(acting_user=counsellor_a, participant=participant, kind=CertificateKind.CERTIFICATE)
    document = certificate_issue(acting_user=counsellor_a, participant=participant, kind=CertificateKind.ATTENDANCE)
    assert document.kind == CertificateKind.ATTENDANCE


def test_threshold_is_a_setting(finished, instructor_a, settings):
    settings.REINTEGRA_ATTENDANCE_THRESHOLD = 75
    participant, session, enrolment = finished
    left_a_minute_early = AttendanceEntry(status="present", left_at=dt.time(12, 59))
    _attend(session, enrolment, instructor_a, [PRESENT, PRESENT, PRESENT, left_a_minute_early, ABSENT])
    _pass(session, enrolment, instructor_a)
    assert certificate_eligibility(participant=participant).eligible


def test_full_attendance_without_a_pass_is_attendance_only(finished, instructor_a):
    participant, session, enrolment = finished
    _attend(session, enrolment, instructor_a, [PRESENT] * 5)
    eligibility = certificate_eligibility(participant=participant)
    assert not eligibility.eligible and eligibility.attendance_eligible


def test_attendance_document_prints_units_attended_and_its_kind(finished, instructor_a, counsellor_a):
    from certificates.pdf import certificate_html
    from certificates.selectors import certificate_document

    participant, session, enrolment = finished
    _attend(session, enrolment, instructor_a, [PRESENT, PRESENT, ABSENT, ABSENT, ABSENT])  # 480 min = 10.7 UE
    document = certificate_issue(acting_user=counsellor_a, participant=participant, kind=CertificateKind.ATTENDANCE,
                                 language="ar")
    html = certificate_html(document=certificate_document(certificate=document))
    assert "Teilnahmebescheinigung" in html
    assert "10,7 / " in html  # units attended of the module's units (German number format)
    assert "kein Zertifikat und kein formaler Berufsabschluss" in html
    assert "neither a certificate nor a formal vocational qualification" in html
    assert "وهي ليست شهادة إتمام" in html  # the third language says it too


def test_express_issue_after_the_departure_moved_earlier(manager, site_a, instructor_a, counsellor_a):
    module = ModuleFactory(code="WEL-102")
    participant = planned_participant(counsellor_a, module)
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=timezone.localdate() - dt.timedelta(days=2), days=10)
    enrolment = scheduling_services.session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    past = list(session.meetings.filter(date__lte=timezone.localdate()).order_by("date"))
    for meeting in past:
        training_services.attendance_record(acting_user=instructor_a, meeting=meeting, today=timezone.localdate(),
                                            statuses={enrolment.pk: "present"})
    assert express_issue_offer(participant=participant) is None  # leaves after the training
    with pytest.raises(ValidationError) as refused:
        certificate_express_issue(acting_user=counsellor_a, participant=participant)
    assert refused.value.messages == [str(ERROR_NO_EXPRESS_ISSUE)]

    participant.planned_departure = timezone.localdate() + dt.timedelta(days=2)  # moved earlier
    participant.save()
    offer = express_issue_offer(participant=participant)
    assert offer is not None and offer.kind == CertificateKind.ATTENDANCE

    certificate = certificate_express_issue(acting_user=counsellor_a, participant=participant)
    assert certificate.kind == CertificateKind.ATTENDANCE
    assert express_issue_offer(participant=participant) is None  # done: no second offer


def test_express_issue_view(client_for, manager, site_a, instructor_a, counsellor_a, counsellor_b):
    module = ModuleFactory(code="WEL-103")
    participant = planned_participant(counsellor_a, module)
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=timezone.localdate() - dt.timedelta(days=1), days=10)
    enrolment = scheduling_services.session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    training_services.attendance_record(acting_user=instructor_a, meeting=session.meetings.order_by("date").first(),
                                        today=timezone.localdate(), statuses={enrolment.pk: "present"})
    participant.planned_departure = timezone.localdate() + dt.timedelta(days=1)
    participant.save()
    case_file = client_for(counsellor_a).get(reverse("participants:case_file", args=[participant.pk]))
    assert 'id="express-issue"' in case_file.content.decode()
    url = reverse("certificates:express_issue", args=[participant.pk])
    assert client_for(counsellor_b).post(url).status_code == 404
    assert not Certificate.objects.exists()
    assert client_for(counsellor_a).post(url).status_code == 302
    assert Certificate.objects.get().kind == CertificateKind.ATTENDANCE


def test_evidence_page_answers_why_it_was_issued(
    client_for, finished, instructor_a, counsellor_a, counsellor_b, instructor_b, funder, manager
):
    participant, session, enrolment = finished
    _attend(session, enrolment, instructor_a, [PRESENT] * 5)
    _pass(session, enrolment, instructor_a)
    certificate = certificate_issue(acting_user=counsellor_a, participant=participant)
    url = reverse("certificates:evidence", args=[certificate.pk])
    assert client_for(counsellor_b).get(url).status_code == 404
    assert client_for(instructor_b).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    for user in (counsellor_a, manager):
        response = client_for(user).get(url)
        assert response.status_code == 200
    body = response.content.decode()
    assert certificate.number in body
    assert "100.0 %" in body and "passed" in body
    assert body.count("locked: countersigned by") == 5
    assert "WEL-101" in body
    assert reverse("certificates:evidence", args=[certificate.pk]) in client_for(counsellor_a).get(
        reverse("participants:case_file", args=[participant.pk])
    ).content.decode()
