"""Writes of the satisfaction survey: issue links per enrolment, take one anonymous answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import pgettext_lazy

from accounts.audit import audit_record
from accounts.models import User
from feedback.models import SurveyResponse, SurveyToken
from feedback.questions import QUESTION_KEYS
from scheduling.models import Enrolment, Session
from vault.tokens import token_hash, token_new

# Participant-facing: translated into the participants' languages.
ERROR_ALREADY_ANSWERED = pgettext_lazy("participant", "This survey has been answered already. Thank you!")
ERROR_RATING = pgettext_lazy("participant", "Choose one of the five faces.")


@dataclass(frozen=True)
class IssuedLink:
    enrolment: Enrolment
    token: str


@transaction.atomic
def survey_links_issue(*, acting_user: User, session: Session) -> list[IssuedLink]:
    """A fresh one-time link for every enrolment of the session not answered yet.

    The links are returned once (only their hash is stored); issuing again replaces the
    unanswered ones, so a lost sheet of links can simply be printed anew."""
    answered = set(
        SurveyToken.objects.filter(enrolment__session=session, used=True).values_list("enrolment_id", flat=True)
    )
    issued = []
    for enrolment in session.enrolments.select_related("participant").order_by("participant__last_name", "pk"):
        if enrolment.pk in answered:
            continue
        token, digest = token_new()
        SurveyToken.objects.update_or_create(enrolment=enrolment, defaults={"token_hash": digest, "used": False})
        issued.append(IssuedLink(enrolment=enrolment, token=token))
    audit_record(actor=acting_user, action="survey.links_issue", target=session, detail={"links": len(issued)})
    return issued


def survey_token_get(*, token: str) -> SurveyToken:
    """The open survey link for `token`; 404 when unknown (answered links stay findable)."""
    try:
        return SurveyToken.objects.select_related(
            "enrolment__session__module", "enrolment__participant"
        ).get(token_hash=token_hash(token))
    except SurveyToken.DoesNotExist as exc:
        raise Http404 from exc


@transaction.atomic
def survey_answer(*, token: str, ratings: dict[str, int], today: dt.date) -> SurveyResponse:
    """Store one anonymous answer and consume the link.

    Not audited on purpose: an audit entry would put a time next to the answer. The response
    keeps module, instructor and month, and nothing that leads back to the enrolment."""
    link = SurveyToken.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if link is None:
        raise Http404
    if link.used:
        raise ValidationError(ERROR_ALREADY_ANSWERED)
    errors = {key: [ERROR_RATING] for key in QUESTION_KEYS if ratings.get(key) not in (1, 2, 3, 4, 5)}
    if errors:
        raise ValidationError(errors)
    session = Session.objects.only("module_id", "instructor_id").get(pk=link.enrolment.session_id)
    response = SurveyResponse(
        module_id=session.module_id, instructor_id=session.instructor_id, month=today.replace(day=1),
        **{key: ratings[key] for key in QUESTION_KEYS},
    )
    response.full_clean()
    response.save()
    link.used = True
    link.save(update_fields=["used"])
    return response
