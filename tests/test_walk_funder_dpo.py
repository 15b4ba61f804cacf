"""The funder's and the data protection officer's days in Chromium, desktop and 390 px phone,
German UI. Funder: its own figures and funding lines, nobody's name. DPO: the audit trail
("who saw this person"), the retention dry run, erasure's first page, backups. Fails on any
4xx/5xx, an English source string on a German page, a link the role cannot follow, or sideways
scrolling on the phone (tests/walk.py)."""

from __future__ import annotations

import pytest

from catalogue.tests.factories import ModuleFactory
from funding.tests.factories import FundingLineFactory
from portal.tests.conftest import _with_certificate
from tests.browser import BROWSER_MARKS
from tests.walk import staff_login, walk

pytestmark = BROWSER_MARKS


def _programme(*, manager, counsellor, instructor, site, funder_user):
    """Two participants with a certificate, paid by the funder's line."""
    line = FundingLineFactory(project_number="BAMF-2026-07")
    funder_user.funder = line.funder
    funder_user.save(update_fields=["funder"])
    module = ModuleFactory(code="SEW-101", title_de="Grundlagen Maschinennähen", title_en="Machine sewing basics")
    people = [_with_certificate(manager=manager, counsellor=counsellor, instructor=instructor, site=site,
                                module=module, name=name)["participant"] for name in ("Layla", "Samir")]
    for person in people:
        person.funding_line = line
        person.save(update_fields=["funding_line"])
    return line, people


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_funder_reads_its_own_figures(viewport, live_server, manager, counsellor_a, instructor_a, site_a, funder):
    line, people = _programme(manager=manager, counsellor=counsellor_a, instructor=instructor_a, site=site_a,
                              funder_user=funder)
    with walk(live_server, viewport=viewport) as w:
        staff_login(w, funder)
        assert "/reporting/" in w.page.url
        for path in ("/reporting/", "/funding/lines/"):
            w.goto(path)
            text = w.page.inner_text("main")
            assert "Layla" not in text and people[0].case_number not in text
        assert "BAMF-2026-07" in w.page.inner_text("main")
        assert w.problems == [], "\n".join(w.problems)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_data_protection_officer_checks_who_saw_a_person(viewport, live_server, manager, counsellor_a,
                                                         instructor_a, site_a, funder, dpo):
    _line, people = _programme(manager=manager, counsellor=counsellor_a, instructor=instructor_a, site=site_a,
                               funder_user=funder)
    with walk(live_server, viewport=viewport) as w:
        staff_login(w, dpo)
        assert "/privacy/audit/" in w.page.url
        w.goto(f"/privacy/audit/?case_number={people[0].case_number}")
        for path in ("/privacy/retention/", "/privacy/erasure/", "/backups/"):
            w.goto(path)
        assert w.problems == [], "\n".join(w.problems)
