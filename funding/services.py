"""Every write about who pays: funders, projects (their end and extensions), funding lines.
Managers only (views behind `allow(Role.MANAGER)`); each write is audited."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from funding.models import Funder, FundingLine, Project, ProjectExtension

ERROR_EXTENSION_NOT_LATER = _("The new end must be later than the project's current end (%(end)s).")

FUNDER_FIELDS = ("code", "name", "kind")
PROJECT_FIELDS = ("name", "starts_on", "ends_on")
LINE_FIELDS = ("project", "funder", "project_number", "name", "share_percent", "final_report_on", "retention_years")

Record = TypeVar("Record", bound=models.Model)


#: what the audit trail calls a new and a changed record of each kind
_ACTIONS = {
    "funder": (AuditAction.FUNDER_CREATE, AuditAction.FUNDER_UPDATE),
    "project": (AuditAction.PROJECT_CREATE, AuditAction.PROJECT_UPDATE),
    "funding_line": (AuditAction.FUNDING_LINE_CREATE, AuditAction.FUNDING_LINE_UPDATE),
}


def _current(record: models.Model, field: str) -> Any:
    try:
        return getattr(record, field)
    except ObjectDoesNotExist:  # a new record's foreign key not set yet
        return None


def _save(*, acting_user: User, record: Record, fields: tuple[str, ...], data: dict[str, Any], kind: str) -> Record:
    created = record.pk is None
    changed = [field for field in fields if field in data and _current(record, field) != data[field]]
    for field in changed:
        setattr(record, field, data[field])
    record.full_clean()
    record.save()
    audit_record(actor=acting_user, action=_ACTIONS[kind][0 if created else 1], target=record,
                 detail={"fields": changed})
    return record


@transaction.atomic
def funder_save(*, acting_user: User, data: dict[str, Any], funder: Funder | None = None) -> Funder:
    return _save(acting_user=acting_user, record=funder or Funder(), fields=FUNDER_FIELDS, data=data, kind="funder")


@transaction.atomic
def project_save(*, acting_user: User, data: dict[str, Any], project: Project | None = None) -> Project:
    """The project with its original dates; a later end is recorded as an extension, not typed over."""
    return _save(acting_user=acting_user, record=project or Project(), fields=PROJECT_FIELDS, data=data,
                 kind="project")


@transaction.atomic
def project_extension_record(
    *, acting_user: User, project: Project, new_end: Any, decided_on: Any, reference: str = ""
) -> ProjectExtension:
    """A decision that moves the project's end: kept beside the earlier ones, never overwritten."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if new_end is not None and new_end <= project.current_end:
        raise ValidationError({"new_end": ERROR_EXTENSION_NOT_LATER % {"end": project.current_end.isoformat()}})
    extension = ProjectExtension(project=project, new_end=new_end, decided_on=decided_on, reference=reference.strip())
    extension.full_clean()
    extension.save()
    audit_record(actor=acting_user, action=AuditAction.PROJECT_EXTEND, target=project,
                 detail={"new_end": new_end.isoformat(), "extension": extension.pk})
    return extension


@transaction.atomic
def funding_line_save(*, acting_user: User, data: dict[str, Any], line: FundingLine | None = None) -> FundingLine:
    return _save(acting_user=acting_user, record=line or FundingLine(), fields=LINE_FIELDS, data=data,
                 kind="funding_line")
