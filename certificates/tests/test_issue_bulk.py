"""Issuing many at once (certificate_issue_many): the same certificates as one by one, a
refusal on its own request only, queries that do not grow with the count, and the batch
step and documents built on it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.audit import audit_chain_verify
from accounts.models import AuditEntry
from certificates import credentials, services
from certificates.credentials import canonicalize, credential_verify
from certificates.keys import issuer_key_current, issuer_key_document
from certificates.models import Certificate, CertificateBatchItem, CertificateKind, CertificateStatus
from certificates.selectors import (
    REASON_NO_FINAL_PLAN,
    REASON_NO_PASSED_RESULT,
    certificate_document,
    certificate_documents,
)
from certificates.services import (
    ERROR_ISSUED_IN_FUTURE,
    ERROR_LANGUAGE,
    ERROR_NOTHING_ATTENDED,
    ERROR_NUMBER_EXHAUSTED,
    CertificateRequest,
    certificate_batch_start,
    certificate_batch_step,
    certificate_issue,
    certificate_issue_many,
)
from certificates.tests.factories import (
    CertificateFactory,
    EnrolmentFactory,
    ResultFactory,
    SessionFactory,
    final_plan_with,
)
from certificates.tests.jcs_reference import walked
from certificates.tests.test_services import NUMBER_PATTERN
from participants.tests.factories import ParticipantFactory
from training.models import Outcome, Result

pytestmark = pytest.mark.django_db



@pytest.fixture
def sessions(met_101, met_201, site_a, instructor_a):
    """One finished session of each module at site A, shared by everyone here."""
    return [
        SessionFactory(module=met_101, site=site_a, instructor=instructor_a,
                       starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6)),
        SessionFactory(module=met_201, site=site_a, instructor=instructor_a,
                       starts_on=dt.date(2026, 4, 13), ends_on=dt.date(2026, 4, 24)),
    ]


@pytest.fixture
def person(sessions, site_a, counsellor_a):
    """Make a participant of site A with a final plan of both modules and these results."""

    def make(first_name: str, outcomes: tuple[str | None, ...] = (Outcome.PASSED, Outcome.PASSED), **fields: Any):
        participant = ParticipantFactory(first_name=first_name, last_name="Haddad", site=site_a,
                                         counsellor=counsellor_a, **fields)
        final_plan_with(participant=participant, modules=[session.module for session in sessions])
        for session, outcome in zip(sessions, outcomes, strict=True):
            enrolment = EnrolmentFactory(session=session, participant=participant)
            if outcome is not None:
                ResultFactory(enrolment=enrolment, outcome=outcome)
        return participant

    return make


def _cohort(person, counsellor_a, twin: str):
    """Three people set up alike in each twin cohort: ready, partly done (attendance in
    French), and ready with a certificate issued before (to be superseded)."""
    ready = person(f"Ready{twin}")
    partly = person(f"Partly{twin}", (Outcome.PASSED, Outcome.FAILED))
    again = person(f"Again{twin}")
    earlier = certificate_issue(acting_user=counsellor_a, participant=again, language="en")
    requests = [
        CertificateRequest(participant=ready),
        CertificateRequest(participant=partly, kind=CertificateKind.ATTENDANCE, language="fr"),
        CertificateRequest(participant=again),
    ]
    return requests, earlier


def _comparable(certificate: Certificate) -> str:
    """The credential without what is drawn at random (number, index) or made at signing (proof)."""
    unsigned = {key: value for key, value in certificate.credential.items() if key not in ("proof", "credentialStatus")}
    return json.dumps(unsigned, sort_keys=True).replace(certificate.number, "NUMBER").replace("Bulk", "Twin").replace(
        "Single", "Twin"
    )


def _issue_audit(certificate: Certificate) -> AuditEntry:
    return AuditEntry.objects.get(action="certificate.issue", object_id=str(certificate.pk))


# The same as one by one ------------------------------------------------------------------


def test_many_issues_what_one_by_one_issues(person, counsellor_a):
    bulk_requests, bulk_earlier = _cohort(person, counsellor_a, "Bulk")
    single_requests, single_earlier = _cohort(person, counsellor_a, "Single")

    outcomes = certificate_issue_many(acting_user=counsellor_a, requests=bulk_requests)
    singles = [
        certificate_issue(acting_user=counsellor_a, participant=request.participant, kind=request.kind,
                          language=request.language)
        for request in single_requests
    ]

    assert [outcome.errors for outcome in outcomes] == [[], [], []]
    bulk = [outcome.certificate for outcome in outcomes]
    assert all(certificate is not None for certificate in bulk)
    keys = issuer_key_document()
    for mine, theirs in zip(bulk, singles, strict=True):
        assert mine is not None
        stored = Certificate.objects.get(pk=mine.pk)
        assert stored.credential == mine.credential
        assert (stored.kind, stored.language, stored.status, stored.issued_on, stored.issued_by_id) == (
            theirs.kind, theirs.language, theirs.status, theirs.issued_on, theirs.issued_by_id,
        )
        assert stored.plan == stored.participant.plans.get()
        assert NUMBER_PATTERN.match(stored.number)
        assert credential_verify(stored.credential, key_document=keys).valid
        assert stored.credential["credentialStatus"]["statusListIndex"] == str(stored.status_index)
        assert _comparable(stored) == _comparable(theirs)
        mine_detail, theirs_detail = _issue_audit(stored).detail, _issue_audit(theirs).detail
        assert mine_detail.keys() == theirs_detail.keys() == {"plan", "superseded", "kind", "language", "key"}
        assert mine_detail["plan"] == stored.plan_id
        assert (mine_detail["kind"], mine_detail["language"], mine_detail["key"]) == (
            theirs_detail["kind"], theirs_detail["language"], theirs_detail["key"],
        )
    assert [c.kind for c in bulk if c is not None] == ["certificate", "attendance", "certificate"]
    # the earlier certificate is superseded, never deleted, and the audit names it
    for earlier, issued in ((bulk_earlier, bulk[2]), (single_earlier, singles[2])):
        assert issued is not None
        earlier.refresh_from_db()
        assert earlier.status == CertificateStatus.SUPERSEDED
        assert _issue_audit(issued).detail["superseded"] == [earlier.pk]
    assert _issue_audit(bulk[0]).detail["superseded"] == []
    assert audit_chain_verify() is None


def test_documents_of_many_are_the_documents_of_each(person, counsellor_a):
    ready, partly = person("Ready"), person("Partly", (Outcome.PASSED, None))
    first = certificate_issue(acting_user=counsellor_a, participant=ready)
    second = certificate_issue(acting_user=counsellor_a, participant=partly, kind=CertificateKind.ATTENDANCE,
                               issued_on=dt.date(2026, 4, 20))  # before MET-201 ended
    together = certificate_documents(certificates=[second, first])
    for document, certificate in zip(together, [second, first], strict=True):
        alone = certificate_document(certificate=certificate)
        assert document.lines == alone.lines
        assert (document.trades, document.sites) == (alone.trades, alone.sites)
    assert [line.attended for line in together[0].lines] == [True, False]


def test_documents_of_many_take_a_fixed_number_of_queries(person, counsellor_a, django_assert_num_queries):
    certificates = [certificate_issue(acting_user=counsellor_a, participant=person(f"P{n}")) for n in range(4)]
    plain = list(Certificate.objects.filter(pk__in=[c.pk for c in certificates]))  # no relation loaded
    # certificates with their relations, plan items, enrolments, meetings, attendance
    with django_assert_num_queries(5):
        documents = certificate_documents(certificates=plain)
    assert [len(document.lines) for document in documents] == [2, 2, 2, 2]


# One refused, the others issued ----------------------------------------------------------


def test_a_refused_request_gets_its_reasons_and_the_others_are_issued(person, counsellor_a, site_a):
    first = person("First")
    no_plan = ParticipantFactory(first_name="NoPlan", site=site_a, counsellor=counsellor_a)
    failed = person("Failed", (Outcome.PASSED, Outcome.FAILED))
    nothing = person("Nothing", (None, None))
    Result.objects.filter(enrolment__participant=nothing).delete()
    last = person("Last")
    outcomes = certificate_issue_many(
        acting_user=counsellor_a,
        requests=[
            CertificateRequest(participant=first),
            CertificateRequest(participant=no_plan),
            CertificateRequest(participant=failed),
            CertificateRequest(participant=last, language="xx"),
            CertificateRequest(participant=person("Fine"), kind=CertificateKind.ATTENDANCE),
        ],
    )
    assert [outcome.errors for outcome in outcomes] == [
        [],
        [str(REASON_NO_FINAL_PLAN)],
        [REASON_NO_PASSED_RESULT % {"code": "MET-201"}],
        [str(ERROR_LANGUAGE)],
        [],
    ]
    assert [outcome.code for outcome in outcomes] == ["", "not_eligible", "not_eligible", "language", ""]
    issued = [outcome.certificate for outcome in outcomes if outcome.certificate is not None]
    assert [c.participant.first_name for c in issued] == ["First", "Fine"]
    assert Certificate.objects.count() == 2
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 2
    assert not Certificate.objects.filter(participant__in=[no_plan, failed, last]).exists()


def test_attendance_without_anything_attended_is_refused(person, counsellor_a, sessions):
    nobody = person("Nobody", (None, None))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for session in sessions:  # sessions still to come
        session.starts_on, session.ends_on = tomorrow, tomorrow + dt.timedelta(days=4)
        session.save(update_fields=["starts_on", "ends_on"])
    [outcome] = certificate_issue_many(
        acting_user=counsellor_a, requests=[CertificateRequest(participant=nobody, kind=CertificateKind.ATTENDANCE)]
    )
    assert outcome.certificate is None
    assert outcome.errors == [str(ERROR_NOTHING_ATTENDED)]
    assert outcome.code == "nothing_attended"


def test_single_issue_raises_the_reasons_of_its_one_request(person, counsellor_a, site_a):
    no_plan = ParticipantFactory(site=site_a, counsellor=counsellor_a)
    with pytest.raises(ValidationError) as caught:
        certificate_issue(acting_user=counsellor_a, participant=no_plan)
    assert caught.value.messages == [str(REASON_NO_FINAL_PLAN)]
    with pytest.raises(ValidationError) as caught:
        certificate_issue(acting_user=counsellor_a, participant=person("Ready"), language="xx")
    assert caught.value.code == "language"


def test_a_date_in_the_future_refuses_the_lot(person, counsellor_a):
    with pytest.raises(ValidationError) as caught:
        certificate_issue_many(acting_user=counsellor_a, requests=[CertificateRequest(participant=person("A"))],
                               issued_on=timezone.localdate() + dt.timedelta(days=1))
    assert caught.value.messages == [str(ERROR_ISSUED_IN_FUTURE)]


def test_a_participant_twice_in_one_call_is_a_programming_error(person, counsellor_a):
    twice = person("Twice")
    with pytest.raises(ValueError):
        certificate_issue_many(
            acting_user=counsellor_a,
            requests=[CertificateRequest(participant=twice), CertificateRequest(participant=twice, language="fr")],
        )


def test_nothing_asked_issues_nothing(counsellor_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert certificate_issue_many(acting_user=counsellor_a, requests=[]) == []


# Numbers and status indexes ----------------------------------------------------------------


def test_numbers_and_indexes_are_unique(person, counsellor_a):
    outcomes = certificate_issue_many(
        acting_user=counsellor_a, requests=[CertificateRequest(participant=person(f"P{n}")) for n in range(12)]
    )
    certificates = [outcome.certificate for outcome in outcomes if outcome.certificate is not None]
    assert len(certificates) == 12
    assert len({c.number for c in certificates}) == 12
    assert all(NUMBER_PATTERN.match(c.number) for c in certificates)
    indexes = [c.status_index for c in certificates]
    assert len(set(indexes)) == 12
    assert all(index is not None and 0 <= index < credentials.STATUS_LIST_BITS for index in indexes)


def test_numbers_taken_or_drawn_twice_are_drawn_again(person, counsellor_a, monkeypatch):
    CertificateFactory(number="RZ-2026-AAAAAAAA")
    proposals = iter(["RZ-2026-AAAAAAAA", "RZ-2026-CCCCCCCC", "RZ-2026-CCCCCCCC", "RZ-2026-DDDDDDDD"])
    monkeypatch.setattr(services, "certificate_number_generate", lambda *, year: next(proposals))
    outcomes = certificate_issue_many(
        acting_user=counsellor_a, requests=[CertificateRequest(participant=person(n)) for n in ("A", "B")]
    )
    # round 1: A's is taken, B gets C; round 2: A draws C again (B's now); round 3: D
    assert [outcome.certificate.number for outcome in outcomes if outcome.certificate is not None] == [
        "RZ-2026-DDDDDDDD", "RZ-2026-CCCCCCCC",
    ]


def test_when_numbers_run_out_only_that_request_is_refused(person, counsellor_a, monkeypatch):
    monkeypatch.setattr(services, "certificate_number_generate", lambda *, year: "RZ-2026-AAAAAAAA")
    outcomes = certificate_issue_many(
        acting_user=counsellor_a, requests=[CertificateRequest(participant=person(n)) for n in ("A", "B")]
    )
    assert outcomes[0].certificate is not None and outcomes[0].certificate.number == "RZ-2026-AAAAAAAA"
    assert outcomes[1].certificate is None
    assert outcomes[1].errors == [str(ERROR_NUMBER_EXHAUSTED)]
    assert Certificate.objects.count() == 1


def test_a_number_taken_between_check_and_insert_is_drawn_again_and_signed_again(person, counsellor_a, monkeypatch):
    CertificateFactory(number="RZ-2026-TAKEN000")
    real_draw = services._identities_draw
    draws = iter([lambda positions, *, year: ({p: 5 for p in positions}, {p: "RZ-2026-TAKEN000" for p in positions})])

    def draw(positions: list[int], *, year: int) -> tuple[dict[int, int], dict[int, str]]:
        # the first draw "checked" before a concurrent issue took its number
        return next(draws, real_draw)(positions, year=year)

    monkeypatch.setattr(services, "_identities_draw", draw)
    [outcome] = certificate_issue_many(acting_user=counsellor_a, requests=[CertificateRequest(participant=person("A"))])
    certificate = outcome.certificate
    assert certificate is not None and certificate.number != "RZ-2026-TAKEN000"
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.number in stored.credential["id"]
    assert stored.credential["credentialStatus"]["statusListIndex"] == str(stored.status_index)
    assert credential_verify(stored.credential, key_document=issuer_key_document()).valid


# Queries do not grow with the count ------------------------------------------------------------


@pytest.fixture
def distinct_indexes(monkeypatch):
    """Status indexes drawn in sequence, so a rare random clash cannot add a round (and a query)."""
    counter = itertools.count(7, 13)
    monkeypatch.setattr(services.secrets, "randbelow", lambda bound: next(counter) % bound)


def _queries_to_issue(person, counsellor_a, count: int, prefix: str) -> int:
    requests = [CertificateRequest(participant=person(f"{prefix}{n}")) for n in range(count)]
    with CaptureQueriesContext(connection) as queries:
        outcomes = certificate_issue_many(acting_user=counsellor_a, requests=requests)
    assert all(outcome.certificate is not None for outcome in outcomes)
    return len(queries)


def test_issuing_many_takes_as_many_queries_as_issuing_a_few(person, counsellor_a, distinct_indexes):
    issuer_key_current()  # made on first use: not part of what is counted
    # one issue first: what a process reads once and caches (whatever earlier tests in this worker
    # left cold) is not part of what grows with the count
    _queries_to_issue(person, counsellor_a, 1, "Warm")
    few = _queries_to_issue(person, counsellor_a, 5, "Few")
    many = _queries_to_issue(person, counsellor_a, 20, "Many")
    assert few == many
    # 21: the audit chain's head row is advanced by one UPDATE … RETURNING per append (accounts/audit.py);
    # +1: the people's rows of the report's fact table (reporting/facts.py, one INSERT … ON CONFLICT)
    # +1 on PostgreSQL: those rows are locked first (SELECT … FOR UPDATE), so two writers take turns
    # +2: their hours steps (reporting.ParticipantHoursStep: one DELETE, one INSERT … SELECT)
    assert many <= (25 if connection.vendor == "postgresql" else 24), many


def test_a_batch_step_takes_as_many_queries_for_many_items(
    person, counsellor_a, met_101, site_a, instructor_a, distinct_indexes
):
    issuer_key_current()

    def step_queries(prefix: str, count: int) -> int:
        session = SessionFactory(module=met_101, site=site_a, instructor=instructor_a)  # this round's people only
        for n in range(count):
            EnrolmentFactory(session=session, participant=person(f"{prefix}{n}"))
        batch = certificate_batch_start(acting_user=counsellor_a, session=session)
        with CaptureQueriesContext(connection) as queries:
            certificate_batch_step(batch=batch, max_items=count)
        batch.refresh_from_db()
        assert batch.finished_at is not None
        assert batch.items.filter(certificate__isnull=False).count() == count
        return len(queries)

    assert step_queries("Few", 3) == step_queries("Many", 12)


# The batch step ------------------------------------------------------------------------------


def test_batch_step_issues_a_chunk_and_records_a_refusal_on_its_item(person, counsellor_a, sessions):
    people = [person(name) for name in ("Anna", "Bert", "Cleo")]
    batch = certificate_batch_start(acting_user=counsellor_a, session=sessions[0])
    Result.objects.filter(enrolment__participant=people[1], enrolment__session=sessions[1]).delete()
    certificate_batch_step(batch=batch, max_items=2)
    done = {item.participant.first_name: item for item in batch.items.filter(done_at__isnull=False)}
    assert sorted(done) == ["Anna", "Bert"]
    assert done["Anna"].certificate is not None and done["Anna"].error == ""
    assert done["Bert"].certificate is None
    assert done["Bert"].error == REASON_NO_PASSED_RESULT % {"code": "MET-201"}
    assert batch.finished_at is None
    certificate_batch_step(batch=batch)
    batch.refresh_from_db()
    assert batch.finished_at is not None
    item = CertificateBatchItem.objects.get(batch=batch, participant=people[2])
    assert item.certificate is not None and item.certificate.participant == people[2]
    assert Certificate.objects.count() == 2


def test_batch_step_records_a_refusal_of_the_whole_chunk_on_every_item(person, counsellor_a, sessions, monkeypatch):
    people = [person(name) for name in ("Anna", "Bert")]
    batch = certificate_batch_start(acting_user=counsellor_a, session=sessions[0])

    def refuse(**_arguments: Any) -> None:
        raise ValidationError(ERROR_NUMBER_EXHAUSTED, code="number_exhausted")

    monkeypatch.setattr(services, "certificate_issue_many", refuse)
    certificate_batch_step(batch=batch)
    items = list(batch.items.order_by("position"))
    assert [(item.participant, item.certificate, item.error) for item in items] == [
        (person_, None, str(ERROR_NUMBER_EXHAUSTED)) for person_ in people
    ]
    assert batch.finished_at is not None


# The canonical form: rfc8785 gives the bytes the former hand-written walk gave ---------------


keys = st.text(max_size=5) | st.sampled_from(["\ufb01", "\U0001f600", "a", "\ue000", "\U00010000"])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=25,
)


@given(json_values)
def test_canonical_form_is_the_former_walk(value):
    assert canonicalize(value) == walked(value)


def test_canonical_form_of_an_issued_credential_is_the_walk(amina_ready, counsellor_a):
    credential = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ti").credential
    assert canonicalize(credential) == walked(credential)
    signed = credentials.credential_sign(credential, private_key=issuer_key_current()[1],
                                         verification_method="x", created="2026-01-01T00:00:00Z")
    assert signed is not credential and signed["evidence"] is not credential["evidence"]

