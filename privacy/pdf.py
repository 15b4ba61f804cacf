"""The export of one participant's data as a readable PDF, German and English labels.

Bilingual on purpose (like the certificate): the person may read either language,
whatever language the staff member works in. Rendered offline by WeasyPrint; every
external fetch is refused so no URL in the data is ever loaded.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.models import EducationLevel, SkillLevel, Weekday
from certificates.models import CertificateStatus
from languages.codes import country_name, language_name
from participants.models import ConsentPurpose, ContactKind, EligibilityBasis, ExitReason, Gender
from plans.models import PlanStatus
from returns.models import ReturnStatus
from training.models import AttendanceStatus, Outcome

TEMPLATE = "privacy/export_pdf.html"


class ExternalResourceRefused(Exception):
    """The export template asked for something outside itself."""


class _RefuseAll(URLFetcher):
    """The export needs nothing from anywhere; any fetch stops the rendering."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise ExternalResourceRefused(url)


_FETCHER = _RefuseAll(fail_on_errors=True)


def _bilingual(choices: type[models.Choices], value: Any) -> str:
    if value is None or value == "":
        return "–"
    try:
        member = choices(value)
    except ValueError:
        return str(value)
    with translation.override("de"):
        german = str(member.label)
    with translation.override("en"):
        english = str(member.label)
    return german if german == english else f"{german} / {english}"


def _labelled(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the export data with readable labels next to the codes."""
    view = copy.deepcopy(data)
    person = view["participant"]
    person["gender_label"] = _bilingual(Gender, person["gender"])
    with translation.override("de"):
        person["origin_country_label"] = country_name(person["origin_country"])
        person["language_labels"] = [language_name(code) for code in person["languages"]]
        person["instruction_language_label"] = language_name(person["instruction_language"])
    for consent in view["consents"]:
        consent["purpose_label"] = _bilingual(ConsentPurpose, consent["purpose"])
    for check in view.get("eligibility_checks", []):
        check["basis_label"] = _bilingual(EligibilityBasis, check["basis"])
    for note in view.get("counselling_log", []):
        note["kind_label"] = _bilingual(ContactKind, note["kind"])
    if view.get("programme_exit"):
        view["programme_exit"]["reason_label"] = _bilingual(ExitReason, view["programme_exit"]["reason"])
    for assessment in view["assessments"]:
        assessment["education_label"] = _bilingual(EducationLevel, assessment["education_level"])
        with translation.override("de"):
            country = assessment["education_country"]
            assessment["education_country_label"] = country_name(country) if country else ""
            assessment["language_labels"] = [
                " ".join(filter(None, [language_name(entry.get("language", "")), entry.get("level", "")]))
                for entry in assessment["languages"]
            ]
        for skill in assessment["skills"]:
            skill["level_label"] = _bilingual(SkillLevel, skill["level"])
    for tryout in view["tryouts"]:
        tryout["level_label"] = _bilingual(SkillLevel, tryout["level"])
    if view["availability"]:
        view["availability"]["weekday_labels"] = [_bilingual(Weekday, day) for day in view["availability"]["weekdays"]]
    for plan in view["plans"]:
        plan["status_label"] = _bilingual(PlanStatus, plan["status"])
    for enrolment in view["enrolments"]:
        for row in enrolment["attendance"]:
            row["status_label"] = _bilingual(AttendanceStatus, row["status"])
        if enrolment["result"]:
            enrolment["result"]["outcome_label"] = _bilingual(Outcome, enrolment["result"]["outcome"])
    for certificate in view["certificates"]:
        certificate["status_label"] = _bilingual(CertificateStatus, certificate["status"])
    if view["return"]:
        view["return"]["status_label"] = _bilingual(ReturnStatus, view["return"]["status"])
    return view


def participant_export_pdf(*, data: dict[str, Any]) -> bytes:
    """Render the export data (privacy.selectors.participant_export_data) as PDF bytes."""
    with translation.override("de"):
        html = render_to_string(
            TEMPLATE,
            {"export": _labelled(data), "provider_name": settings.REINTEGRA_PROVIDER_NAME},
        )
    pdf = HTML(string=html, base_url=None, url_fetcher=_FETCHER).write_pdf()
    if pdf is None:  # only when a target is given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
