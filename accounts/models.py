"""Users, their roles and sites, and the append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from languages.codes import language_name


class Role(models.TextChoices):
    MANAGER = "manager", _("Programme manager")
    COUNSELLOR = "counsellor", _("Counsellor")
    INSTRUCTOR = "instructor", _("Instructor")
    FUNDER = "funder", _("Funder")
    DPO = "dpo", _("Data protection officer")
    PARTICIPANT = "participant", _("Participant")


class GermanState(models.TextChoices):
    """ISO 3166-2:DE codes, as the `holidays` library names the states."""

    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bavaria")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hesse")
    MV = "MV", _("Mecklenburg-Western Pomerania")
    NI = "NI", _("Lower Saxony")
    NW = "NW", _("North Rhine-Westphalia")
    RP = "RP", _("Rhineland-Palatinate")
    SL = "SL", _("Saarland")
    SN = "SN", _("Saxony")
    ST = "ST", _("Saxony-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thuringia")


class Site(models.Model):
    """A training and counselling site of the provider in Bavaria."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=80)
    address = models.CharField(_("address"), max_length=200, blank=True)
    #: whose public holidays close the workshops (scheduling/closed_days.py)
    state = models.CharField(
        _("federal state"), max_length=2, choices=GermanState.choices, default=GermanState.BY,
        help_text=_("Sessions do not meet on this state's public holidays."),
    )

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


