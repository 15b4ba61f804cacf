"""What a funder reads, in German: every headline figure, few withheld cells, proved by the audit,
and the same figures in every export."""

import csv
import datetime as dt
import io
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.tests.factories import CertificateFactory
from participants.tests.factories import ParticipantFactory
from reporting.indicators import programme_report
from reporting.periods import last_12_full_months
from reporting.selectors import report_data, report_scope_for_user
from reporting.suppression import FUNDER_COUNTS, legacy_report_hidden_cells
from reporting.tests.factories import ReturnFactory, funding_line_of
from reporting.tests.protection_audit import audit

pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def cohort(funder, counsellor_a):
    """24 people of the funder's line over the last 12 full months, from four countries."""
    period = last_12_full_months(timezone.localdate())
    line = funding_line_of(funder)
    rng = random.Random(3)  # noqa: S311 (test data)
    for index in range(24):
        person = ParticipantFactory(
            site=counsellor_a.site, counsellor=counsellor_a, funding_line=line,
            intake_date=period.start + dt.timedelta(days=rng.randrange(300)),
            origin_country=["SY", "AF", "ER", "XK"][index % 4 if index < 20 else 0],
            date_of_birth=dt.date(1970 + rng.randrange(35), 5, 5),
        )
        if index % 3:
            CertificateFactory(participant=person, issued_on=person.intake_date)
        if index % 2:
            ReturnFactory(participant=person, actual_departure=person.intake_date + dt.timedelta(days=10))  # type: ignore[operator]
    return period


def test_the_funder_sees_every_headline_figure_and_the_audit_passes(client_for, funder, cohort):
    client = client_for(funder)
    shown = client.get(reverse("reporting:api_report"), **GERMAN).json()
    assert all(isinstance(shown["total"][name], int) for name in FUNDER_COUNTS)
    exact = report_data(programme_report(report_scope_for_user(user=funder, period=cohort)))
    result = audit(exact, shown)
    assert result["small_cells_checked"] > 0

    def counts(row):
        return {name: row[name] for name in FUNDER_COUNTS}

    old = legacy_report_hidden_cells(
        total=counts(exact["total"]),
        breakdowns={name: [counts(row) for row in rows] for name, rows in exact["breakdowns"].items()},
    )
    assert result["withheld"] <= old


def test_the_german_page_charts_and_exports_say_it_in_german(client_for, funder, cohort):
    client = client_for(funder)
    page = client.get(reverse("reporting:dashboard"), **GERMAN).content.decode()
    assert "Eingetreten, nach Aufnahmemonat" in page and "Eingetreten, nach Herkunftsland" in page
    assert "gesperrt" in page
    for raw in (">hidden<", ">withheld<", ": withheld", "under 25", "55 and over", "ausgeblendet"):
        assert raw not in page, raw
    shown = client.get(reverse("reporting:api_report"), **GERMAN).json()

    rows = list(csv.reader(
        io.StringIO(client.get(reverse("reporting:export", kwargs={"kind": "csv"}), **GERMAN).content.decode()),
        delimiter=";",
    ))
    assert rows[0][:3] == ["Aufschlüsselung", "Gruppe", "Eingetreten"]
    countries = [row[2] for row in rows if row[0] == "Herkunftsland"]
    assert countries == [
        "gesperrt" if row["started"] == "withheld" else str(row["started"])
        for row in shown["breakdowns"]["origin_country"]
    ]
    assert not any("withheld" in value or "hidden" in value for row in rows for value in row)

    book = load_workbook(io.BytesIO(client.get(reverse("reporting:export", kwargs={"kind": "xlsx"}), **GERMAN).content))
    sheet = book["Herkunftsland"]
    values = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [
        "gesperrt" if row["started"] == "withheld" else row["started"] for row in shown["breakdowns"]["origin_country"]
    ]
    first_row = next(book.worksheets[0].iter_rows(min_row=1, max_row=1))
    assert first_row[1].value.date() == cohort.start and first_row[1].number_format == "DD.MM.YYYY"


def test_the_german_pdf_has_no_iso_dates_and_no_raw_marker(client_for, funder, cohort):
    from reporting.tests.test_outputs import _pdf_text

    response = client_for(funder).get(reverse("reporting:export", kwargs={"kind": "pdf"}), **GERMAN)
    text = _pdf_text(response.content)
    assert cohort.start.strftime("%d.%m.%Y") in text
    assert cohort.start.isoformat() not in text
    assert not re.search(r"\b20\d\d-\d\d\b", text)  # months read "März 2026", not "2026-03"
    assert "hidden" not in text and "withheld" not in text and "gesperrt" in text
