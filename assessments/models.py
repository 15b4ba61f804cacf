"""What can they do: education, work history and skills, coded to ESCO and ISCO-08.

Skill levels come from three sources that are kept apart (`EvidenceSource`): the
participant's self-assessment and the counsellor's judgement (both `SkillRating`, part
of an `Assessment`) and a practical try-out in a workshop recorded by an instructor
(`TryOut`). The competence profile (`assessments.profile`) lets the strongest evidence
win and keeps the others visible.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Site
from participants.models import Participant

#: Shown wherever ESCO labels are shown (reuse condition of the ESCO licence).
ESCO_CREDIT = "ESCO, European Commission"

isco_code_validator = RegexValidator(r"^\d{4}$", _("An ISCO-08 unit group code has four digits."))


def _label(obj: EscoOccupation | EscoSkill) -> str:
    if (get_language() or "de")[:2] == "de" and obj.label_de:
        return obj.label_de
    return obj.label_en


class EscoOccupation(models.Model):
    """An ESCO occupation with its ISCO-08 unit group (from the shipped subset or `import_esco`)."""

    uri = models.CharField(_("ESCO URI"), max_length=200, unique=True)
    isco_code = models.CharField(_("ISCO-08 code"), max_length=4, validators=[isco_code_validator])
    label_en = models.CharField(_("label (English)"), max_length=250)
    label_de = models.CharField(_("label (German)"), max_length=250, blank=True)
    #: the extract is English-only: German labels of the programme subset are written by hand
    label_de_by_hand = models.BooleanField(_("German label written by hand"), default=False)
    #: programme grouping (a workshop trade code, or e.g. "agriculture"); blank for imported ones
    group = models.CharField(_("group"), max_length=30, blank=True)
    in_programme = models.BooleanField(_("in the programme's subset"), default=False)

    class Meta:
        ordering = ["-in_programme", "label_en"]
        verbose_name = _("ESCO occupation")
        verbose_name_plural = _("ESCO occupations")

    def __str__(self) -> str:
        return f"{self.label} (ISCO {self.isco_code})"

    @property
    def label(self) -> str:
        return _label(self)


class EscoSkill(models.Model):
    """An ESCO skill, or a workshop skill curated by hand (`curated`, URI urn:reintegra:skill:…)."""

    uri = models.CharField(_("URI"), max_length=200, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=250)
    label_de = models.CharField(_("label (German)"), max_length=250, blank=True)
    label_de_by_hand = models.BooleanField(_("German label written by hand"), default=False)
    #: curated by hand for a workshop, with the ESCO skills-hierarchy group it belongs to
    curated = models.BooleanField(_("curated by hand"), default=False)
    broader_uri = models.CharField(_("ESCO group URI"), max_length=200, blank=True)
    broader_label_en = models.CharField(_("ESCO group"), max_length=250, blank=True)
    skill_type = models.CharField(_("skill type"), max_length=40, blank=True)
    #: the workshop trade code this skill is taught in, blank for others
    trade = models.CharField(_("trade"), max_length=20, blank=True)
    in_programme = models.BooleanField(_("in the programme's subset"), default=False)

    class Meta:
        ordering = ["-in_programme", "trade", "label_en"]
        verbose_name = _("ESCO skill")
        verbose_name_plural = _("ESCO skills")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _label(self)


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


class EvidenceSource(models.TextChoices):
    """Where a skill level comes from, weakest first."""

    SELF = "self", _("self-assessment")
    COUNSELLOR = "counsellor", _("counsellor's judgement")
    TRYOUT = "tryout", _("practical try-out")


#: the strongest evidence wins in the profile
EVIDENCE_STRENGTH = {EvidenceSource.SELF: 1, EvidenceSource.COUNSELLOR: 2, EvidenceSource.TRYOUT: 3}


class AssessmentOrigin(models.TextChoices):
    INTERVIEW = "interview", _("counselling interview")
    SKILLS_PROFILE_TOOL = "skills_profile_tool", _("EU Skills Profile Tool import")


class Assessment(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="assessments")
    education_level = models.PositiveSmallIntegerField(_("education level"), choices=EducationLevel.choices)
    education_years = models.PositiveSmallIntegerField(_("years of schooling"), null=True, blank=True)
    education_country = models.CharField(
        _("country of education"), max_length=2, blank=True, help_text=_("ISO 3166 code")
    )
    #: [{"language": ISO 639 code, "level": CEFR level or ""}]
    languages = models.JSONField(_("languages"), default=list, blank=True)
    origin = models.CharField(
        _("recorded from"), max_length=30, choices=AssessmentOrigin.choices, default=AssessmentOrigin.INTERVIEW
    )
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


class WorkKind(models.TextChoices):
    FORMAL = "formal", _("formal employment")
    INFORMAL = "informal", _("informal work")
    SELF_EMPLOYED = "self_employed", _("self-employed")


class WorkExperience(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="work_history")
    esco_occupation = models.ForeignKey(
        EscoOccupation, verbose_name=_("occupation (ESCO)"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    #: free text where no ESCO occupation fits (or as the person described it)
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1)
    kind = models.CharField(_("kind of work"), max_length=15, choices=WorkKind.choices, blank=True)

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work history")
        constraints = [
            models.CheckConstraint(condition=models.Q(years__gte=0), name="work_years_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(occupation="") | models.Q(esco_occupation__isnull=False),
                name="work_has_occupation",
                violation_error_message=_("Choose an ESCO occupation or describe the occupation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.years})"

    @property
    def title(self) -> str:
        return self.esco_occupation.label if self.esco_occupation else self.occupation


class SkillRating(models.Model):
    """A skill level stated in an assessment: by the participant (self) or by the counsellor."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="skills")
    esco_skill = models.ForeignKey(
        EscoSkill, verbose_name=_("skill (ESCO)"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    skill = models.CharField(_("skill"), max_length=150, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)
    source = models.CharField(
        _("source"), max_length=12, choices=EvidenceSource.choices[:2], default=EvidenceSource.COUNSELLOR
    )

    class Meta:
        verbose_name = _("skill rating")
        verbose_name_plural = _("skill ratings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(skill="") | models.Q(esco_skill__isnull=False),
                name="skillrating_has_skill",
                violation_error_message=_("Choose a skill or describe it."),
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=["self", "counsellor"]), name="skillrating_source_not_tryout"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.get_level_display()}"

    @property
    def title(self) -> str:
        return self.esco_skill.label if self.esco_skill else self.skill


class TryOut(models.Model):
    """A practical try-out in a workshop: the instructor saw the person do it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="tryouts")
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="+")
    esco_skill = models.ForeignKey(EscoSkill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level shown"), choices=SkillLevel.choices)
    tried_on = models.DateField(_("tried on"))
    notes = models.TextField(_("observations"), blank=True)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("instructor"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tried_on", "-id"]
        verbose_name = _("try-out")
        verbose_name_plural = _("try-outs")

    def __str__(self) -> str:
        return f"{self.participant} {self.esco_skill} {self.tried_on}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")


class Availability(models.Model):
    """Planning constraints not on the participant record: days available, sites reachable."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="availability")
    weekdays = models.JSONField(_("days available"), default=list, blank=True)
    hours_per_day = models.DecimalField(_("hours per day"), max_digits=3, decimal_places=1, default=4)
    sites = models.ManyToManyField(Site, verbose_name=_("sites reachable"), blank=True, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_day__gt=0) & models.Q(hours_per_day__lte=10),
                name="availability_hours_per_day_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}"

    @property
    def hours_per_week(self) -> float:
        return float(self.hours_per_day) * len(self.weekdays)