class AuditAction(models.TextChoices):
    """Every action the audit trail records, with the words the DPO's page shows.

    One list (as zulip's AuditLogEventType): callers pass a member, the page filters by it.
    The stored value is the dotted name, so entries written before the list existed match.
    """
    ASSESSMENT_CODE_ESCO = "assessment.code_esco", _("Assessment: skills coded to ESCO")
    ASSESSMENT_CREATE = "assessment.create", _("Assessment recorded")
    ATTENDANCE_CORRECT = "attendance.correct", _("Attendance corrected")
    ATTENDANCE_COUNTERSIGN = "attendance.countersign", _("Attendance countersigned")
    ATTENDANCE_PROOF_ATTACH = "attendance.proof_attach", _("Absence proof attached")
    ATTENDANCE_PROOF_DOWNLOAD = "attendance.proof_download", _("Absence proof downloaded")
    ATTENDANCE_RECORD = "attendance.record", _("Attendance recorded")
    ATTENDANCE_SCAN_ATTACH = "attendance.scan_attach", _("Signed attendance sheet attached")
    ATTENDANCE_SCAN_DOWNLOAD = "attendance.scan_download", _("Signed attendance sheet downloaded")
    ATTENDANCE_WEEK_PDF = "attendance.week_pdf", _("Weekly attendance sheet printed")
    AUDIT_CHAIN_MIGRATED = "audit.chain_migrated", _("Audit trail re-sealed (numbered chain)")
    AUDIT_CHECKPOINTS_EXPORT = "audit.checkpoints_export", _("Audit checkpoints exported")
    AUDIT_EXPORT = "audit.export", _("Access log exported")
    AUDIT_SEARCH = "audit.search", _("Audit trail searched")
    AVAILABILITY_SET = "availability.set", _("Availability set")
    BACKUP_CREATE = "backup.create", _("Backup made")
    BACKUP_RESTORE_CHECK = "backup.restore_check", _("Backup restore tested")
    CALENDAR_FEED_CREATE = "calendar_feed.create", _("Calendar link made")
    CALENDAR_FEED_REVOKE = "calendar_feed.revoke", _("Calendar link revoked")
    CERTIFICATE_BATCH_START = "certificate.batch_start", _("Certificates issued for a session (started)")
    CERTIFICATE_BIRTH_DATE_CHECK = "certificate.birth_date_check", _("Birth date checked on the verification page")
    CERTIFICATE_DOWNLOAD = "certificate.download", _("Certificate downloaded")
    CERTIFICATE_DOWNLOAD_CREDENTIAL = "certificate.download_credential", _("Signed credential downloaded")
    CERTIFICATE_EVIDENCE_VIEW = "certificate.evidence_view", _("Certificate evidence viewed")
    CERTIFICATE_EXPRESS_ISSUE = "certificate.express_issue", _("Certificate issued at once (express)")
    CERTIFICATE_ISSUE = "certificate.issue", _("Certificate issued")
    CERTIFICATE_ISSUER_KEY_ROTATE = "certificate.issuer_key_rotate", _("Signing key replaced")
    CERTIFICATE_REVOKE = "certificate.revoke", _("Certificate revoked")
    CONSENT_RECORD = "consent.record", _("Consent recorded")
    CONSENT_WITHDRAW = "consent.withdraw", _("Consent withdrawn")
    CONTACT_NOTE_ADD = "contact_note.add", _("Contact note added")
    ELIGIBILITY_RECORD = "eligibility.record", _("Eligibility recorded")
    ENROLMENT_CREATE = "enrolment.create", _("Enrolled in a session")
    ENROLMENT_MOVE = "enrolment.move", _("Moved to another session to make room")
    FIELD_KEYS_ROTATE = "field_keys.rotate", _("Encryption keys replaced")
    FOLLOW_UP_ANSWER = "follow_up.answer", _("Follow-up answered")
    FOLLOW_UP_BASELINE = "follow_up.baseline", _("Follow-up baseline recorded")
    FOLLOW_UP_CANCEL = "follow_up.cancel", _("Follow-up cancelled")
    FOLLOW_UP_LINK = "follow_up.link", _("Follow-up link made")
    FOLLOW_UP_SCHEDULE = "follow_up.schedule", _("Follow-up scheduled")
    FUNDER_CREATE = "funder.create", _("Funder created")
    FUNDER_UPDATE = "funder.update", _("Funder changed")
    FUNDING_LINE_CREATE = "funding_line.create", _("Funding line created")
    FUNDING_LINE_UPDATE = "funding_line.update", _("Funding line changed")
    HANDOVER_CREATE = "handover.create", _("Hand-over prepared")
    HANDOVER_DISCLOSE = "handover.disclose", _("Hand-over disclosed to a partner")
    HANDOVER_RESPOND = "handover.respond", _("Partner answered a hand-over")
    INSTRUCTOR_PROFILE_SAVE = "instructor_profile.save", _("Instructor profile saved")
    JOB_DOWNLOAD = "job.download", _("Job result downloaded")
    JOB_FINISH = "job.finish", _("Job finished")
    JOB_START = "job.start", _("Job started")
    LOGIN_SECOND_FACTOR = "login.second_factor", _("Signed in with second factor")
    MARKET_IMPORT = "market.import", _("Labour-market figures imported")
    MEETING_CANCEL = "meeting.cancel", _("Meeting cancelled")
    MEETING_MOVE = "meeting.move", _("Meeting moved")
    MODULE_CREATE = "module.create", _("Module created")
    MODULE_SKILLS = "module.skills", _("Module skills changed")
    MODULE_TRANSLATIONS = "module.translations", _("Module translations changed")
    MODULE_UPDATE = "module.update", _("Module changed")
    NOTIFICATION_CONSENT_GIVE = "notification_consent.give", _("Consent to messages recorded")
    NOTIFICATION_CONSENT_WITHDRAW = "notification_consent.withdraw", _("Consent to messages withdrawn")
    OFFLINE_DEVICE_ISSUE = "offline.device_issue", _("Offline key issued to a device")
    OFFLINE_DEVICE_REVOKE = "offline.device_revoke", _("Offline device revoked")
    OFFLINE_SHEETS_READ = "offline.sheets_read", _("Day sheets taken offline")
    OFFLINE_SYNC = "offline.sync", _("Offline attendance synchronised")
    ORGANISATION_CREATE = "organisation.create", _("Partner organisation added")
    ORGANISATION_UPDATE = "organisation.update", _("Partner organisation changed")
    PARTICIPANT_ANONYMISE = "participant.anonymise", _("Participant anonymised")
    PARTICIPANT_CREATE = "participant.create", _("Intake recorded")
    PARTICIPANT_EXIT = "participant.exit", _("Programme exit recorded")
    PARTICIPANT_EXIT_CORRECT = "participant.exit_correct", _("Programme exit corrected")
    PARTICIPANT_EXIT_UNDO = "participant.exit_undo", _("Programme exit undone")
    PARTICIPANT_EXPORT = "participant.export", _("Personal data exported")
    PARTICIPANT_LIST = "participant.list", _("List of participants viewed")
    PARTICIPANT_UPDATE = "participant.update", _("Participant data changed")
    PARTICIPANT_VIEW = "participant.view", _("Participant's data viewed")
    PIN_CREATE = "pin.create", _("Session fixed for the scheduler")
    PIN_DELETE = "pin.delete", _("Fixed session released")
    PLAN_ADD_MODULE = "plan.add_module", _("Module added to a plan")
    PLAN_ADD_PATH = "plan.add_path", _("Learning path added to a plan")
    PLAN_FINALISE = "plan.finalise", _("Plan agreed")
    PLAN_REMOVE_MODULE = "plan.remove_module", _("Module removed from a plan")
    PLAN_REORDER = "plan.reorder", _("Plan reordered")
    PLAN_REVISE = "plan.revise", _("Plan revision started")
    PLAN_SET_TARGET = "plan.set_target", _("Plan target set")
    PLAN_START = "plan.start", _("Plan started")
    PORTAL_INVITE = "portal.invite", _("Portal invitation made")
    PORTAL_LOCKED = "portal.locked", _("Portal access locked")
    PORTAL_LOGIN = "portal.login", _("Signed in to the portal")
    PORTAL_PIN_SET = "portal.pin_set", _("Portal PIN set")
    PORTAL_RESET = "portal.reset", _("Portal access reset")
    PROJECT_CREATE = "project.create", _("Project created")
    PROJECT_EXTEND = "project.extend", _("Project extended")
    PROJECT_UPDATE = "project.update", _("Project changed")
    REPORTING_PERIOD_CLOSE = "reporting.period_close", _("Reporting period closed")
    RESULT_RECORD = "result.record", _("Result recorded")
    RETENTION_DRY_RUN = "retention.dry_run", _("Retention run previewed")
    RETURN_RECORD = "return.record", _("Return recorded")
    SCHEDULE_RUN_APPLY = "schedule_run.apply", _("Schedule proposal applied")
    REPLAN_APPLY = "replan.apply", _("Re-planning proposal applied")
    SCHEDULE_RUN_DISCARD = "schedule_run.discard", _("Schedule proposal discarded")
    SCHEDULE_RUN_START = "schedule_run.start", _("Scheduler started")
    SCHEDULING_PROFILE_EARLIEST_START = "scheduling_profile.earliest_start", _("Earliest start date set")
    SESSION_CREATE = "session.create", _("Session created")
    SITE_CREATE = "site.create", _("Site created")
    SITE_UPDATE = "site.update", _("Site changed")
    SURVEY_LINKS_ISSUE = "survey.links_issue", _("Survey links issued")
    TOTP_DEVICE_ENROL = "totp_device.enrol", _("Authenticator app set up")
    TOTP_DEVICE_RESET = "totp_device.reset", _("Two-factor login reset")
    TRYOUT_RECORD = "tryout.record", _("Try-out recorded")
    USER_CREATE = "user.create", _("User created")
    USER_DEACTIVATE = "user.deactivate", _("User deactivated")
    USER_INVITE = "user.invite", _("User invited")
    USER_REACTIVATE = "user.reactivate", _("User reactivated")
    USER_UPDATE = "user.update", _("User changed")

    @classmethod
    def label_of(cls, value: str) -> str:
        """The words for a stored action; an unknown one (a retired action) as it is stored."""
        try:
            return str(cls(value).label)
        except ValueError:
            return value


