from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from markets.models import MarketProfileVersion
from markets.views import ERROR_FILE_PROBLEMS
from tests.a11y import html_error_summary_problems

DATA = Path(__file__).resolve().parents[1] / "data" / "illustrative_markets.csv"


@pytest.mark.django_db
def test_market_pages_ladder(client, client_for, manager, counsellor_a, instructor_a, funder):
    call_command("import_markets", str(DATA), "--illustrative")
    list_url, detail_url = reverse("markets:profile_list"), reverse("markets:profile_detail", args=["SN"])
    import_url = reverse("markets:profile_import")
    for url in (list_url, detail_url, import_url):
        assert client.get(url).status_code == 302
    for url in (list_url, detail_url, import_url):
        assert client_for(instructor_a).get(url).status_code == 403
        assert client_for(funder).get(url).status_code == 403
    assert client_for(counsellor_a).get(import_url).status_code == 403
    assert client_for(counsellor_a).get(reverse("markets:profile_detail", args=["ZZ"])).status_code == 404
    body = client_for(counsellor_a).get(detail_url).content.decode()
    assert "illustrative – not real statistics" in body and "7531" in body
    assert client_for(manager).get(import_url).status_code == 200


@pytest.mark.django_db
def test_upload_lists_errors_and_imports_nothing_then_imports_a_new_version(client_for, manager):
    client = client_for(manager)
    url = reverse("markets:profile_import")
    header = "Land;ISCO-08;Beruf;Nachfrage;Arbeitsform;Quelle;Stand\r\n"
    bad = (header + "SN;7531;Schneider;hoch;angestellt;ANSD;01.01.2025\r\n"
           "SN;5120;Koch;sehr hoch;angestellt;ANSD;01.01.2025\r\n")
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", ("\ufeff" + bad).encode())})
    body = response.content.decode()
    assert response.status_code == 400 and "sehr hoch" in body and "<td>3</td>" in body
    assert not MarketProfileVersion.objects.exists()
    # issue 24: summarised on top, linked to the file field, which is aria-invalid; the rows below
    assert html_error_summary_problems(body, invalid={"file"}) == []
    assert f'<a href="#id_file">file (CSV or Excel): {ERROR_FILE_PROBLEMS % {"n": 1}}</a>' in body
    assert body.index("data-error-summary") < body.index('id="file-errors"') < body.index('name="file"')
    missing = client.post(url, {}).content.decode()
    assert html_error_summary_problems(missing, invalid={"file"}) == []
    good = header + "SN;7531;Schneider;hoch;angestellt;ANSD;01.01.2025\r\n"
    for expected in (1, 2):
        response = client.post(url, {"file": SimpleUploadedFile("m.csv", ("\ufeff" + good).encode())})
        assert response.status_code == 302
        assert MarketProfileVersion.objects.get(version=expected).imported_by == manager
