from django.contrib import admin

from .models import SocialAccount, SocialPost


@admin.register(SocialAccount)
class SocialAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "external_id", "workspace", "state", "last_sync_at"]
    list_filter = ["network", "state"]
    exclude = ["token_encrypted"]


@admin.register(SocialPost)
class SocialPostAdmin(admin.ModelAdmin):
    list_display = ["item", "account", "state", "attempts", "external_id", "sent_at"]
    list_filter = ["state"]
