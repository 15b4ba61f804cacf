from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.models import AuditAction, Role
from accounts.policy import AuthenticatedRequest, allow
from backups.checks import backup_folder, backup_restore_check
from backups.selectors import backup_get, backup_list
from backups.services import BackupError, backup_create
from backups.tasks import backup_create_task, restore_check_task
from jobs.models import JobKind
from jobs.services import job_start, jobs_in_background

BACKUP_ROLES = (Role.MANAGER, Role.DPO)


@allow(*BACKUP_ROLES, personal_data=False)
def backup_index(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "backups/index.html", {"backups": backup_list(folder=backup_folder())})


@require_POST
@allow(*BACKUP_ROLES, personal_data=False)
def backup_new(request: AuthenticatedRequest) -> HttpResponse:
    if jobs_in_background():  # on the worker (jobs/): the page shows its progress and result
        job = job_start(kind=JobKind.BACKUP, owner=request.user, task=backup_create_task)
        return redirect("jobs:detail", pk=job.pk)
    try:
        result = backup_create(output_dir=backup_folder())
    except BackupError as error:
        messages.error(request, _("No backup was made: %(reason)s") % {"reason": error})
    else:
        audit_record(actor=request.user, action=AuditAction.BACKUP_CREATE, detail={"file": result.backup_path.name})
        messages.success(request, _("Backup %(name)s written.") % {"name": result.backup_path.name})
    return redirect("backups:index")


@require_POST
@allow(*BACKUP_ROLES, personal_data=False)
def backup_check(request: AuthenticatedRequest, name: str) -> HttpResponse:
    entry = backup_get(folder=backup_folder(), name=name)
    if entry is None:
        raise Http404
    if jobs_in_background():
        job = job_start(kind=JobKind.RESTORE_CHECK, owner=request.user, task=restore_check_task,
                        params={"backup": name})
        return redirect("jobs:detail", pk=job.pk)
    try:
        report = backup_restore_check(path=entry.backup_path)
    except BackupError as error:
        messages.error(request, _("The restore check failed: %(reason)s") % {"reason": error})
        return redirect("backups:index")
    audit_record(
        actor=request.user, action=AuditAction.BACKUP_RESTORE_CHECK,
        detail={"file": entry.backup_path.name, "rows_lost": report.rows_lost, "ok": report.ok},
    )
    return render(request, "backups/check.html", {"entry": entry, "report": report})
