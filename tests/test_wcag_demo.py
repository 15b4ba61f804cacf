"""Both checkers against the real demo (issue 24: "axe and a second checker … run in CI against
the demo"): `seed_demo` fills one database for the whole module, then each role's pages are
opened in Chromium at 320 px and 1,280 px — the portal in Arabic and in German, the
counsellor's caseload, a case file and the intake form, the instructor's open attendance day,
the manager's figures, the funder's report (the figures and a closed period), the data
protection officer's audit trail. On each: axe-core reports no violation, HTML_CodeSniffer
(WCAG2AA, the engine pa11y runs) no error, and the page does not scroll sideways.

The seed takes most of the time (about half a minute), so it runs once and one test opens every
role's pages, collecting the problems of all of them before it fails. (A module-scoped seed
shared by several tests would need pytest-django's `live_server` without its flush after each
test, and writes made in one test visible to the server thread on PostgreSQL too.)
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.login import force_login_verified
from demo.seed_portal import ARABIC_CODE
from participants.models import Participant
from portal.models import PortalAccount
from portal.services import code_digest
from reporting.models import FrozenReport
from scheduling.models import Meeting
from tests.a11y import WIDTHS, axe_violations, htmlcs_errors, overflow
from tests.browser import BROWSER_MARKS, chromium, new_page

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]

PORTAL_PAGES = (
    "/portal/",
    "/portal/plan/",
    "/portal/timetable/",
    "/portal/attendance/",
    "/portal/documents/",
    "/portal/questionnaire/",
    "/portal/contact/",
)


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # thirteen logins
    call_command("seed_demo", stdout=StringIO())


def session_cookie(user: User) -> str:
    """A logged-in session (staff: past the second factor too), as the login pages make it."""
    client = Client()
    if user.role == Role.PARTICIPANT:
        client.force_login(user)
    else:
        force_login_verified(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def portal_user(language: str) -> User:
    """The demo's Arabic-speaking portal login (code DEMX-ARAB-2345), reading in `language`."""
    account = PortalAccount.objects.get(code_digest=code_digest(ARABIC_CODE))
    PortalAccount.objects.filter(pk=account.pk).update(language=language)
    return account.user


def counsellor_pages() -> tuple[User, list[str]]:
    counsellor = User.objects.get(username="berater.nuernberg")
    # a case file far along: a return recorded, so its return table is shown too
    case = (
        Participant.objects.filter(counsellor=counsellor, return_record__isnull=False).order_by("case_number").first()
        or Participant.objects.filter(counsellor=counsellor).order_by("case_number").first()
    )
    assert case is not None
    return counsellor, ["/participants/", f"/participants/{case.pk}/", "/participants/intake/"]


def instructor_pages() -> tuple[User, list[str]]:
    # the latest day taught: the demo leaves the current week open to sign and countersign
    meetings = Meeting.objects.filter(date__lte=timezone.localdate()).select_related("session__instructor")
    meeting = (
        meetings.filter(attendance_day__countersigned_at__isnull=True).order_by("-date").first()
        or meetings.order_by("-date").first()
    )
    assert meeting is not None
    return meeting.session.instructor, [f"/training/meetings/{meeting.pk}/attendance/"]


def funder_pages() -> tuple[User, list[str]]:
    funder = User.objects.get(role=Role.FUNDER)
    closed = FrozenReport.objects.filter(reporting_period__funding_line__funder=funder.funder).order_by("pk").first()
    return funder, ["/reporting/"] + ([f"/reporting/periods/{closed.reporting_period_id}/"] if closed else [])


def dpo_pages() -> tuple[User, list[str]]:
    case_number = Participant.objects.order_by("case_number").values_list("case_number", flat=True).first()
    return User.objects.get(role=Role.DPO), [f"/privacy/audit/?case_number={case_number}"]


#: role → (locale of the browser, the user and the pages to open)
ROLES: dict[str, tuple[str, Any]] = {
    "portal-ar": ("ar", lambda: (portal_user("ar"), list(PORTAL_PAGES))),
    "portal-de": ("de-DE", lambda: (portal_user("de"), list(PORTAL_PAGES))),
    "counsellor": ("de-DE", counsellor_pages),
    "instructor": ("de-DE", instructor_pages),
    "manager": ("de-DE", lambda: (User.objects.get(username="manager"), ["/reporting/"])),
    "funder": ("de-DE", funder_pages),
    "dpo": ("de-DE", dpo_pages),
}


def role_problems(browser: Any, base: str, role: str) -> list[str]:
    """Both widths of one role's pages: sideways scroll, axe violations, HTMLCS errors."""
    locale, pages_of = ROLES[role]
    user, paths = pages_of()
    cookie = session_cookie(user)
    problems: list[str] = []
    for width, viewport in WIDTHS.items():
        page = new_page(browser, locale=locale, viewport=viewport, has_touch=width == "320")
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
        try:
            for path in paths:
                response = page.goto(base + path)
                assert response is not None and response.status == 200, (role, path, response and response.status)
                assert page.url == base + path, f"{role}: {path} went to {page.url}"
                if role.startswith("portal-"):
                    assert page.get_attribute("html", "lang") == role.removeprefix("portal-")
                where = f"{width} px {path}"
                if (pixels := overflow(page)) > 0:
                    problems.append(f"{where}: {pixels} px sideways scroll")
                problems += [f"{where}: axe {violation}" for violation in axe_violations(page)]
                problems += [f"{where}: HTMLCS {error}" for error in htmlcs_errors(page)]
        finally:
            page.context.close()
    return problems


def test_each_role_s_demo_pages_pass_axe_and_html_codesniffer_at_320_and_1280_px(demo, live_server):
    with chromium() as browser:
        problems = {role: role_problems(browser, live_server.url, role) for role in ROLES}
    assert problems == {role: [] for role in ROLES}
