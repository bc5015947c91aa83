from django.contrib import admin

from .models import (
    Deal,
    Deliverable,
    Negotiation,
    Partner,
    PartnerChannel,
    PartnerImport,
)


class ChannelInline(admin.TabularInline):
    model = PartnerChannel
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "stage", "rating", "workspace"]
    list_filter = ["kind", "stage"]
    search_fields = ["name"]
    inlines = [ChannelInline]


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["title", "partner", "campaign", "price", "currency", "status", "workspace"]
    list_filter = ["status", "payment_status"]
    inlines = [DeliverableInline]


admin.site.register([Negotiation, PartnerImport])
