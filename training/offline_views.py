"""Offline attendance: the page an instructor installs on a phone, its service worker and
manifest, and the JSON the page exchanges with the server (training/README.md, "Offline")."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow, public
from training import offline_services
from training.access import offline_device_get_for_user
from training.models import AttendanceStatus, OfflineDevice
from training.offline_selectors import offline_day_sheets, offline_device_for_token, offline_device_list
from training.offline_texts import offline_texts
from training.selectors import meeting_get_for_user

#: raise when the worker's behaviour changes (hashed static names change it by themselves)
WORKER_VERSION = 1
#: the session key naming this login's device
SESSION_DEVICE = "training_offline_device"
#: what the service worker keeps for the page to open without a connection
SHELL_ASSETS = ("css/reintegra.css", "css/offline.css", "vendor/htmx.min.js", "js/signature.js", "js/offline.js",
                "img/offline-192.png", "img/offline-512.png")


def _gone() -> JsonResponse:
    """The device's data must go: revoked, or its user deactivated."""
    return JsonResponse({"wipe": True, "message": str(offline_services.ERROR_DEVICE_REVOKED)}, status=410)


def _session_device(request: AuthenticatedRequest) -> OfflineDevice | None:
    token = request.session.get(SESSION_DEVICE)
    device = offline_device_for_token(token=token) if isinstance(token, str) else None
    return device if device is not None and device.user_id == request.user.pk else None


@require_GET
@allow(Role.INSTRUCTOR, scope="own")
def offline(request: AuthenticatedRequest) -> HttpResponse:
    """The page: everything it shows comes from the device's encrypted store (static/js/offline.js)."""
    endpoints = {
        "key": reverse("training:offline_key"),
        "state": reverse("training:offline_device_state"),
        "sheets": reverse("training:offline_sheets"),
        "sync": reverse("training:offline_sync"),
        "worker": reverse("training:offline_worker"),
        "scope": reverse("training:offline"),
        "login": reverse("accounts:login"),
    }
    return render(request, "training/offline.html", {
        "statuses": AttendanceStatus.choices,
        "config": {"endpoints": endpoints, "texts": offline_texts()},
    })


@require_GET
@public
def offline_worker(request: HttpRequest) -> HttpResponse:
    """The service worker (code only, no data). Served from /training/offline/ so that its scope
    covers the page; its text names the current static files, so a deploy updates it."""
    page = reverse("training:offline")
    assets = [static(path) for path in SHELL_ASSETS] + [reverse("training:offline_manifest")]
    version = hashlib.sha256(json.dumps([WORKER_VERSION, *assets]).encode()).hexdigest()[:16]
    response = render(request, "training/offline_sw.js", {
        "page": page, "page_json": json.dumps(page), "assets_json": json.dumps(assets), "version": version,
    }, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@public
def offline_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: the offline page installs as an app on the home screen."""
    manifest = {
        "name": _("Reintegra attendance"),
        "short_name": _("Attendance"),
        "description": _("Record attendance without a connection and send it later."),
        "start_url": reverse("training:offline"),
        "scope": reverse("training:offline"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "icons": [
            {"src": static("img/offline-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/offline-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@require_GET
@public
def offline_device_state(request: HttpRequest) -> HttpResponse:
    """Whether a device may keep its data: asked while logged out too (an expired session
    keeps the unsent days; a revoked device or a deactivated user wipes them). The token is
    random and names nobody."""
    device = offline_device_for_token(token=request.GET.get("device", ""))
    if device is not None and not device.active:
        return _gone()
    return JsonResponse({"wipe": False})


@require_GET
@allow(Role.INSTRUCTOR, scope="own")
def offline_key(request: AuthenticatedRequest) -> HttpResponse:
    """This login's device key (issued on first ask). A device that names a revoked token is told to wipe."""
    named = offline_device_for_token(token=request.GET.get("device", ""))
    if named is not None and named.user_id == request.user.pk and not named.active:
        return _gone()
    device = _session_device(request)
    if device is not None and not device.active:
        return _gone()
    if device is None:
        device = offline_services.offline_device_issue(user=request.user)
        request.session[SESSION_DEVICE] = str(device.token)
    return JsonResponse({"device": str(device.token), "key": device.key, "user": request.user.pk,
                         "csrf": get_token(request)})


@require_GET
@allow(Role.INSTRUCTOR, scope="own")
def offline_sheets(request: AuthenticatedRequest) -> HttpResponse:
    """The instructor's day sheets for the coming days, to be kept encrypted on the device."""
    device = _session_device(request)
    if device is None or not device.active:
        return _gone()
    today = timezone.localdate()
    return JsonResponse({"today": today.isoformat(), "sheets": offline_day_sheets(user=request.user, today=today)})


def _error(message: str, *, status: int = 400, rows: dict[str, list[str]] | None = None) -> JsonResponse:
    return JsonResponse({"error": message, "rows": rows or {}}, status=status)


def _recorded_at(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


@require_POST
@allow(Role.INSTRUCTOR, scope="own")
def offline_sync(request: AuthenticatedRequest) -> HttpResponse:
    """One day from the device: `{"idempotency_key", "meeting", "recorded_at", "entries": […]}`."""
    device = _session_device(request)
    if device is None or not device.active:
        return _gone()
    try:
        body: Any = json.loads(request.body)
        key = uuid.UUID(str(body["idempotency_key"]))
        meeting_pk = int(body["meeting"])
        entries = offline_services.sync_entries_parse(body.get("entries"))
    except (ValueError, KeyError, TypeError):
        return _error(str(offline_services.ERROR_SYNC_PAYLOAD))
    except ValidationError as exc:
        return _error(" ".join(exc.messages))
    meeting = meeting_get_for_user(user=request.user, pk=meeting_pk, record=True)
    try:
        result = offline_services.offline_sync_apply(
            acting_user=request.user, device=device, meeting=meeting, idempotency_key=key, entries=entries,
            recorded_offline_at=_recorded_at(body.get("recorded_at")), today=timezone.localdate(),
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            rows = {key: [str(m) for m in messages] for key, messages in exc.message_dict.items()}
            return _error(_("Please correct the marked rows."), rows=rows)
        status = 409 if getattr(exc, "code", "") == "key_reused" else 400
        return _error(" ".join(exc.messages), status=status)
    return JsonResponse(result.as_json(), status=200 if result.replayed else 201)


# The manager's page: every device, revoked on request ---------------------------------


@require_GET
@allow(Role.MANAGER)
def offline_devices(request: AuthenticatedRequest) -> HttpResponse:
    """Per instructor: each device (the login that got a key), when, its last sync, revoked or not."""
    return render(request, "training/offline_devices.html", {"devices": offline_device_list()})


@require_http_methods(["GET", "POST"])
@allow(Role.MANAGER)
def offline_device_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST revokes (the device wipes its data when next online, its
    syncs answer 410)."""
    device = offline_device_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        offline_services.offline_device_revoke(acting_user=request.user, device=device)
        messages.success(request, _("Device revoked: its offline data is deleted when it next goes online."))
        return redirect("training:offline_devices")
    return render(request, "training/offline_device_revoke.html", {"device": device})
