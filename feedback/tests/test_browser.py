"""A participant rates a module with smileys on a phone-sized screen, in Arabic (right to left)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from certificates.tests.factories import EnrolmentFactory, SessionFactory
from feedback.models import SurveyResponse
from feedback.questions import QUESTION_KEYS
from feedback.services import survey_links_issue
from participants.tests.factories import ParticipantFactory
from tests.browser import BROWSER_MARKS, PHONE, browser_page

pytestmark = BROWSER_MARKS


@pytest.fixture
def phone(live_server):
    with browser_page(**PHONE) as page:
        yield page


@pytest.mark.django_db(transaction=True)
def test_participant_rates_the_module_on_a_phone(phone, live_server, counsellor_a, instructor_a, site_a):
    session = SessionFactory(site=site_a, instructor=instructor_a)
    participant = ParticipantFactory(site=site_a, counsellor=counsellor_a, languages=["ar"])
    EnrolmentFactory(session=session, participant=participant)
    [link] = survey_links_issue(acting_user=instructor_a, session=session)

    phone.goto(f"{live_server.url}{reverse('feedback:answer', args=[link.token])}")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing to scroll sideways
    face = phone.locator(".smiley-choice").first.bounding_box()
    assert face is not None and face["height"] >= 44 and face["width"] >= 44  # big enough to tap
    # Sending with a gap keeps the faces chosen and says what is missing.
    phone.locator("label.smiley-choice:has(input[name=overall][value='4'])").tap()
    phone.click("form.survey button[type=submit]")
    phone.wait_for_selector("p.error")
    assert phone.is_checked("input[name=overall][value='4']")
    for key in QUESTION_KEYS[1:]:
        phone.locator(f"label.smiley-choice:has(input[name={key}][value='5'])").tap()
    phone.click("form.survey button[type=submit]")
    phone.wait_for_selector("#thanks")

    answer = SurveyResponse.objects.get()
    assert (answer.overall, answer.practice, answer.module_id) == (4, 5, session.module_id)
    phone.goto(f"{live_server.url}{reverse('feedback:answer', args=[link.token])}")
    assert phone.locator("#thanks").is_visible()  # the link works once
