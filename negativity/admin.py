from django.contrib import admin

from .models import Author, ClassifierModel, Incident, Mention, ResponseTemplate, RoutingRule


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["id", "workspace", "source", "category", "topic", "risk", "status", "published_at"]
    list_filter = ["category", "status", "source"]
    raw_id_fields = ["author", "incident", "assignee"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["id", "workspace", "kind", "status", "confidence", "mention_count", "opened_at"]


admin.site.register([Author, ResponseTemplate, RoutingRule])


@admin.register(ClassifierModel)
class ClassifierModelAdmin(admin.ModelAdmin):
    list_display = ["id", "workspace", "version", "status", "is_active", "trained_at"]
    exclude = ["blob"]
