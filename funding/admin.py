from django.contrib import admin

from funding.models import Funder, FundingLine, Project, ProjectExtension, ReportingPeriod


class ProjectExtensionInline(admin.TabularInline):
    model = ProjectExtension
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    inlines = [ProjectExtensionInline]


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]


@admin.register(FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = ["project_number", "funder", "project", "share_percent", "final_report_on", "retention_years"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "funding_line", "starts_on", "ends_on"]
