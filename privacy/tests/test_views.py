from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from privacy.forms import ERROR_CONFIRMATION_MISMATCH, ERROR_END_BEFORE_START, ERROR_UNKNOWN_CASE_NUMBER
from privacy.services import ANONYMISED_NAME
from tests.a11y import html_error_summary_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(counsellor_b):
    return ParticipantFactory(site=counsellor_b.site, counsellor=counsellor_b, first_name="Leyla")


# --- export ---------------------------------------------------------------------------


def test_export_ladder(client, client_for, full_participant, foreign, counsellor_a, instructor_a, funder, dpo,
                       manager):
    url = reverse("privacy:export", args=[full_participant.pk])
    data = {"format": "json"}
    assert client.post(url, data).status_code == 302 and "login" in client.post(url, data)["Location"]
    for wrong_role in (instructor_a, funder, dpo):
        assert client_for(wrong_role).post(url, data).status_code == 403
    other_site = reverse("privacy:export", args=[foreign.pk])
    assert client_for(counsellor_a).post(other_site, data).status_code == 404
    assert not AuditEntry.objects.filter(action="participant.export").exists()

    response = client_for(counsellor_a).post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert f'filename="{full_participant.case_number}-data-export.json"' in response["Content-Disposition"]
    assert json.loads(response.content)["participant"]["first_name"] == "Karim"
    assert client_for(manager).post(url, {"format": "pdf"}).content.startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="participant.export", participant_ref=full_participant.pk).count() == 2


