from django.contrib import admin

from .models import (
    KPI,
    AlignmentCheck,
    AlignmentSettings,
    AudienceSegment,
    BusinessGoal,
    Campaign,
    CampaignTemplate,
    Conversion,
    MetricDaily,
    Trend,
    TrendTrial,
)


@admin.register(BusinessGoal)
class BusinessGoalAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "kind", "target_metric", "target_value", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "objective", "status", "alignment_verdict", "starts_on", "ends_on"]
    list_filter = ["status", "objective", "alignment_verdict"]
    search_fields = ["name", "utm_campaign"]
    raw_id_fields = ["goal", "template"]


@admin.register(MetricDaily)
class MetricDailyAdmin(admin.ModelAdmin):
    list_display = ["campaign", "channel", "date", "reach", "clicks", "leads", "sales", "spend"]
    list_filter = ["channel"]
    raw_id_fields = ["campaign"]


@admin.register(Conversion)
class ConversionAdmin(admin.ModelAdmin):
    list_display = ["external_id", "workspace", "campaign", "kind", "amount", "occurred_at"]
    list_filter = ["kind"]
    search_fields = ["external_id", "utm_campaign"]
    raw_id_fields = ["campaign"]


@admin.register(AlignmentCheck)
class AlignmentCheckAdmin(admin.ModelAdmin):
    list_display = ["campaign", "verdict", "previous_verdict", "checked_at"]
    list_filter = ["verdict"]
    raw_id_fields = ["campaign"]


for model in (KPI, AudienceSegment, Trend, TrendTrial, CampaignTemplate, AlignmentSettings):
    admin.site.register(model)
