"""Admin for what the scheduler must respect: per-participant constraints and manual pins."""

from django.contrib import admin

from scheduling.models import Pin, ScheduleRun, SchedulingProfile


@admin.register(SchedulingProfile)
class SchedulingProfileAdmin(admin.ModelAdmin):
    list_display = ["participant", "earliest_start"]
    raw_id_fields = ["participant"]


@admin.register(Pin)
class PinAdmin(admin.ModelAdmin):
    list_display = ["participant", "session", "created_by", "created_at"]
    raw_id_fields = ["participant", "session"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "best_completed", "bound", "created_by", "created_at"]
    readonly_fields = [f.name for f in ScheduleRun._meta.fields]
