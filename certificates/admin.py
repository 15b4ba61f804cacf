from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Look-up only: certificates are issued through certificate_issue and never deleted."""

    list_display = ["number", "participant", "plan", "status", "issued_on", "issued_by"]
    list_filter = ["status", "issued_on"]
    search_fields = ["number", "participant__case_number"]
    list_select_related = ["participant", "plan__participant", "issued_by"]
    date_hierarchy = "issued_on"
    readonly_fields = ["number", "participant", "plan", "status", "issued_on", "issued_by", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False
