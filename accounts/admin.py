from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from accounts.audit import audit_record
from accounts.models import AuditAction, AuditEntry, InstructorProfile, Role, Site, User
from accounts.policy import second_factor_pending
from accounts.services import user_deactivate


class VerifiedAdminSite(OTPAdminSite):
    """The admin, only for staff who have given their second factor in this session.

    Logging in happens on our own pages (password, then code or enrolment), never on the
    admin's password-only form. The Django admin is the superusers' technical back office;
    managers administer on their own pages (`accounts:administration`), where each write goes
    through an audited service, so a manager who opens /admin/ is sent there."""

    def has_permission(self, request: HttpRequest) -> bool:
        # Superusers only: model permissions are never granted to roles here, so a staff flag
        # alone would open an admin with nothing in it ("keine Rechte").
        return bool(super().has_permission(request) and request.user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated and not second_factor_pending(request.user):
            if getattr(request.user, "role", None) == Role.MANAGER:
                return redirect("accounts:administration")
            raise PermissionDenied  # fully logged in, but not admin staff
        step = "accounts:otp_verify" if request.user.is_authenticated else "accounts:login"
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"), step)


# django-otp's documented way to guard the default admin site (and every ModelAdmin on it).
admin.site.__class__ = VerifiedAdminSite


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "site", "is_active"]
    list_filter = ["role", "site", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Reintegra", {"fields": ("role", "site")}))  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Ends the user's sessions now and writes the audit entry.
            user_deactivate(acting_user=request.user, user=obj)  # type: ignore[arg-type]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["sequence", "at", "actor", "action", "object_type", "object_id", "participant_ref"]
    list_filter = ["action", "object_type"]
    search_fields = ["participant_ref", "object_id", "request_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(InstructorProfile)
class InstructorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "qualification"]
    filter_horizontal = ["trades"]

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        profile = form.instance
        audit_record(actor=request.user if isinstance(request.user, User) else None,
                     action=AuditAction.INSTRUCTOR_PROFILE_SAVE,
                     target=profile, detail={"trades": sorted(profile.trades.values_list("pk", flat=True)),
                                             "languages": profile.languages, "channel": "admin"})
