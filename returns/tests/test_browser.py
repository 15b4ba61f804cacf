"""A participant answers the follow-up survey on a phone-sized screen, in Arabic (right to left)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import ConsentPurpose
from participants.tests.factories import ConsentFactory, ParticipantFactory
from returns import services
from returns.models import FollowUp
from returns.scoring import QUESTIONS
from tests.a11y import error_summary_problems
from tests.browser import BROWSER_MARKS, PHONE, browser_page

pytestmark = BROWSER_MARKS


@pytest.fixture
def phone(live_server):
    with browser_page(**PHONE) as page:
        yield page


@pytest.mark.django_db(transaction=True)
def test_participant_answers_the_survey_on_a_phone(phone, live_server, counsellor_a):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, languages=["ar"])
    ConsentFactory(participant=participant, purpose=ConsentPurpose.FOLLOW_UP)
    follow_up = services.follow_up_baseline(acting_user=counsellor_a, participant=participant)
    token = services.follow_up_link_create(acting_user=counsellor_a, follow_up=follow_up, language="ar",
                                           now=timezone.now())

    phone.goto(f"{live_server.url}{reverse('returns:survey', args=[token])}")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("html").get_attribute("lang") == "ar"
    # fits the screen: nothing to scroll sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # sending with a gap keeps the answers given and says what is missing
    phone.check("input[name=work][value=occasional]")
    phone.click("button[type=submit]")
    phone.wait_for_selector("[data-error-summary]")
    # issue 24: focus on the summary, whose links reach each unanswered question's radio buttons
    assert phone.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert error_summary_problems(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.is_checked("input[name=work][value=occasional]")
    for question in QUESTIONS:
        if question.key != "work":
            phone.check(f"input[name={question.key}][value={question.options[-1]}]")
    box = phone.locator("button[type=submit]").bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] <= 390  # big enough to tap
    phone.click("button[type=submit]")
    phone.wait_for_selector("#thanks")

    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    assert follow_up.channel == "link" and follow_up.answered_on == timezone.localdate()
    assert follow_up.answers["work"] == "occasional"
    assert (follow_up.economic, follow_up.social, follow_up.psychosocial) == (0.83, 1.0, 1.0)
