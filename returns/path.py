"""The programme path, defined once: which stage a person is at, and who counts as returned.

The caseload and the case file (`cases`) show the stage; the funders' report (`reporting`)
counts the returned. Both read these definitions, so a person who stays in Germany or
withdrew from the return is never at stage Return in the caseload nor counted as returned
in the report. It lives in `returns`, the lowest floor that knows every stage of the path.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from assessments.models import Assessment
from certificates.models import Certificate, CertificateStatus
from participants.models import Participant, Stage
from plans.models import Plan, PlanStatus
from returns.models import ReturnStatus
from scheduling.models import Enrolment


def returned_condition(*, by: dt.date | None = None) -> Q:
    """For `Participant` querysets: the person returned — the return record says so (status
    "returned"; a departure date is then required) and, when `by` is given, the departure
    lies on or before that day (a report period's end). Postponed, withdrawn from return
    and stays in Germany are not returned."""
    condition = Q(return_record__status=ReturnStatus.RETURNED)
    if by is not None:
        condition &= Q(return_record__actual_departure__lte=by)
    return condition


def participant_annotate_stage(queryset: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotate `stage`: the furthest step on the path that the records show.

    intake → assessment (an assessment exists) → plan (a final plan exists) →
    training (enrolled in a session) → certificate (a valid certificate) →
    return (returned: `returned_condition`).
    """
    return queryset.annotate(
        stage=Case(
            When(returned_condition(), then=Value(Stage.RETURN.value)),
            When(
                Exists(Certificate.objects.filter(participant=OuterRef("pk"), status=CertificateStatus.VALID)),
                then=Value(Stage.CERTIFICATE.value),
            ),
            When(Exists(Enrolment.objects.filter(participant=OuterRef("pk"))), then=Value(Stage.TRAINING.value)),
            When(
                Exists(Plan.objects.filter(participant=OuterRef("pk"), status=PlanStatus.FINAL)),
                then=Value(Stage.PLAN.value),
            ),
            When(Exists(Assessment.objects.filter(participant=OuterRef("pk"))), then=Value(Stage.ASSESSMENT.value)),
            default=Value(Stage.INTAKE.value),
        )
    )
