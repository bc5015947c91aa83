"""Campaigns: ``campaigns/`` with workflow actions, alignment and save-as-template."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api_base import WorkspaceRelatedField

from .. import figures, selectors, services
from ..alignment import render_reason
from ..enums import KpiMetric
from ..models import KPI, AudienceSegment, BusinessGoal, Campaign
from ..workflow import TRANSITIONS
from ._common import ERROR, MemberField, ServiceViewSet, _channels_field
from .results import (
    FiguresListSerializer,
    FiguresMixin,
    ResultsSerializer,
    _decimal_text,
    _percent_number,
    _results_data,
)
from .templates import CampaignTemplateSerializer


class KPISerializer(serializers.ModelSerializer):
    metric = serializers.ChoiceField(choices=KpiMetric.choices)

    class Meta:
        model = KPI
        fields = ["metric", "target_value"]


class AlignmentSummarySerializer(serializers.Serializer):
    verdict = serializers.CharField()
    checked_at = serializers.DateTimeField(allow_null=True)


class CampaignSerializer(FiguresMixin, serializers.ModelSerializer):
    goal = WorkspaceRelatedField(queryset=BusinessGoal.objects.all(), required=False, allow_null=True)
    channels = _channels_field()
    segments = WorkspaceRelatedField(queryset=AudienceSegment.objects.all(), many=True, required=False)
    owner = MemberField(required=False, allow_null=True)
    kpis = KPISerializer(many=True, required=False)
    alignment = serializers.SerializerMethodField()
    actual = serializers.SerializerMethodField(
        help_text="This campaign's value of its goal's target metric in the goal's period (null without a goal)."
    )
    progress = serializers.SerializerMethodField(
        help_text="actual as a percent of the goal's target (its share of the goal); may pass 100."
    )
    results = serializers.SerializerMethodField(help_text="The campaign's own results over its own dates.")

    @staticmethod
    def figures_for(campaigns, workspace):
        return figures.campaign_figures(campaigns=campaigns)

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True))
    def get_actual(self, campaign) -> str | None:
        actual = self.figure(campaign).actual
        return None if actual is None else _decimal_text(Decimal(actual))

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, campaign) -> float | None:
        return _percent_number(self.figure(campaign).progress)

    @extend_schema_field(ResultsSerializer)
    def get_results(self, campaign) -> dict:
        goal = campaign.goal
        return _results_data(self.figure(campaign).results, goal.target_metric if goal else None)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "objective",
            "goal",
            "channels",
            "budget",
            "starts_on",
            "ends_on",
            "status",
            "segments",
            "kpis",
            "description",
            "utm_campaign",
            "owner",
            "template",
            "alignment",
            "actual",
            "progress",
            "results",
            "approved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "template", "approved_at", "created_at", "updated_at"]
        list_serializer_class = FiguresListSerializer

    @extend_schema_field(AlignmentSummarySerializer)
    def get_alignment(self, campaign) -> dict:
        return {"verdict": campaign.alignment_verdict, "checked_at": campaign.alignment_checked_at}

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "kpis" in values:
            values["kpis"] = [dict(k) for k in values["kpis"]]
        return values

    def validate(self, attrs):
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError(
                {"ends_on": ["The end date must not be before the start date."]}
            )
        return attrs


class CampaignFilter(django_filters.FilterSet):
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    verdict = django_filters.CharFilter(field_name="alignment_verdict")
    channel = django_filters.CharFilter(method="filter_channel")

    class Meta:
        model = Campaign
        fields = ["status", "objective", "goal", "owner", "template"]

    def filter_channel(self, queryset, name, value):
        # ``channels`` is a JSON list of codes; match the quoted code so "vk" is not "vk_video".
        return queryset.filter(channels__icontains=f'"{value}"')


class AlignmentSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    verdict = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    reason_codes = serializers.ListField(child=serializers.DictField())
    checked_at = serializers.DateTimeField(allow_null=True)
    history = serializers.ListField(child=serializers.DictField())


class TransitionResultSerializer(CampaignSerializer):
    changed = serializers.BooleanField(read_only=True)


WORKFLOW_ACTIONS = tuple(TRANSITIONS)


class CampaignViewSet(ServiceViewSet):
    queryset = Campaign.objects.select_related("goal", "owner", "template").prefetch_related(
        "segments", Prefetch("kpis", queryset=KPI.objects.order_by("metric"))
    )
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    ordering_fields = ["starts_on", "ends_on", "name", "budget", "status"]
    permission_by_action = {name: t.permission for name, t in TRANSITIONS.items()}
    create_service, update_service, delete_service = (
        staticmethod(services.campaign_create),
        staticmethod(services.campaign_update),
        staticmethod(services.campaign_delete),
    )
    instance_kwarg = "campaign"

    def _transition(self, request, name):
        campaign, changed = services.campaign_transition(
            campaign=self.get_object(), action=name, actor=self.actor, token=self.token
        )
        data = CampaignSerializer(campaign, context=self.get_serializer_context()).data
        data["changed"] = changed
        return Response(data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: AlignmentSerializer},
        description="The latest verdict with its reasons in the caller's language, and the history.",
    )
    @extend_schema(
        methods=["POST"],
        request=None,
        responses={202: inline_serializer("AlignmentQueued", {"queued": serializers.BooleanField()})},
        description="Queue a re-check of this campaign.",
    )
    @action(detail=True, methods=["get", "post"])
    def alignment(self, request, *args, **kwargs):
        campaign = self.get_object()
        if request.method == "POST":
            services.alignment_request_check(campaign=campaign)
            return Response({"queued": True}, status=status.HTTP_202_ACCEPTED)
        history = selectors.alignment_history(campaign=campaign)[:50]
        return Response(
            {
                "campaign": campaign.pk,
                "verdict": campaign.alignment_verdict,
                "reasons": [render_reason(r) for r in campaign.alignment_reasons],
                "reason_codes": campaign.alignment_reasons,
                "checked_at": campaign.alignment_checked_at,
                "history": [
                    {
                        "verdict": h.verdict,
                        "previous_verdict": h.previous_verdict or None,
                        "checked_at": h.checked_at,
                        "reasons": [render_reason(r) for r in h.reasons],
                    }
                    for h in history
                ],
            }
        )

    @extend_schema(
        request=inline_serializer("SaveAsTemplate", {"name": serializers.CharField(required=False)}),
        responses={201: CampaignTemplateSerializer},
    )
    @action(detail=True, methods=["post"], url_path="save-as-template")
    def save_as_template(self, request, *args, **kwargs):
        name = str(request.data.get("name") or "")[:200] if isinstance(request.data, dict) else ""
        template = services.template_from_campaign(
            campaign=self.get_object(), actor=self.actor, token=self.token, name=name
        )
        data = CampaignTemplateSerializer(template, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


def _workflow_action(name):
    def handler(self, request, *args, **kwargs):
        return self._transition(request, name)

    handler.__name__ = name
    handler = extend_schema(
        request=None,
        responses={200: TransitionResultSerializer, 403: ERROR, 409: ERROR},
        description=f"Workflow: {TRANSITIONS[name].action} (to {TRANSITIONS[name].target}).",
    )(handler)
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(handler)


for _name in WORKFLOW_ACTIONS:
    setattr(CampaignViewSet, _name, _workflow_action(_name))
