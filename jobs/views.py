from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.audit import audit_record
from accounts.policy import ALL_STAFF, AuthenticatedRequest, allow
from jobs.access import job_get_for_user
from jobs.selectors import job_list_for_user
from jobs.services import job_file_open


@require_GET
@allow(*ALL_STAFF, personal_data=False)
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "jobs/list.html", {
        "jobs": job_list_for_user(user=request.user),
        "jobs_in_web_process": settings.REINTEGRA_JOBS_INLINE,
    })


@require_GET
@allow(*ALL_STAFF, personal_data=False)
def job_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The job with its progress bar; htmx re-reads the bar (`_progress.html`) until it ends."""
    job = job_get_for_user(user=request.user, pk=pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job, "jobs_in_web_process": settings.REINTEGRA_JOBS_INLINE})


@require_GET
@allow(*ALL_STAFF, personal_data=False)
def job_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The file a finished job produced, from private storage; every download is audited."""
    job = job_get_for_user(user=request.user, pk=pk)
    if not job.result_path:
        raise Http404
    try:
        handle = job_file_open(job.result_path)
    except (OSError, ValueError) as error:
        raise Http404 from error
    audit_record(actor=request.user, action="job.download", target=job, detail={"kind": job.kind})
    response = FileResponse(handle, as_attachment=True, filename=job.result_name or job.result_path.split("/")[-1])
    response["Cache-Control"] = "no-store"
    return response
