from django.contrib import admin

from .models import ReportComment, ReportFile, ReportRun, ReportSchedule


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    readonly_fields = ["format", "file", "size", "sha256", "created_at"]
    can_delete = False


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "workspace",
        "kind",
        "period_start",
        "period_end",
        "status",
        "progress",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = ["snapshot", "snapshot_sha256", "attempts", "heartbeat_at", "started_at", "finished_at"]
    inlines = [ReportFileInline]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "kind", "frequency", "is_active"]


@admin.register(ReportComment)
class ReportCommentAdmin(admin.ModelAdmin):
    list_display = ["run", "author", "created_at"]
