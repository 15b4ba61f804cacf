from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from assessments.models import ESCO_CREDIT
from jobs.models import JobKind
from jobs.services import job_input_store, job_start, jobs_in_background
from markets.forms import MarketImportForm
from markets.importer import MarketFileError
from markets.models import MarketProfile
from markets.selectors import market_demand_table, market_profile_list
from markets.services import market_import_file
from markets.tasks import market_import_task

MARKET_READERS = (Role.MANAGER, Role.COUNSELLOR)


@allow(*MARKET_READERS, personal_data=False)
def profile_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "markets/profile_list.html", {"profiles": market_profile_list()})


@allow(*MARKET_READERS, personal_data=False)
def profile_detail(request: AuthenticatedRequest, country: str) -> HttpResponse:
    profile = MarketProfile.objects.filter(country=country.upper()).first()
    if profile is None:
        raise Http404
    versions = list(profile.versions.select_related("imported_by").order_by("-version"))
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.version) == wanted), versions[0] if versions else None)
    context = {
        "profile": profile, "versions": versions, "version": version,
        "demands": market_demand_table(version=version) if version else [], "esco_credit": ESCO_CREDIT,
    }
    return render(request, "markets/profile_detail.html", context)


#: on the file field when a row is wrong; the table below the summary lists every problem
ERROR_FILE_PROBLEMS = ngettext_lazy(
    "Nothing was imported: %(n)s problem in the file.", "Nothing was imported: %(n)s problems in the file.", "n"
)


@allow(Role.MANAGER, personal_data=False)
def profile_import(request: AuthenticatedRequest) -> HttpResponse:
    # bound on every POST, so one sent without a file says so (an empty POST is falsy)
    posted = request.method == "POST"
    form = MarketImportForm(request.POST if posted else None, request.FILES if posted else None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if jobs_in_background():  # parsed and imported on the worker; errors show on the job's page
            job = job_start(kind=JobKind.MARKET_IMPORT, owner=request.user, task=market_import_task, params={
                "file": job_input_store(content=upload.content), "name": upload.display_name,
                "illustrative": form.cleaned_data["illustrative"], "note": form.cleaned_data["note"],
            })
            return redirect("jobs:detail", pk=job.pk)
        try:
            versions = market_import_file(
                acting_user=request.user, content=upload.content, file_name=upload.display_name,
                today=timezone.localdate(), illustrative=form.cleaned_data["illustrative"],
                note=form.cleaned_data["note"],
            )
        except MarketFileError as error:
            errors = error
            form.add_error("file", ERROR_FILE_PROBLEMS % {"n": error.total})
        else:
            messages.success(request, _("Imported: %(countries)s.") % {
                "countries": ", ".join(f"{v.profile.country_name} v{v.version}" for v in versions)
            })
            return redirect("markets:profile_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "markets/import.html", {"form": form, "file_errors": errors}, status=status)
