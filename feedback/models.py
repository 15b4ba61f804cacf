"""The anonymous satisfaction survey per module and instructor.

A participant gets one link per enrolment (`SurveyToken`, stored as a hash only). Answering
consumes the token and stores a `SurveyResponse` that holds no link to the person, the
enrolment or the token: only the module, the instructor, the month and the five ratings.
The response's key is random, so neither its id nor the row order tells who answered when.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scheduling.models import Enrolment

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SurveyToken(models.Model):
    """The one-time link for one enrolment; `used` once answered (no time kept on purpose)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="survey_token")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return f"survey link #{self.pk}"


def _rating(label: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(5)])


class SurveyResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    module = models.ForeignKey("catalogue.Module", on_delete=models.PROTECT, related_name="+")
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: the first day of the month it was answered in: coarse, so the time gives nobody away
    month = models.DateField(_("month"))
    overall = _rating(_("overall"))
    usefulness = _rating(_("usefulness for work at home"))
    instructor_rating = _rating(_("instructor"))
    practice = _rating(_("practice"))
    understanding = _rating(_("language understood"))

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    overall__range=(1, 5), usefulness__range=(1, 5), instructor_rating__range=(1, 5),
                    practice__range=(1, 5), understanding__range=(1, 5),
                ),
                name="surveyresponse_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module_id} {self.month:%Y-%m}"
