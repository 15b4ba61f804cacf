"""Users, their roles and sites, and the append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from languages.codes import language_name


class Role(models.TextChoices):
    MANAGER = "manager", _("Programme manager")
    COUNSELLOR = "counsellor", _("Counsellor")
    INSTRUCTOR = "instructor", _("Instructor")
    FUNDER = "funder", _("Funder")
    DPO = "dpo", _("Data protection officer")
    PARTICIPANT = "participant", _("Participant")


class Site(models.Model):
    """A training and counselling site of the provider in Bavaria."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=80)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COUNSELLOR)
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Counsellors and instructors work at one site; managers see all sites."),
    )
    #: for the funder role: whose figures this account may see
    funder = models.ForeignKey(
        "funding.Funder", verbose_name=_("funder"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="accounts", help_text=_("Funder accounts see only the figures of this funder's lines."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["counsellor"]) | models.Q(site__isnull=False),
                name="counsellor_has_site",
                violation_error_message=_("A counsellor must belong to a site."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_counsellor(self) -> bool:
        return self.role == Role.COUNSELLOR

    @property
    def is_instructor(self) -> bool:
        return self.role == Role.INSTRUCTOR

    @property
    def is_funder(self) -> bool:
        return self.role == Role.FUNDER


class AuditEntry(models.Model):
    """One append-only line of the audit trail, chained to the previous one by hash.

    `participant_ref` keeps the participant's primary key (not a foreign key), so an
    entry survives erasure and "who saw participant X" can still be answered.
    """

    at = models.DateTimeField(_("when (UTC)"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    participant_ref = models.BigIntegerField(_("participant"), null=True, blank=True, db_index=True)
    remote_addr = models.GenericIPAddressField(_("from where"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class InstructorProfile(models.Model):
    """What an instructor can teach: shown on the session page, checked when a session is assigned."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instructor_profile",
        limit_choices_to={"role": Role.INSTRUCTOR},
    )
    qualification = models.CharField(
        _("qualification"), max_length=200, help_text=_("For example master craftsman (Meister) in metalwork.")
    )
    trades = models.ManyToManyField(
        "catalogue.Trade", verbose_name=_("trades / workshops"), related_name="instructor_profiles",
        help_text=_("Sessions of modules in other trades cannot be assigned to this instructor."),
    )
    #: languages the instructor can teach in (ISO 639 codes)
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("ISO 639 codes"))

    class Meta:
        verbose_name = _("instructor profile")
        verbose_name_plural = _("instructor profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]