def test_export_needs_post_and_a_format(client_for, full_participant, counsellor_a):
    url = reverse("privacy:export", args=[full_participant.pk])
    assert client_for(counsellor_a).get(url).status_code == 405
    response = client_for(counsellor_a).post(url, {"format": "xml"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "participants:case_file", args=[full_participant.pk]
    )


def test_case_file_offers_export_and_erasure_to_managers_only(client_for, full_participant, counsellor_a, manager):
    page = client_for(counsellor_a).get(reverse("participants:case_file", args=[full_participant.pk])).content.decode()
    assert reverse("privacy:export", args=[full_participant.pk]) in page
    assert reverse("privacy:erasure") not in page
    page = client_for(manager).get(reverse("participants:case_file", args=[full_participant.pk])).content.decode()
    assert f'{reverse("privacy:erasure")}?case_number={full_participant.case_number}' in page


# --- erasure --------------------------------------------------------------------------


def test_erasure_ladder(client, client_for, counsellor_a, instructor_a, funder, dpo, manager):
    url = reverse("privacy:erasure")
    assert client.get(url).status_code == 302
    for wrong_role in (counsellor_a, instructor_a, funder):
        assert client_for(wrong_role).get(url).status_code == 403
    assert client_for(dpo).get(url).status_code == 200
    assert client_for(manager).get(url).status_code == 200


def test_erasure_asks_for_confirmation_then_anonymises(client_for, full_participant, dpo):
    client = client_for(dpo)
    url = reverse("privacy:erasure")
    number = full_participant.case_number
    step_one = client.post(url, {"case_number": number.lower(), "reason": "request"})
    assert step_one.status_code == 200
    body = step_one.content.decode()
    assert number in body and "cannot be undone" in body and "Karim" not in body
    assert Participant.objects.get(pk=full_participant.pk).anonymised_at is None

    wrong = client.post(url, {"case_number": number, "reason": "request", "confirm_case_number": "RI-X"})
    assert wrong.status_code == 400 and str(ERROR_CONFIRMATION_MISMATCH) in wrong.content.decode()
    assert Participant.objects.get(pk=full_participant.pk).anonymised_at is None

    done = client.post(url, {"case_number": number, "reason": "request", "confirm_case_number": number}, follow=True)
    assert f"Participant {number} anonymised." in done.content.decode()
    person = Participant.objects.get(pk=full_participant.pk)
    assert person.anonymised_at is not None and person.first_name == ANONYMISED_NAME
    entry = AuditEntry.objects.get(action="participant.anonymise")
    assert entry.actor == dpo and entry.detail == {"reason": "request"}

    again = client.post(url, {"case_number": number, "reason": "request", "confirm_case_number": number})
    assert again.status_code == 400 and AuditEntry.objects.filter(action="participant.anonymise").count() == 1


def test_erasure_of_an_unknown_case_number(client_for, manager):
    data = {"case_number": "RI-1999-9999", "reason": "request"}
    response = client_for(manager).post(reverse("privacy:erasure"), data)
    assert response.status_code == 400 and str(ERROR_UNKNOWN_CASE_NUMBER) in response.content.decode()


def test_erasure_errors_are_summarised_linked_and_marked_on_both_steps(client_for, full_participant, dpo):
    """Issue 24: both steps render their fields through templates/includes/field.html."""
    client = client_for(dpo)
    url = reverse("privacy:erasure")
    empty = client.post(url, {})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert html_error_summary_problems(body, invalid={"case_number", "reason"}) == []
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in body  # the hint stays linked
    unknown = client.post(url, {"case_number": "RI-1999-9999", "reason": "request"}).content.decode()
    assert html_error_summary_problems(unknown, invalid={"case_number"}) == []
    assert f'<a href="#id_case_number">case number: {ERROR_UNKNOWN_CASE_NUMBER}</a>' in unknown

    number = full_participant.case_number
    step_two = client.post(url, {"case_number": number, "reason": "request"}).content.decode()
    assert "data-error-summary" not in step_two and "aria-invalid" not in step_two
    confirm = re.search(r'<input[^>]*name="confirm_case_number"[^>]*>', step_two)
    assert confirm and "required" in confirm.group(0) and 'autocomplete="off"' in confirm.group(0)
    wrong = client.post(url, {"case_number": number, "reason": "request", "confirm_case_number": "RI-X"})
    body = wrong.content.decode()
    assert html_error_summary_problems(body, invalid={"confirm_case_number"}) == []
    assert str(ERROR_CONFIRMATION_MISMATCH) in body
    assert Participant.objects.get(pk=full_participant.pk).anonymised_at is None


def test_erasure_form_is_prefilled_from_the_case_file_link(client_for, full_participant, manager):
    url = reverse("privacy:erasure") + f"?case_number={full_participant.case_number}"
    assert f'value="{full_participant.case_number}"' in client_for(manager).get(url).content.decode()


# --- audit search ---------------------------------------------------------------------


def test_audit_ladder_and_chain_status(client, client_for, counsellor_a, instructor_a, funder, dpo, manager):
    url = reverse("privacy:audit")
    assert client.get(url).status_code == 302
    for wrong_role in (counsellor_a, instructor_a, funder):
        assert client_for(wrong_role).get(url).status_code == 403
    assert client_for(manager).get(url).status_code == 200
    body = client_for(dpo).get(url).content.decode()
    assert "Give at least one filter" in body and 'hx-get="?chain=1"' in body  # the check follows by htmx
    partial = client_for(dpo).get(url, {"chain": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Chain intact" in partial and "<form" not in partial
    without_javascript = client_for(dpo).get(url, {"chain": "1"}).content.decode()
    assert "Chain intact" in without_javascript and "Give at least one filter" in without_javascript


def test_audit_search_by_case_number_lists_entries_and_is_audited(client_for, full_participant, foreign, dpo):
    response = client_for(dpo).get(reverse("privacy:audit"), {"case_number": full_participant.case_number})
    body = response.content.decode()
    assert response.status_code == 200
    assert "participant.view" in body and "counsellor_a" in body and full_participant.case_number in body
    assert foreign.case_number not in body
    assert reverse("privacy:audit_access_csv") in body
    assert AuditEntry.objects.filter(action="audit.search", actor=dpo, participant_ref=full_participant.pk).exists()
    unknown = client_for(dpo).get(reverse("privacy:audit"), {"case_number": "RI-1999-9999"})
    assert unknown.status_code == 400 and str(ERROR_UNKNOWN_CASE_NUMBER) in unknown.content.decode()


def test_audit_search_errors_are_summarised_linked_and_marked(client_for, dpo):
    url = reverse("privacy:audit")
    unknown = client_for(dpo).get(url, {"case_number": "RI-1999-9999"}).content.decode()
    assert html_error_summary_problems(unknown, invalid={"case_number"}) == []
    backwards = client_for(dpo).get(url, {"date_from": "2026-03-01", "date_to": "2026-02-01"})
    assert backwards.status_code == 400
    body = backwards.content.decode()
    assert html_error_summary_problems(body, invalid={"date_to"}) == []
    assert str(ERROR_END_BEFORE_START) in body


def test_audit_page_shows_where_the_chain_breaks(client_for, full_participant, dpo):
    entry = AuditEntry.objects.order_by("sequence").first()
    AuditEntry.objects.filter(pk=entry.pk).update(action="participant.tampered")
    body = client_for(dpo).get(reverse("privacy:audit"), {"chain": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert f"Chain broken at entry {entry.sequence}" in body
    assert f"entry {entry.sequence} was changed: its digest does not match its content" in body


def test_dpo_exports_the_signed_checkpoints(client, client_for, full_participant, counsellor_a, dpo):
    url = reverse("privacy:audit_checkpoints")
    assert client.get(url).status_code == 302
    assert client_for(counsellor_a).get(url).status_code == 403
    response = client_for(dpo).get(url)
    exported = json.loads(response.content)
    assert response.status_code == 200 and exported["format"] == "reintegra-audit-checkpoints-v1"
    assert AuditEntry.objects.filter(action="audit.checkpoints_export", actor=dpo).exists()


def test_access_csv_ladder(client, client_for, full_participant, counsellor_a, funder, dpo, manager):
    url = reverse("privacy:audit_access_csv")
    query = {"case_number": full_participant.case_number}
    assert client.get(url, query).status_code == 302
    for wrong_role in (counsellor_a, funder):
        assert client_for(wrong_role).get(url, query).status_code == 403
    response = client_for(dpo).get(url, query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("when_utc,who,role,action")
    assert client_for(manager).get(url, query).status_code == 200
    missing = client_for(dpo).get(url)
    assert missing.status_code == 302 and missing["Location"] == reverse("privacy:audit")


def test_audit_search_filters_by_action_and_shows_it_in_words(client_for, full_participant, dpo, counsellor_a):
    ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)  # a caseload of two: one list entry
    client_for(counsellor_a).get(reverse("participants:case_file", args=[full_participant.pk]))
    client_for(counsellor_a).get(reverse("participants:caseload"))
    response = client_for(dpo).get(reverse("privacy:audit"), {"action": "participant.list"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "List of participants viewed" in body and "<code>participant.list</code>" in body
    assert "<code>participant.view</code>" not in body
    assert '<option value="participant.list" selected>List of participants viewed</option>' in body
    unknown = client_for(dpo).get(reverse("privacy:audit"), {"action": "no.such"})
    assert unknown.status_code == 400
    nothing = client_for(dpo).get(reverse("privacy:audit"), {"action": "backup.create"}).content.decode()
    assert "No audit entries match." in nothing
