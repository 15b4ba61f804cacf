"""The manager's day in Chromium, on a desktop and a 390 px phone, German UI: administer staff
(invite, change site, reset an authenticator), the catalogue (a module's hours, its Arabic title
with the native-speaker mark, its skills), funding (a project's extension), then the figures.
Fails on any 4xx/5xx, an English source string on a German page, a link the manager cannot
follow, or sideways scrolling on the phone (tests/walk.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.models import Role, User
from catalogue.models import ModuleTranslation
from catalogue.tests.factories import ModuleFactory
from funding.tests.factories import FundingLineFactory
from tests.browser import BROWSER_MARKS
from tests.walk import staff_login, walk

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_manager_administers_staff_and_catalogue_then_opens_the_figures(
    viewport, live_server, manager, counsellor_a, site_a, site_b
):
    module = ModuleFactory(code="SEW-101", title_de="Grundlagen Maschinennähen", title_en="Machine sewing basics")
    line = FundingLineFactory(project_number="BAMF-2026-07")
    with walk(live_server, viewport=viewport) as w:
        staff_login(w, manager)
        page = w.page
        assert "/reporting/" in page.url

        # /admin/ is for superusers: the manager lands on the own administration instead.
        w.goto("/admin/")
        assert page.url.endswith("/administration/")
        assert page.locator("h1").inner_text() == "Verwaltung"

        # Staff: invite a new instructor, then move a counsellor to the other site.
        w.goto("/administration/staff/invite/")
        page.fill("#id_username", f"ausbilder.neu.{viewport}")
        page.fill("#id_first_name", "Jonas")
        page.fill("#id_last_name", "Neumann")
        page.fill("#id_email", "jonas@example.org")
        page.select_option("#id_role", Role.INSTRUCTOR)
        page.select_option("#id_site", str(site_a.pk))
        w.submit()
        assert "Einladung an jonas@example.org gesendet" in page.inner_text("main")
        assert User.objects.get(username=f"ausbilder.neu.{viewport}").site == site_a
        assert len(mail.outbox) == 1
        w.goto(f"/administration/staff/{counsellor_a.pk}/")
        page.select_option("#id_site", str(site_b.pk))
        w.submit()
        counsellor_a.refresh_from_db()
        assert counsellor_a.site == site_b
        w.goto(f"/administration/staff/{counsellor_a.pk}/")
        w.submit(f"form[action$='/{counsellor_a.pk}/reset-second-factor/'] button")
        assert "Authenticator entfernt" in page.inner_text("main")

        # Catalogue: hours, then the Arabic title, reviewed by a native speaker.
        w.goto("/catalogue/")
        with page.expect_navigation():
            page.click(f"a[href='/catalogue/modules/{module.pk}/']")
        w.check()
        page.fill("#id_hours", "36")
        w.submit()
        module.refresh_from_db()
        assert str(module.hours) == "36.0"
        w.goto(f"/catalogue/modules/{module.pk}/translations/")
        page.fill("#id_ar-title", "أساسيات الخياطة بالآلة")
        page.check("#id_ar-reviewed_by_native_speaker")
        w.submit()
        row = ModuleTranslation.objects.get(module=module, language="ar")
        assert row.title == "أساسيات الخياطة بالآلة" and row.reviewed_by_native_speaker
        w.goto(f"/catalogue/modules/{module.pk}/skills/")
        page.select_option("#id_skill-0", index=1)
        page.select_option("#id_level-0", "2")
        w.submit()
        assert module.skills.count() == 1

        # Funding: the project is extended by a recorded decision.
        w.goto("/funding/lines/")
        w.goto(f"/funding/projects/{line.project_id}/")
        new_end = line.project.ends_on + dt.timedelta(days=365)
        page.fill("#id_new_end", new_end.isoformat())
        page.fill("#id_decided_on", line.project.ends_on.isoformat())
        w.submit("form[action$='/extend/'] button")
        line.project.refresh_from_db()
        assert line.project.current_end == new_end

        # The other administration pages and the figures.
        for path in ("/administration/", "/administration/staff/", "/administration/sites/",
                     "/administration/sites/new/", "/instructors/",
                     "/returns/organisations/", "/reporting/"):
            w.goto(path)
        assert w.problems == [], "\n".join(w.problems)
