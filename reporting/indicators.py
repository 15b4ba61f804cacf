"""The programme figures funders ask for, each with its counting rule.

Every indicator is defined once, in the `@_defined_as` line above its function:
that text is the function's docstring and, translated, the dashboard's glossary,
so what the code counts and what users are told it counts cannot drift apart.

All figures describe one cohort, the participants whose intake lies in the period,
and are counted in a single query whatever the amount of data. They reflect the
records as they stand today: a certificate revoked since is no longer counted for
an earlier period either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

from certificates.models import Certificate, CertificateStatus
from participants.models import Participant
from reporting.arithmetic import share
from reporting.periods import Period
from returns.models import Return, ReturnStatus

IndicatorFunction = TypeVar("IndicatorFunction", bound=Callable[..., Any])

# (name, definition) as untranslated message ids, in the order the glossary shows them.
_DEFINITIONS: list[tuple[str, str]] = []


def _defined_as(*, name: str, definition: str) -> Callable[[IndicatorFunction], IndicatorFunction]:
    def decorate(function: IndicatorFunction) -> IndicatorFunction:
        function.__doc__ = definition
        _DEFINITIONS.append((name, definition))
        return function

    return decorate


@dataclass(frozen=True)
class Figures:
    """The programme figures of one period."""

    period: Period
    started: int
    qualified: int
    returned: int
    qualified_and_returned: int

    @property
    def share_qualified_and_returned(self) -> Fraction | None:
        return share(part=self.qualified_and_returned, whole=self.started)


def programme_figures(*, period: Period) -> Figures:
    """All figures of `period`, counted in one database query."""
    valid_certificate = Certificate.objects.filter(
        participant=OuterRef("pk"),
        status=CertificateStatus.VALID,
        issued_on__lte=period.end,
    )
    returned_home = Return.objects.filter(
        participant=OuterRef("pk"),
        status=ReturnStatus.RETURNED,
        actual_departure__lte=period.end,
    )
    # Exists, not joins: a participant with two certificates still counts once.
    counts = (
        Participant.objects.filter(intake_date__gte=period.start, intake_date__lte=period.end)
        .annotate(has_certificate=Exists(valid_certificate), has_returned=Exists(returned_home))
        .aggregate(
            started=Count("pk"),
            qualified=Count("pk", filter=Q(has_certificate=True)),
            returned=Count("pk", filter=Q(has_returned=True)),
            qualified_and_returned=Count("pk", filter=Q(has_certificate=True, has_returned=True)),
        )
    )
    return Figures(period=period, **counts)


@_defined_as(
    name=gettext_noop("Started"),
    definition=gettext_noop(
        "Participants whose intake date lies within the period, the first and the last day "
        "included."
    ),
)
def participants_started(*, period: Period) -> int:
    return programme_figures(period=period).started


@_defined_as(
    name=gettext_noop("Qualified"),
    definition=gettext_noop(
        "Of the participants started in the period, those who hold a valid certificate "
        "issued on or before the last day of the period. Revoked and replaced certificates "
        "do not count."
    ),
)
def participants_qualified(*, period: Period) -> int:
    return programme_figures(period=period).qualified


@_defined_as(
    name=gettext_noop("Returned"),
    definition=gettext_noop(
        "Of the participants started in the period, those whose return is recorded as "
        "“returned” with an actual departure on or before the last day of the period. "
        "Postponed and withdrawn returns and people who stay in Germany do not count."
    ),
)
def participants_returned(*, period: Period) -> int:
    return programme_figures(period=period).returned


@_defined_as(
    name=gettext_noop("Qualified and returned"),
    definition=gettext_noop(
        "Of the participants started in the period, those counted both as qualified and "
        "as returned."
    ),
)
def participants_qualified_and_returned(*, period: Period) -> int:
    return programme_figures(period=period).qualified_and_returned


@_defined_as(
    name=gettext_noop("Share qualified and returned"),
    definition=gettext_noop(
        "Qualified and returned divided by started, shown as a percentage. There is no "
        "share when nobody started in the period."
    ),
)
def share_qualified_and_returned(*, period: Period) -> Fraction | None:
    return programme_figures(period=period).share_qualified_and_returned


#: (name, definition) of every indicator, translated when shown.
GLOSSARY: list[tuple[Promise, Promise]] = [
    (gettext_lazy(name), gettext_lazy(definition)) for name, definition in _DEFINITIONS
]