class AuditEntry(models.Model):
    """One append-only line of the audit trail, chained to the previous one by hash.

    `sequence` numbers the entries 1, 2, 3 … without gaps (given out under the chain-head
    lock, accounts/audit.py); `entry_hash` covers every column but the row id, `at` and
    `sequence` included. `participant_ref` keeps the participant's primary key (not a
    foreign key), so an entry survives erasure and "who saw participant X" can still be
    answered.
    """

    sequence = models.BigIntegerField(_("number"), unique=True, editable=False)
    at = models.DateTimeField(_("when (UTC)"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    participant_ref = models.BigIntegerField(_("participant"), null=True, blank=True, db_index=True)
    remote_addr = models.GenericIPAddressField(_("from where"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        constraints = [
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="audit_entry_sequence_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        return AuditAction.label_of(self.action)


class AuditChainHead(models.Model):
    """The one row every append locks and moves on: the last sequence number and hash.

    Writers update this row first in their transaction, so a second writer waits for the
    first to commit and then reads the head it left (PostgreSQL re-reads an updated row
    after the lock; SQLite runs one writer at a time) — the chain cannot fork.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    sequence = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.entry_hash[:12]}"


class AuditCheckpoint(models.Model):
    """A signed statement "the chain had `sequence` entries, the last with `entry_hash`".

    Signed with the audit key (Ed25519, kept outside the database, accounts/audit.py), so
    deleting the newest entries, or rewriting the chain with fresh hashes, shows at the
    next verification. The DPO exports them with the public key.
    """

    sequence = models.BigIntegerField(_("number"), unique=True)
    entry_hash = models.CharField(max_length=64)
    at = models.DateTimeField(_("signed at (UTC)"))
    public_key = models.CharField(_("public key (base64)"), max_length=64)
    signature = models.CharField(_("signature (base64)"), max_length=100)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.entry_hash[:12]}"


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
