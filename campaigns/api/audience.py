"""Audience segments and trends (with trend trials): ``segments/``, ``trends/``."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api_base import WorkspaceRelatedField

from .. import services
from ..models import AudienceSegment, Campaign, Trend, TrendTrial
from ._common import ERROR, ServiceViewSet, _channels_field


class SegmentSerializer(serializers.ModelSerializer):
    channels = _channels_field(required=False)

    class Meta:
        model = AudienceSegment
        fields = [
            "id",
            "name",
            "description",
            "needs",
            "pains",
            "objections",
            "channels",
            "content_preferences",
            "size_estimate",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class SegmentViewSet(ServiceViewSet):
    queryset = AudienceSegment.objects.all()
    serializer_class = SegmentSerializer
    filterset_fields = ["name"]
    ordering_fields = ["name"]
    create_service, update_service, delete_service = (
        staticmethod(services.segment_create),
        staticmethod(services.segment_update),
        staticmethod(services.segment_delete),
    )
    instance_kwarg = "segment"


class TrendTrialSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all())
    effect_pct = serializers.DecimalField(max_digits=10, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = TrendTrial
        fields = [
            "id",
            "campaign",
            "started_on",
            "ended_on",
            "metric",
            "baseline_value",
            "observed_value",
            "effect_pct",
            "observed_effect",
        ]
        read_only_fields = ["baseline_value", "observed_value"]


class TrendSerializer(serializers.ModelSerializer):
    trials = TrendTrialSerializer(many=True, read_only=True)

    class Meta:
        model = Trend
        fields = [
            "id",
            "name",
            "platform",
            "source_url",
            "description",
            "status",
            "noticed_on",
            "trials",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class TrendViewSet(ServiceViewSet):
    queryset = Trend.objects.prefetch_related(
        Prefetch("trials", queryset=TrendTrial.objects.order_by("-started_on"))
    )
    serializer_class = TrendSerializer
    filterset_fields = ["status", "platform"]
    ordering_fields = ["noticed_on", "name"]
    create_service, update_service, delete_service = (
        staticmethod(services.trend_create),
        staticmethod(services.trend_update),
        staticmethod(services.trend_delete),
    )
    instance_kwarg = "trend"

    @extend_schema(request=TrendTrialSerializer, responses={201: TrendTrialSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def trials(self, request, *args, **kwargs):
        trend = self.get_object()
        serializer = TrendTrialSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        trial = services.trend_trial_record(
            trend=trend, actor=self.actor, token=self.token, **serializer.validated_data
        )
        return Response(TrendTrialSerializer(trial, context=self.get_serializer_context()).data, status=201)
