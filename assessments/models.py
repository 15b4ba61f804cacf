"""What can they do: education, work history and skills, as judged by the counsellor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.models import Participant


class EducationLevel(models.IntegerChoices):
    """ISCED 2011 levels."""

    ISCED0 = 0, _("No formal schooling / early childhood (ISCED 0)")
    ISCED1 = 1, _("Primary education (ISCED 1)")
    ISCED2 = 2, _("Lower secondary (ISCED 2)")
    ISCED3 = 3, _("Upper secondary (ISCED 3)")
    ISCED4 = 4, _("Post-secondary non-tertiary (ISCED 4)")
    ISCED5 = 5, _("Short-cycle tertiary (ISCED 5)")
    ISCED6 = 6, _("Bachelor or equivalent (ISCED 6)")
    ISCED7 = 7, _("Master or equivalent (ISCED 7)")
    ISCED8 = 8, _("Doctoral (ISCED 8)")


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("basic")
    INTERMEDIATE = 2, _("intermediate")
    ADVANCED = 3, _("advanced")
    EXPERT = 4, _("expert")


class Assessment(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="assessments")
    education_level = models.PositiveSmallIntegerField(_("education level"), choices=EducationLevel.choices)
    education_years = models.PositiveSmallIntegerField(_("years of schooling"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        get_latest_by = ["assessed_on", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.participant} {self.assessed_on}"


class WorkExperience(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="work_history")
    occupation = models.CharField(_("occupation"), max_length=150)
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work history")
        constraints = [models.CheckConstraint(condition=models.Q(years__gte=0), name="work_years_not_negative")]

    def __str__(self) -> str:
        return f"{self.occupation} ({self.years})"


class SkillRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="skills")
    skill = models.CharField(_("skill"), max_length=150)
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)

    class Meta:
        verbose_name = _("skill rating")
        verbose_name_plural = _("skill ratings")

    def __str__(self) -> str:
        return f"{self.skill}: {self.get_level_display()}"
