"""The architecture holds: the import contract passes, templates and views ask `can_*`
predicates instead of comparing roles, and each predicate agrees with the policy the view
behind the link declares (`accounts.policy.allow`)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from accounts.models import Role, User
from certificates import access as certificates_access
from certificates import views as certificates_views
from markets import access as markets_access
from markets import views as markets_views
from notifications import access as notifications_access
from notifications import views as notifications_views
from privacy import access as privacy_access
from privacy import views as privacy_views
from reporting import access as reporting_access
from reporting import views as reporting_views
from returns import access as returns_access
from returns import views as returns_views
from scheduling import access as scheduling_access
from scheduling import views as scheduling_views

ROOT = Path(__file__).resolve().parents[1]
APPS = sorted(
    path.parent.name for path in ROOT.glob("*/apps.py")
)


def test_the_import_contract_holds():
    """`lint-imports` (also run by `make lint`): the floors and the pure modules."""
    result = subprocess.run(  # noqa: S603 — fixed command, no user input
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("predicate", "view"), [
    (scheduling_access.can_manage_sessions, scheduling_views.session_create),
    (scheduling_access.can_manage_sessions, scheduling_views.run_list),
    (scheduling_access.can_manage_sessions, scheduling_views.planning),
    (scheduling_access.can_manage_sessions, scheduling_views.meeting_change),
    (certificates_access.can_issue_certificates, certificates_views.session_issue),
    (privacy_access.can_erase, privacy_views.erasure),
    (markets_access.can_import_profiles, markets_views.profile_import),
    (reporting_access.can_close_period, reporting_views.period_close),
    (reporting_access.can_export, reporting_views.export),
    (reporting_access.can_drill_down, reporting_views.drill_down),
    (returns_access.can_edit_organisations, returns_views.organisation_edit),
    (notifications_access.can_open_message_settings, notifications_views.my_settings),
])
def test_a_link_is_offered_to_exactly_the_roles_its_view_allows(predicate: Callable[[User], bool], view):
    allowed = view.access_policy.roles
    for role in Role:
        assert predicate(User(role=role)) is (role in allowed), (predicate.__name__, role)


ROLE_COMPARISON = re.compile(r"""\.role\s*(==|!=|in\b|not in\b)|role\s*==\s*["']""")


def test_no_role_comparisons_outside_the_access_layer():
    """Views, selectors, services, forms and templates ask `can_*` (each app's access.py);
    only access.py and the role properties of `accounts.models.User` compare roles."""
    offenders = []
    for app in [*APPS, "templates"]:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in (".py", ".html") or "tests" in path.parts or "migrations" in path.parts:
                continue
            if path.name == "access.py" or path.relative_to(ROOT).as_posix() == "accounts/models.py":
                continue
            if app == "demo" and path.suffix == ".py":
                continue  # the demo's staff specifications name roles as data
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if ROLE_COMPARISON.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
