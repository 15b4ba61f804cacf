"""Exports, the JSON API and its OpenAPI document; funders never see a person anywhere."""

import csv
import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from accounts.models import Site
from certificates.tests.factories import CertificateFactory
from funding.models import ReportingPeriod
from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from reporting.indicators import DIMENSIONS
from reporting.periods import Period
from reporting.tests.factories import ReturnFactory, funding_line_of

pytestmark = pytest.mark.django_db

QUERY = "?start=2025-01-01&end=2025-12-31"
NAMES = [("Amina", "Haddad"), ("Yonas", "Tesfaye"), ("Samir", "Karimi"), ("Leyla", "Rahimi"), ("Omar", "Sayed"),
         ("Fatima", "Nouri"), ("Hassan", "Jaber"), ("Rahel", "Bekele")]


@pytest.fixture
def line(funder):
    line = funding_line_of(funder)
    # Funders count only offered periods: their reporting periods (and the last 12 full months).
    ReportingPeriod.objects.create(
        funding_line=line, name="2025", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31)
    )
    return line


@pytest.fixture
def people(line, counsellor_a, counsellor_b, site_b):
    made = []
    for index, (first, last) in enumerate(NAMES):
        counsellor = counsellor_a if index < 6 else counsellor_b
        person = ParticipantFactory(
            first_name=first, last_name=last, site=counsellor.site, counsellor=counsellor, funding_line=line,
            intake_date=dt.date(2025, 3, 1), origin_country="NG" if index < 7 else "SN",
        )
        if index % 2 == 0:
            CertificateFactory(participant=person, issued_on=dt.date(2025, 6, 1))
            ReturnFactory(participant=person, actual_departure=dt.date(2025, 8, 1))
        made.append(person)
    # Someone of another funder's line: never in this funder's figures.
    ParticipantFactory(first_name="Other", last_name="Line", site=counsellor_a.site, counsellor=counsellor_a,
                       intake_date=dt.date(2025, 3, 1))
    return made


def _secrets():
    for person in Participant.objects.all():
        yield from (person.first_name, person.last_name, person.case_number)


def _pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,  # noqa: S603,S607
                              check=True).stdout


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    )


# --- exports -------------------------------------------------------------------------------


def test_xlsx_has_one_sheet_per_breakdown_and_definitions(client_for, manager, funder, people):
    response = client_for(manager).get(reverse("reporting:export", kwargs={"kind": "xlsx"}) + QUERY)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Total", "Month of intake", "Funder", "Funding line", "Country of origin", "Site",
                               "Trade", "Gender", "Age band", "Definitions"]
    total = list(book["Total"].iter_rows(values_only=True))
    assert total[1][0] == "Started" and total[2][0] == 9
    definitions = [row[0] for row in book["Definitions"].iter_rows(values_only=True)]
    assert "Qualified and returned" in definitions
    assert "withheld" not in definitions  # the manager's export is exact: nothing withheld to explain
    funder_book = load_workbook(io.BytesIO(
        client_for(funder).get(reverse("reporting:export", kwargs={"kind": "xlsx"}) + QUERY).content
    ))
    assert "withheld" in [row[0] for row in funder_book["Definitions"].iter_rows(values_only=True)]


def test_each_export_equals_the_screen_for_the_role(client_for, manager, funder, people):
    export = reverse("reporting:export", kwargs={"kind": "csv"}) + QUERY
    for user, expected in ((manager, {"Nigeria": "7", "Senegal": "1", "Syria": "1"}),
                           (funder, {"Nigeria": "withheld", "Senegal": "withheld"})):
        rows = list(csv.reader(io.StringIO(client_for(user).get(export).content.decode())))
        header, body = rows[0], rows[1:]
        assert header[:3] == ["Breakdown", "Group", "Started"]
        assert {row[1]: row[2] for row in body if row[0] == "Country of origin"} == expected
        page = client_for(user).get(reverse("reporting:api_report") + QUERY).json()
        assert [row[2] for row in body if row[0] == "Country of origin"] == [
            str(row["started"]) for row in page["breakdowns"]["origin_country"]]
        assert ("Dropped out" in header) is (user == manager)  # figures that open subtraction paths stay with staff


def test_the_funder_s_figures_pass_the_audit(client_for, funder, people):
    from reporting.indicators import programme_report
    from reporting.selectors import report_data, report_scope_for_user
    from reporting.tests.protection_audit import audit

    shown = client_for(funder).get(reverse("reporting:api_report") + QUERY).json()
    period = Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    exact = report_data(programme_report(report_scope_for_user(user=funder, period=period)))
    result = audit(exact, shown)
    assert result["small_cells_checked"] > 0


def test_export_cells_are_neutralised_against_formulas(client_for, manager, people, site_a):
    Site.objects.filter(pk=site_a.pk).update(name="=HYPERLINK(\"http://evil\")")
    csv_text = client_for(manager).get(reverse("reporting:export", kwargs={"kind": "csv"}) + QUERY).content.decode()
    assert "'=HYPERLINK" in csv_text
    xlsx = client_for(manager).get(reverse("reporting:export", kwargs={"kind": "xlsx"}) + QUERY).content
    site_sheet = load_workbook(io.BytesIO(xlsx))["Site"]
    assert "'=HYPERLINK(\"http://evil\")" in [row[0] for row in site_sheet.iter_rows(values_only=True)]


