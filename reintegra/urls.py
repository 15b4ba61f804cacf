from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from health_check.views import HealthCheckView

from accounts.policy import public
from cases import urls as case_urls
from participants import urls as participant_urls


def _readiness_checks() -> list[Any]:
    """What a request needs: the database, the cache, file storage, disk space where files and
    backups (VAR_DIR/backups) are written, and with Celery the broker and a worker answering a ping."""
    disk = float(settings.REINTEGRA_DISK_MAX_PERCENT)
    checks: list[Any] = [
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",
        ("health_check.contrib.psutil.Disk", {"path": settings.MEDIA_ROOT, "max_disk_usage_percent": disk}),
        ("health_check.contrib.psutil.Disk", {"path": settings.VAR_DIR, "max_disk_usage_percent": disk}),
    ]
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        import redis.asyncio

        broker = settings.CELERY_BROKER_URL
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": lambda: redis.asyncio.from_url(broker)}))
    if settings.CELERY_BROKER_URL and not settings.REINTEGRA_JOBS_INLINE:
        checks.append(("health_check.contrib.celery.Ping", {"timeout": timedelta(seconds=2), "limit": 1}))
    return checks


urlpatterns = [
    # Liveness (no dependencies) and readiness (docs/operations.md, "Monitor").
    path("health/", public(HealthCheckView.as_view(checks=[])), name="health"),
    path("ready/", public(HealthCheckView.as_view(checks=_readiness_checks())), name="ready"),
    path("", include("accounts.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    # The case (cases/) and intake (participants/) share the /participants/ paths and URL names.
    path("participants/", include(([*case_urls.urlpatterns, *participant_urls.urlpatterns], "participants"))),
    path("assessments/", include("assessments.urls")),
    path("markets/", include("markets.urls")),
    path("catalogue/", include("catalogue.urls")),
    path("plans/", include("plans.urls")),
    path("scheduling/", include("scheduling.urls")),
    path("training/", include("training.urls")),
    path("certificates/", include("certificates.urls")),
    path("returns/", include("returns.urls")),
    path("reporting/", include("reporting.urls")),
    path("privacy/", include("privacy.urls")),
    path("funding/", include("funding.urls")),
    path("feedback/", include("feedback.urls")),
    path("backups/", include("backups.urls")),
    path("jobs/", include("jobs.urls")),
    path("portal/", include("portal.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
