"""The labour-market importer: named row errors or a complete import, never a crash or half an import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from markets.importer import MarketFileError, market_file_parse
from markets.models import MarketProfileVersion, OccupationDemand
from markets.services import market_import_file

TODAY = dt.date(2026, 3, 1)
HEADER = "Land;ISCO-08;ESCO-URI;Beruf;Nachfrage;Wert;Arbeitsform;Quelle;Stand"
GOOD = ["SN", "7531", "", "Schneider/in", "hoch", "72,5", "selbstständig", "ANSD Enquête 2024", "31.12.2024"]


def _csv(rows: list[list[str]], header: str = HEADER) -> bytes:
    return ("\ufeff" + "\r\n".join([header, *(";".join(r) for r in rows)]) + "\r\n").encode("utf-8")


def test_german_excel_csv_is_read():
    rows = market_file_parse(content=_csv([GOOD]), file_name="m.csv", today=TODAY)
    (row,) = rows
    assert (row.country, row.isco_code, row.level, str(row.score), row.work_mode, row.source_date) == (
        "SN", "7531", "high", "72.5", "self_employed", dt.date(2024, 12, 31))


def test_country_names_and_score_only_and_english_headers():
    content = (
        b"country,isco,occupation,score,work_mode,source,date\n"
        b"Senegal,5120,cook,20.5,informal,Survey,2024-05-01\n"
    )
    (row,) = market_file_parse(content=content, file_name="m.csv", today=TODAY)
    assert row.country == "SN" and row.level == "low"


def test_bad_rows_are_named_with_column_value_and_reason():
    bad = list(GOOD)
    bad[1], bad[5], bad[8] = "75310", "hundert", "31.02.2024"
    with pytest.raises(MarketFileError) as caught:
        market_file_parse(content=_csv([GOOD, bad]), file_name="m.csv", today=TODAY)
    found = {(e.row, e.column, e.value) for e in caught.value.errors}
    assert found == {(3, "ISCO-08", "75310"), (3, "Wert", "hundert"), (3, "Stand", "31.02.2024")}
    assert all(e.reason for e in caught.value.errors)


def test_duplicate_occupation_for_a_country_names_the_first_row():
    with pytest.raises(MarketFileError) as caught:
        market_file_parse(content=_csv([GOOD, GOOD]), file_name="m.csv", today=TODAY)
    (error,) = caught.value.errors
    assert error.row == 3 and "2" in error.reason


def test_missing_column_is_named():
    with pytest.raises(MarketFileError) as caught:
        header = "Land;ISCO-08;ESCO-URI;Beruf;Nachfrage;Wert;Arbeitsform;Quelle"
        market_file_parse(content=_csv([GOOD[:8]], header=header), file_name="m.csv", today=TODAY)
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "date")]


def test_xlsx_with_real_dates_and_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    excel_date = dt.datetime(2025, 1, 15)  # noqa: DTZ001  # Excel date cells are naive
    sheet.append(["IQ", 7212, "", "Schweißer", "mittel", 55.5, "angestellt", "Ministry", excel_date])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (row,) = market_file_parse(content=buffer.getvalue(), file_name="m.xlsx", today=TODAY)
    assert (row.country, row.isco_code, float(row.score or 0), row.source_date) == ("IQ", "7212", 55.5,
                                                                                   dt.date(2025, 1, 15))


def test_broken_xlsx_is_a_named_error():
    with pytest.raises(MarketFileError):
        market_file_parse(content=b"PK\x03\x04broken", file_name="m.xlsx", today=TODAY)


# One cell of a good row, replaced by something plausible, odd or hostile.
CELL = st.one_of(
    st.sampled_from(["", " ", "SN", "sn", "Senegal", "XX", "7531", "753", "abc", "hoch", "HIGH", "mittel", "x",
                     "72,5", "72.5", "1.234,5", "-3", "101", "NaN", "Infinity", "31.12.2024", "2024-12-31",
                     "31.12.2099", "29.02.2023", "informell", "selbständig", "?", ";", '"', "\n", "\x00",
                     "http://data.europa.eu/esco/occupation/978ae3a2-0831-415a-8396-b84dde656fc5",
                     "http://example.org/x"]),
    st.text(max_size=12),
)


@st.composite
def files(draw):
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = list(GOOD)
        row[0] = draw(st.sampled_from(["SN", "IQ", "SY", "AF"]))
        row[1] = draw(st.sampled_from(["7531", "5120", "7212", "7411"]))
        for _ in range(draw(st.integers(0, 2))):
            row[draw(st.integers(0, len(row) - 1))] = draw(CELL)
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]
        rows.append(row)
    text = "\r\n".join([HEADER, *(";".join(r) for r in rows)])
    encoding = draw(st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]))
    return text.encode(encoding, errors="replace")


@pytest.mark.django_db
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(content=files())
def test_any_file_imports_completely_or_names_its_errors_and_writes_nothing(content):
    versions_before = MarketProfileVersion.objects.count()
    rows_before = OccupationDemand.objects.count()
    try:
        versions = market_import_file(acting_user=None, content=content, file_name="gen.csv", today=TODAY)
    except MarketFileError as error:
        assert error.errors and all(e.reason and e.row >= 0 for e in error.errors)
        assert MarketProfileVersion.objects.count() == versions_before
        assert OccupationDemand.objects.count() == rows_before
        return
    expected_rows = sum(v.demands.count() for v in versions)
    assert expected_rows >= 1
    assert MarketProfileVersion.objects.count() == versions_before + len(versions)
    assert OccupationDemand.objects.count() == rows_before + expected_rows


@pytest.mark.parametrize("cell,code", [
    ("Côte d’Ivoire", "CI"), ("Côte d'Ivoire", "CI"), ("Cote d'Ivoire", "CI"), ("Elfenbeinküste", "CI"),
    ("CÔTE D’IVOIRE", "CI"), ("Kosovo", "XK"), ("XK", "XK"), ("XKX", "XK"), ("Kosova", "XK"),
    ("Syrien", "SY"), ("Syrian Arab Republic", "SY"), ("سوريا", "SY"), ("Türkei", "TR"),
    ("Atlantis", None), ("Ivory Coast", "CI"),
])
def test_country_spellings_in_imports(cell, code):
    """Issue 18: the typographic apostrophe and Kosovo were not recognised."""
    row = [cell, *GOOD[1:]]
    if code is None:
        with pytest.raises(MarketFileError) as caught:
            market_file_parse(content=_csv([row]), file_name="m.csv", today=TODAY)
        assert caught.value.errors[0].value == cell
    else:
        (parsed,) = market_file_parse(content=_csv([row]), file_name="m.csv", today=TODAY)
        assert parsed.country == code
