from django.contrib import admin

from .models import IdempotencyRecord, WebhookDelivery, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "workspace", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description", "workspace__slug"]
    exclude = ["secret"]
    raw_id_fields = ["workspace", "created_by"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "subscription", "status", "attempts", "last_status_code", "created_at"]
    list_filter = ["status", "event"]
    raw_id_fields = ["workspace", "subscription", "redelivery_of"]
    readonly_fields = [
        "event_id",
        "payload",
        "attempts",
        "last_status_code",
        "last_response_ms",
        "last_error",
    ]


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "principal", "path", "state", "status_code", "created_at"]
    list_filter = ["state"]
    exclude = ["response_body"]
