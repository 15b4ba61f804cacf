"""Managers set up funders, projects (end date and extensions) and funding lines; funders only read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEntry
from funding.models import FundingLine, Project
from funding.services import ERROR_EXTENSION_NOT_LATER
from funding.tests.factories import FunderFactory, FundingLineFactory, ProjectFactory


@pytest.mark.django_db
def test_only_managers_edit(client_for, manager, funder, counsellor_a):
    line = FundingLineFactory()
    for name, kwargs in (("funding:line_new", {}), ("funding:line_edit", {"pk": line.pk}),
                         ("funding:project_edit", {"pk": line.project_id}), ("funding:funder_new", {})):
        url = reverse(name, kwargs=kwargs)
        for other in (funder, counsellor_a):
            assert client_for(other).get(url).status_code == 403
        assert client_for(manager).get(url).status_code == 200
    # The funder's list shows no edit links.
    funder.funder = line.funder
    funder.save()
    body = client_for(funder).get(reverse("funding:line_list")).content.decode()
    assert reverse("funding:line_edit", args=[line.pk]) not in body


@pytest.mark.django_db
def test_new_line_with_its_project_end_shown(client_for, manager):
    project = ProjectFactory(ends_on=dt.date(2027, 12, 31))
    funder = FunderFactory()
    client = client_for(manager)
    response = client.post(reverse("funding:line_new"), {
        "funder": funder.pk, "project": project.pk, "project_number": "BAMF-2027-11", "name": "Bundesprogramm",
        "share_percent": "60", "final_report_on": "", "retention_years": "10",
    })
    assert response.status_code == 302
    line = FundingLine.objects.get(project_number="BAMF-2027-11")
    assert AuditEntry.objects.filter(action="funding_line.create", object_id=str(line.pk)).exists()
    client.cookies["django_language"] = "de"
    body = client.get(reverse("funding:line_list"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "31.12.2027" in body


@pytest.mark.django_db
def test_bad_share_is_refused_and_nothing_is_written(client_for, manager):
    line = FundingLineFactory(share_percent=50)
    response = client_for(manager).post(reverse("funding:line_edit", args=[line.pk]), {
        "funder": line.funder_id, "project": line.project_id, "project_number": line.project_number,
        "name": line.name, "share_percent": "130", "retention_years": "10",
    })
    line.refresh_from_db()
    assert response.status_code == 400 and line.share_percent == 50
    assert not AuditEntry.objects.filter(action__startswith="funding_line.").exists()


@pytest.mark.django_db
def test_a_project_is_extended_by_a_recorded_decision_never_typed_over(client_for, manager):
    project = ProjectFactory(ends_on=dt.date(2026, 12, 31))
    client = client_for(manager)
    url = reverse("funding:project_extend", args=[project.pk])
    response = client.post(url, {"new_end": "2026-06-30", "decided_on": "2026-05-01"})
    assert response.status_code == 400
    assert escape(ERROR_EXTENSION_NOT_LATER % {"end": "2026-12-31"}) in response.content.decode()
    response = client.post(url, {"new_end": "2027-12-31", "decided_on": "2026-10-01", "reference": "Bescheid 2"})
    assert response.status_code == 302
    stored = Project.objects.get(pk=project.pk)
    assert stored.ends_on == dt.date(2026, 12, 31) and stored.current_end == dt.date(2027, 12, 31)
    assert AuditEntry.objects.filter(action="project.extend", object_id=str(stored.pk)).exists()
