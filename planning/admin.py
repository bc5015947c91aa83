from django.contrib import admin

from .models import BrainstormSession, Idea, Notification, PlanItem, Proposal, ShareLink, Task


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["title", "workspace", "kind", "channel", "scheduled_at", "status"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["title"]


admin.site.register([Task, BrainstormSession, Idea, Proposal, ShareLink, Notification])
