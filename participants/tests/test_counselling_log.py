"""The counselling log: dated notes, encrypted at rest, site-scoped, exported and erased."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.models import ContactKind, ContactNote
from participants.tests.factories import ParticipantFactory
from privacy.selectors import participant_export_data
from privacy.services import ErasureReason, participant_anonymise

SECRET = "Interpreter Frau Haidari translated: brother in Herat can host him"


@pytest.fixture
def own(counsellor_a):
    return ParticipantFactory(first_name="Karim", last_name="Nazari", site=counsellor_a.site, counsellor=counsellor_a)


@pytest.fixture
def note(own, counsellor_a):
    return services.contact_note_add(
        acting_user=counsellor_a, participant=own, kind=ContactKind.INTERPRETER,
        contacted_on=timezone.localdate(), text=SECRET,
    )


@pytest.mark.django_db
def test_the_text_is_encrypted_at_rest_and_never_audited(note):
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM participants_contactnote WHERE id = %s", [note.pk])
        stored = cursor.fetchone()[0]
    assert "Haidari" not in stored and stored.startswith("gAAAA")
    assert ContactNote.objects.get().text == SECRET
    from accounts.models import AuditEntry

    entry = AuditEntry.objects.get(action="contact_note.add")
    assert entry.detail == {"kind": "interpreter"} and entry.participant_ref == note.participant_id


@pytest.mark.django_db
def test_empty_text_and_future_dates_are_refused(own, counsellor_a):
    with pytest.raises(ValidationError) as caught:
        services.contact_note_add(
            acting_user=counsellor_a, participant=own, kind=ContactKind.OTHER,
            contacted_on=timezone.localdate().replace(year=timezone.localdate().year + 1), text="  ",
        )
    assert set(caught.value.message_dict) == {"contacted_on", "text"}


@pytest.mark.django_db
def test_case_file_shows_the_log_with_its_author_only_to_the_site(client_for, note, own, counsellor_a, counsellor_b):
    body = client_for(counsellor_a).get(reverse("participants:case_file", args=[own.pk])).content.decode()
    assert "Haidari" in body and "Interpreter" in body and str(counsellor_a) in body
    url = reverse("participants:contact_note_add", args=[own.pk])
    data = {"kind": "return_counselling", "contacted_on": timezone.localdate().isoformat(), "text": "Call"}
    assert client_for(counsellor_b).post(url, data).status_code == 404
    assert client_for(counsellor_a).post(url, data).status_code == 302
    assert ContactNote.objects.filter(participant=own).count() == 2


@pytest.mark.django_db
def test_the_export_holds_the_log_and_anonymisation_erases_it(note, own, manager):
    data = participant_export_data(participant=own, generated_at=timezone.now())
    assert data["counselling_log"] == [
        {"contacted_on": note.contacted_on.isoformat(), "kind": "interpreter", "text": SECRET}
    ]
    participant_anonymise(acting_user=manager, participant=own, reason=ErasureReason.REQUEST)
    assert not ContactNote.objects.exists()
    assert participant_export_data(participant=own, generated_at=timezone.now())["counselling_log"] == []
