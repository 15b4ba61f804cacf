"""Deny by default, proven: every URL × every role × own/other site, GET and POST.

A world with two sites, each with a participant on the full path (plan, session,
enrolment, result, certificate, return). Each URL is called with site A's records by
every persona. A persona may succeed only if the view's declared policy names its role
and, for site- or own-scoped views, the records are its own. Any other success fails
the test, and so does a refused request that still wrote something.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import AuditEntry, Role
from accounts.policy import AccessPolicy, policy_of
from accounts.tests.login import force_login_verified
from catalogue.tests.factories import ModuleFactory
from certificates.services import certificate_issue
from funding.tests.factories import FundingLineFactory
from participants.tests.factories import ConsentFactory, ParticipantFactory
from plans import services as plan_services
from returns.services import return_record
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session
from training.services import attendance_record, result_record


def _side(*, manager, counsellor, instructor, site, module, code: str) -> dict[str, Any]:
    today = timezone.localdate()
    participant = ParticipantFactory(
        site=site,
        counsellor=counsellor,
        first_name=f"Person{code}",
        planned_departure=today + dt.timedelta(days=90),
    )
    plan = plan_services.plan_start(acting_user=counsellor, participant=participant)
    item = plan_services.plan_add_module(acting_user=counsellor, plan=plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor, plan=plan, agreed_on=today)
    session = make_session(
        manager=manager, module=module, site=site, instructor=instructor, starts_on=today - dt.timedelta(days=6)
    )
    enrolment = session_enrol(acting_user=counsellor, session=session, participant=participant)
    for meeting in session.meetings.filter(date__lte=today):  # a certificate needs the attendance threshold
        attendance_record(acting_user=instructor, meeting=meeting, today=today, statuses={enrolment.pk: "present"})
    result_record(acting_user=instructor, session=session, outcomes={enrolment.pk: "passed"}, recorded_on=today)
    certificate = certificate_issue(acting_user=counsellor, participant=participant)
    return_record(
        acting_user=counsellor,
        participant=participant,
        status="postponed",
        status_date=today,
        actual_departure=None,
        reason="Flight moved",
        today=today,
    )
    # A second, draft plan so plan item URLs have something to act on.
    draft = plan_services.plan_revise(acting_user=counsellor, plan=plan, reason="More practice")
    return {
        "participant": participant,
        "consent": ConsentFactory(participant=participant, purpose="follow_up"),
        "plan_item": draft.items.get(module=item.module),
        "session": session,
        "meeting": session.meetings.first(),
        "attendance": session.meetings.first().attendances.get(),
        "certificate": certificate,
    }


@pytest.fixture
def world(manager, counsellor_a, counsellor_b, instructor_a, instructor_b, site_a, site_b):
    module = ModuleFactory(code="SEW-101")
    return {
        "a": _side(
            manager=manager, counsellor=counsellor_a, instructor=instructor_a, site=site_a, module=module, code="A"
        ),
        "b": _side(
            manager=manager, counsellor=counsellor_b, instructor=instructor_b, site=site_b, module=module, code="B"
        ),
    }


# URL name → the keyword arguments that address site A's records.
KWARGS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "accounts:home": lambda w: {},
    "accounts:instructor_list": lambda w: {},
    "accounts:instructor_profile_edit": lambda w: {"pk": w["session"].instructor.pk},
    "accounts:login": lambda w: {},
    "accounts:otp_verify": lambda w: {},
    "accounts:otp_enrol": lambda w: {},
    "accounts:logout": lambda w: {},
    "set_language": lambda w: {},
    "participants:caseload": lambda w: {},
    "participants:intake": lambda w: {},
    "participants:case_file": lambda w: {"pk": w["participant"].pk},
    "participants:edit": lambda w: {"pk": w["participant"].pk},
    "participants:consent_add": lambda w: {"pk": w["participant"].pk},
    "participants:consent_withdraw": lambda w: {"pk": w["participant"].pk, "consent_pk": w["consent"].pk},
    "assessments:create": lambda w: {"pk": w["participant"].pk},
    "assessments:import_profile": lambda w: {"pk": w["participant"].pk},
    "assessments:availability": lambda w: {"pk": w["participant"].pk},
    "assessments:tryouts": lambda w: {},
    "assessments:tryout_create": lambda w: {"pk": w["participant"].pk},
    "markets:profile_list": lambda w: {},
    "markets:profile_import": lambda w: {},
    "markets:profile_detail": lambda w: {"country": "SY"},
    "catalogue:trade_list": lambda w: {},
    "plans:edit": lambda w: {"pk": w["participant"].pk},
    "plans:start": lambda w: {"pk": w["participant"].pk},
    "plans:revise": lambda w: {"pk": w["participant"].pk},
    "plans:add_module": lambda w: {"pk": w["participant"].pk},
    "plans:item_action": lambda w: {"pk": w["participant"].pk, "item_pk": w["plan_item"].pk, "action": "remove"},
    "plans:finalise": lambda w: {"pk": w["participant"].pk},
    "plans:add_path": lambda w: {"pk": w["participant"].pk},
    "plans:target": lambda w: {"pk": w["participant"].pk},
    "plans:diff": lambda w: {"pk": w["participant"].pk},
    "scheduling:session_list": lambda w: {},
    "scheduling:session_create": lambda w: {},
    "scheduling:session_detail": lambda w: {"pk": w["session"].pk},
    "scheduling:enrol": lambda w: {"pk": w["participant"].pk},
    "scheduling:enrol_confirm": lambda w: {"pk": w["participant"].pk, "session_pk": w["session"].pk},
    "scheduling:run_list": lambda w: {},
    "scheduling:run_detail": lambda w: {"pk": __import__("scheduling.tests.factories").tests.factories.run_for(w).pk},
    "scheduling:run_progress": lambda w: {"pk": __import__("scheduling.tests.factories").tests.factories.run_for(w).pk},
    "scheduling:run_apply": lambda w: {"pk": __import__("scheduling.tests.factories").tests.factories.run_for(w).pk},
    "scheduling:run_discard": lambda w: {"pk": __import__("scheduling.tests.factories").tests.factories.run_for(w).pk},
    "scheduling:at_risk": lambda w: {},
    "scheduling:replan": lambda w: {"pk": w["participant"].pk},
    "scheduling:timeline": lambda w: {"pk": w["participant"].pk},
    "scheduling:occupancy": lambda w: {"pk": w["session"].site_id},
    "scheduling:planning": lambda w: {},
    "scheduling:constraints": lambda w: {"pk": w["participant"].pk},
    "scheduling:pin_create": lambda w: {"pk": w["participant"].pk},
    "scheduling:pin_delete": lambda w: {
        "pk": w["participant"].pk, "pin_pk": __import__("scheduling.tests.factories").tests.factories.pin_for(w).pk
    },
    "training:attendance": lambda w: {"meeting_pk": w["meeting"].pk},
    "training:results": lambda w: {"session_pk": w["session"].pk},
    "training:attendance_countersign": lambda w: {"meeting_pk": w["meeting"].pk},
    "training:attendance_scan": lambda w: {"meeting_pk": w["meeting"].pk},
    "training:attendance_scan_upload": lambda w: {"meeting_pk": w["meeting"].pk},
    "training:attendance_correct": lambda w: {"pk": w["attendance"].pk},
    "training:attendance_proof": lambda w: {"pk": w["attendance"].pk},
    "training:attendance_proof_upload": lambda w: {"pk": w["attendance"].pk},
    "training:session_attendance": lambda w: {"session_pk": w["session"].pk},
    "training:offline": lambda w: {},
    "training:offline_worker": lambda w: {},  # public: code only, no data
    "training:offline_manifest": lambda w: {},  # public: the web app manifest
    "training:offline_key": lambda w: {},
    "training:offline_device_state": lambda w: {},  # public: "wipe or keep" for a random device token
    "training:offline_sheets": lambda w: {},
    "training:offline_sync": lambda w: {},
    "training:offline_devices": lambda w: {},
    "training:offline_device_revoke": lambda w: {"pk": 999_999},  # managers only: an unknown device is a 404
    "training:attendance_week": lambda w: {
        "session_pk": w["session"].pk, "year": w["meeting"].date.isocalendar()[0],
        "week": w["meeting"].date.isocalendar()[1],
    },
    "certificates:express_issue": lambda w: {"pk": w["participant"].pk},
    "certificates:evidence": lambda w: {"pk": w["certificate"].pk},
    "certificates:issue": lambda w: {"pk": w["participant"].pk},
    "certificates:download": lambda w: {"pk": w["certificate"].pk},
    "certificates:credential": lambda w: {"pk": w["certificate"].pk},
    "certificates:revoke": lambda w: {"pk": w["certificate"].pk},
    "certificates:session_issue": lambda w: {"pk": w["session"].pk},
    "certificates:session_issue_progress": lambda w: {"pk": w["session"].pk},
    "certificates:session_issue_download": lambda w: {"pk": w["session"].pk},
    "certificates:verify": lambda w: {"number": "RZ-2026-UNKNOWN0"},  # public: the real page names the holder
    "certificates:verify_credential": lambda w: {},  # public: checks a pasted credential, stores nothing
    "certificates:issuer": lambda w: {},
    "certificates:status_list": lambda w: {},
    "returns:record": lambda w: {"pk": w["participant"].pk},
    "returns:departure": lambda w: {"pk": w["participant"].pk},
    "returns:handover_new": lambda w: {"pk": w["participant"].pk},
    "returns:follow_up_baseline": lambda w: {"pk": w["participant"].pk},
    "returns:handover_download": lambda w: {
        "pk": __import__("returns.tests.factories").tests.factories.handover_for(w).pk, "form": "json"
    },
    "returns:due_list": lambda w: {},
    "returns:method": lambda w: {},
    "returns:follow_up_link": lambda w: {
        "pk": __import__("returns.tests.factories").tests.factories.follow_up_for(w).pk
    },
    "returns:follow_up_record": lambda w: {
        "pk": __import__("returns.tests.factories").tests.factories.follow_up_for(w).pk
    },
    "returns:organisation_list": lambda w: {},
    "returns:organisation_new": lambda w: {},
    "returns:organisation_edit": lambda w: {
        "pk": __import__("returns.tests.factories").tests.factories.organisation_for(w).pk
    },
    "returns:handover_schema": lambda w: {},
    "returns:partner": lambda w: {"token": "not-a-valid-token"},
    "returns:survey": lambda w: {"token": "not-a-valid-token"},
    "reporting:dashboard": lambda w: {},
    "reporting:drill_down": lambda w: {},
    "reporting:export": lambda w: {"kind": "csv"},
    "reporting:frozen_report": lambda w: {
        "pk": __import__("reporting.tests.factories").tests.factories.reporting_period_for(w).pk
    },
    "reporting:period_close": lambda w: {
        "pk": __import__("reporting.tests.factories").tests.factories.reporting_period_for(w).pk
    },
    "reporting:api_report": lambda w: {},
    "reporting:api_schema": lambda w: {},
    "backups:index": lambda w: {},
    "backups:new": lambda w: {},
    "backups:check": lambda w: {"name": "none.manifest.json"},
    "health": lambda w: {},
    "ready": lambda w: {},
    "jobs:list": lambda w: {},
    "jobs:detail": lambda w: {"pk": 999_999},  # someone else's or missing: 404 for all
    "jobs:download": lambda w: {"pk": 999_999},
    "certificates:session_issue_print": lambda w: {"pk": w["session"].pk},
    "privacy:export": lambda w: {"pk": w["participant"].pk},
    "privacy:erasure": lambda w: {},
    "privacy:audit": lambda w: {},
    "privacy:audit_access_csv": lambda w: {},
    "privacy:audit_checkpoints": lambda w: {},
    "portal:login": lambda w: {},
    "portal:set_pin": lambda w: {},
    "portal:language": lambda w: {},
    "portal:logout": lambda w: {},
    "portal:home": lambda w: {},
    "portal:plan": lambda w: {},
    "portal:timetable": lambda w: {},
    "portal:attendance": lambda w: {},
    "portal:documents": lambda w: {},
    "portal:certificate_pdf": lambda w: {"pk": w["certificate"].pk},
    "portal:certificate_credential": lambda w: {"pk": w["certificate"].pk},
    "portal:contact": lambda w: {},
    "portal:follow_up_open": lambda w: {
        "pk": __import__("returns.tests.factories").tests.factories.follow_up_for(w).pk
    },
    "portal:self_assessment": lambda w: {},
    "portal:invitation_create": lambda w: {"pk": w["participant"].pk},
    "portal:plan_agreement": lambda w: {"pk": w["participant"].pk},
    "portal:questionnaire": lambda w: {"pk": w["participant"].pk},
    "privacy:retention": lambda w: {},
    "participants:eligibility_add": lambda w: {"pk": w["participant"].pk},
    "participants:contact_note_add": lambda w: {"pk": w["participant"].pk},
    "participants:exit_record": lambda w: {"pk": w["participant"].pk},
    "participants:exit_undo": lambda w: {"pk": w["participant"].pk},
    "funding:line_list": lambda w: {},
    "funding:line_new": lambda w: {},
    "funding:line_edit": lambda w: {"pk": _line(w).pk},
    "funding:funder_new": lambda w: {},
    "funding:funder_edit": lambda w: {"pk": _line(w).funder_id},
    "funding:project_new": lambda w: {},
    "funding:project_edit": lambda w: {"pk": _line(w).project_id},
    "funding:project_extend": lambda w: {"pk": _line(w).project_id},
    "accounts:administration": lambda w: {},
    "accounts:staff_list": lambda w: {},
    "accounts:staff_invite": lambda w: {},
    "accounts:staff_edit": lambda w: {"pk": w["participant"].counsellor_id},
    "accounts:staff_action": lambda w: {"pk": w["participant"].counsellor_id, "action": "reset-second-factor"},
    "accounts:site_list": lambda w: {},
    "accounts:site_new": lambda w: {},
    "accounts:site_edit": lambda w: {"pk": w["participant"].site_id},
    "accounts:set_password": lambda w: {"uidb64": "MQ", "token": "not-a-valid-token"},  # public: refuses the link
    "catalogue:module_new": lambda w: {},
    "catalogue:module_edit": lambda w: {"pk": w["session"].module_id},
    "catalogue:module_translations": lambda w: {"pk": w["session"].module_id},
    "catalogue:module_skills": lambda w: {"pk": w["session"].module_id},
    "feedback:session_links": lambda w: {"pk": w["session"].pk},
    "feedback:answer": lambda w: {"token": "unknown-token"},  # public: a wrong token gets 404
    "feedback:summary": lambda w: {},
    "scheduling:meeting_change": lambda w: {"pk": w["session"].pk, "meeting_pk": w["meeting"].pk},
    "notifications:participant_channels": lambda w: {"pk": w["participant"].pk},
    "notifications:channel_withdraw": lambda w: {"pk": w["participant"].pk, "consent_pk": 999_999},
    "notifications:my_settings": lambda w: {},
    "notifications:portal_calendar": lambda w: {},
    "notifications:portal_messages": lambda w: {},
    "notifications:unsubscribe": lambda w: {"token": "unknown-token"},  # public: a wrong token gets 404
    "notifications:feed": lambda w: {"token": "unknown-token"},  # public: a wrong token gets 404
}


def _line(w: dict[str, Any]) -> Any:
    if "line" not in w:
        w["line"] = w["participant"].funding_line or FundingLineFactory()
    return w["line"]


def _named_patterns(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def test_every_named_url_is_in_the_matrix():
    names = {name for name, _ in _named_patterns(get_resolver())}
    assert sorted(names - set(KWARGS)) == [], "add the new URL to KWARGS in this test"


# persona → (role, does site A's data belong to them?)
PERSONAS = {
    "anonymous": (None, False),
    "manager": (Role.MANAGER, True),
    "counsellor_a": (Role.COUNSELLOR, True),
    "counsellor_b": (Role.COUNSELLOR, False),
    "instructor_a": (Role.INSTRUCTOR, True),
    "instructor_b": (Role.INSTRUCTOR, False),
    "funder": (Role.FUNDER, False),
    "dpo": (Role.DPO, False),
    "participant_user": (Role.PARTICIPANT, False),
}


def _may_succeed(policy: AccessPolicy, role: str | None, owns: bool, addresses_record: bool) -> bool:
    if policy.public:
        return True
    if role not in policy.roles:
        return False
    # Lists (no record in the URL) are filtered to what the user may see; checked below.
    return role not in policy.scoped_roles or owns or not addresses_record


def _refused(response, *, anonymous: bool) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return anonymous and response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_matrix_no_unexpected_success(persona, world, request):
    role, owns = PERSONAS[persona]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    user = request.getfixturevalue(persona) if role is not None else None
    failures = []
    for name, pattern in _named_patterns(get_resolver()):
        policy = policy_of(pattern.callback)
        assert policy is not None, name
        kwargs = KWARGS[name](world["a"])
        url = reverse(name, kwargs=kwargs)
        secrets = [world["a"]["participant"].case_number, world["a"]["participant"].first_name]
        for method in ("get", "post"):
            for htmx in (False, True):
                before = AuditEntry.objects.exclude(action__endswith=".view").count()
                headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
                if user is not None:
                    force_login_verified(client, user)  # again: the logout URL ends the session
                response = getattr(client, method)(url, **headers)
                if _may_succeed(policy, role, owns, addresses_record=bool(kwargs)):
                    body = response.content.decode(errors="replace")
                    if not owns and any(secret in body for secret in secrets):
                        failures.append(f"{method.upper()} {name} htmx={htmx}: shows site A's participant")
                    continue
                wrote = AuditEntry.objects.exclude(action__endswith=".view").count() - before
                if not _refused(response, anonymous=role is None) or wrote:
                    failures.append(f"{method.upper()} {name} htmx={htmx}: {response.status_code}, wrote {wrote}")
    assert failures == []
