"""A long job run by a Celery worker (or a thread in the demo): who asked, how far, what came out.

Holds no personal data: results are counts and ids, errors are the services' own messages,
and a produced file (a print-run ZIP) lives in private storage under MEDIA_ROOT/jobs/.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    CERTIFICATE_ISSUE = "certificate_issue", _("Bulk certificate issue")
    PRINT_RUN = "print_run", _("Print run (ZIP of certificates)")
    BACKUP = "backup", _("Backup")
    RESTORE_CHECK = "restore_check", _("Restore check")
    MARKET_IMPORT = "market_import", _("Labour-market import")
    SKILLS_PROFILE_IMPORT = "skills_profile_import", _("Skills profile import")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


class Job(models.Model):
    kind = models.CharField(_("job"), max_length=30, choices=JobKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    #: what the job works on (ids only), e.g. {"session": 12}
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    #: counts and ids only
    result = models.JSONField(default=dict, blank=True)
    #: a produced file, relative to MEDIA_ROOT, and the name it downloads as
    result_path = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=150, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                                   name="job_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
