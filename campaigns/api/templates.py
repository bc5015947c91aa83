"""Serializers of campaign templates (the library endpoint in ``library.py`` and a campaign's
save-as-template both return them)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.api_base import WorkspaceRelatedField

from .. import services
from ..enums import Channel, KpiMetric
from ..models import BusinessGoal, CampaignTemplate
from ._common import _channels_field


class TemplateKPISerializer(serializers.Serializer):
    metric = serializers.ChoiceField(choices=KpiMetric.choices)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class PlanEntrySerializer(serializers.Serializer):
    day_offset = serializers.IntegerField(min_value=0, max_value=services.TEMPLATE_MAX_DAYS)
    title = serializers.CharField(max_length=200)
    kind = serializers.CharField(max_length=40, required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True)


class CampaignTemplateSerializer(serializers.ModelSerializer):
    channels = _channels_field(required=False)
    kpi_targets = TemplateKPISerializer(many=True, required=False)
    plan = PlanEntrySerializer(many=True, required=False)
    budget_split = serializers.DictField(
        child=serializers.FloatField(min_value=0, max_value=1), required=False
    )

    class Meta:
        model = CampaignTemplate
        fields = [
            "id",
            "name",
            "description",
            "objective",
            "goal_kind",
            "channels",
            "duration_days",
            "budget",
            "budget_split",
            "kpi_targets",
            "plan",
            "source_campaign",
            "created_at",
        ]
        read_only_fields = ["source_campaign", "created_at"]
        extra_kwargs = {"duration_days": {"max_value": services.TEMPLATE_MAX_DAYS}}

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "kpi_targets" in values:
            values["kpi_targets"] = [
                {"metric": k["metric"], "target_value": str(k["target_value"])} for k in values["kpi_targets"]
            ]
        if "plan" in values:
            values["plan"] = [dict(p) for p in values["plan"]]
        return values


class InstantiateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    goal = WorkspaceRelatedField(
        queryset=BusinessGoal.objects.all(), required=False, allow_null=True, default=None
    )
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