def test_pdf_report_holds_the_figures_and_the_charts(client_for, manager, people):
    response = client_for(manager).get(reverse("reporting:export", kwargs={"kind": "pdf"}) + QUERY)
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Programme figures" in text
    assert "From intake to return" in text  # the funnel chart's title
    assert "How the figures are counted" in text


# --- API ----------------------------------------------------------------------------------


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> None:
    """Validate with jsonschema: OpenAPI 3.1 schemas are JSON Schema 2020-12; their $refs
    point into the document's components."""
    bound = {**schema, "components": root["components"]}
    Draft202012Validator.check_schema(bound)
    errors = [f"{error.json_path}: {error.message}" for error in Draft202012Validator(bound).iter_errors(value)]
    assert errors == []


@pytest.mark.parametrize("persona", ["manager", "funder"])
def test_the_api_answers_what_its_openapi_document_describes(client_for, request, people, persona):
    client = client_for(request.getfixturevalue(persona))
    document = client.get(reverse("reporting:api_schema")).json()
    assert document["openapi"] == "3.1.0"
    operation = document["paths"]["/reporting/api/report/"]["get"]
    assert reverse("reporting:api_report") == "/reporting/api/report/"
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]

    data = client.get(reverse("reporting:api_report") + QUERY).json()

    _check(data, schema, document)
    assert set(data["breakdowns"]) == set(DIMENSIONS)
    assert data["suppressed"] is (persona == "funder")


def test_the_api_gives_funders_only_their_lines_suppressed(client_for, funder, manager, people):
    exact = client_for(manager).get(reverse("reporting:api_report") + QUERY).json()
    assert exact["total"]["started"] == 9  # every record, also the one without a line
    theirs = client_for(funder).get(reverse("reporting:api_report") + QUERY).json()
    assert theirs["total"]["started"] == 8
    assert "dropped_out" not in theirs["total"]
    countries = {row["key"]: row["started"] for row in theirs["breakdowns"]["origin_country"]}
    # Fewer than 10 entrants: the totals are protected too, so the 7 from Nigeria would give the 1
    # from Senegal back; both withheld.
    assert countries == {"NG": "withheld", "SN": "withheld"}


def test_a_bad_period_is_a_400_naming_the_field(client_for, manager):
    response = client_for(manager).get(reverse("reporting:api_report") + "?start=2025-13-01&end=2025-12-31")
    assert response.status_code == 400
    assert "start" in response.json()["errors"]


# --- funders never see a person ---------------------------------------------------------------


def test_the_funder_sees_no_name_anywhere(client_for, funder, people):
    client = client_for(funder)
    bodies = [
        client.get(reverse("reporting:dashboard") + QUERY).content.decode(),
        client.get(reverse("reporting:api_report") + QUERY).content.decode(),
        client.get(reverse("reporting:export", kwargs={"kind": "csv"}) + QUERY).content.decode(),
        _xlsx_text(client.get(reverse("reporting:export", kwargs={"kind": "xlsx"}) + QUERY).content),
        _pdf_text(client.get(reverse("reporting:export", kwargs={"kind": "pdf"}) + QUERY).content),
    ]
    assert "Nigeria" in bodies[0]  # the pages do hold figures
    for body in bodies:
        for secret in _secrets():
            assert secret not in body


def test_funders_cannot_drill_down(client_for, funder, people):
    response = client_for(funder).get(reverse("reporting:drill_down") + QUERY + "&figure=started")
    assert response.status_code == 403


def test_managers_drill_down_to_names_and_counsellors_to_their_site(client_for, manager, counsellor_b, people):
    url = reverse("reporting:drill_down") + QUERY + "&figure=qualified_and_returned"
    html = client_for(manager).get(url).content.decode()
    for person in people[::2]:
        assert person.case_number in html and person.last_name in html
    assert people[1].case_number not in html
    html_b = client_for(counsellor_b).get(url).content.decode()
    assert people[6].case_number in html_b  # site B, qualified and returned
    assert people[0].case_number not in html_b


def test_the_dashboard_draws_charts_as_svg_without_inline_styles(client_for, manager, people):
    html = client_for(manager).get(reverse("reporting:dashboard") + QUERY).content.decode()
    assert html.count("<svg") == 4
    assert "style=" not in html and "<script>" not in html


def test_a_counsellor_sees_the_figures_of_their_own_site_only(client_for, counsellor_b, people):
    response = client_for(counsellor_b).get(reverse("reporting:dashboard") + QUERY)
    assert response.status_code == 200
    assert response.context["figures"]["total"]["started"] == 2  # the two of site B
    html = response.content.decode()
    assert reverse("reporting:drill_down") in html
    assert reverse("reporting:export", kwargs={"kind": "csv"}) not in html
    assert client_for(counsellor_b).get(reverse("reporting:export", kwargs={"kind": "csv"}) + QUERY).status_code == 403


def test_a_breakdown_cell_opens_the_people_of_that_group(client_for, manager, people):
    html = client_for(manager).get(reverse("reporting:dashboard") + QUERY).content.decode()
    assert "figure=started&amp;dimension=origin_country&amp;key=SN" in html
    url = reverse("reporting:drill_down") + QUERY + "&figure=started&dimension=origin_country&key=SN"
    listed = client_for(manager).get(url).content.decode()
    assert people[7].case_number in listed and people[0].case_number not in listed
