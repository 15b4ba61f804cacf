from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from accounts.policy import public
from cases import urls as case_urls
from participants import urls as participant_urls

urlpatterns = [
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
    path("portal/", include("portal.urls")),
    path("admin/", admin.site.urls),
]
