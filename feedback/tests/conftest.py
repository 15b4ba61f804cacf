import pytest

from certificates.tests.factories import EnrolmentFactory, SessionFactory
from participants.tests.factories import ParticipantFactory


@pytest.fixture
def session(site_a, instructor_a, counsellor_a):
    """A session of site A taught by instructor A, with six participants enrolled."""
    session = SessionFactory(site=site_a, instructor=instructor_a)
    for index in range(6):
        person = ParticipantFactory(first_name=f"Learner{index}", last_name="Tesfaye", site=site_a,
                                    counsellor=counsellor_a, languages=["ti", "de"] if index else ["ar"])
        EnrolmentFactory(session=session, participant=person)
    return session
