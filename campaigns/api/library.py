"""The template library: ``templates/`` (CRUD) and starting a campaign from a template."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..models import CampaignTemplate
from ._common import ERROR, ServiceViewSet
from .campaigns import CampaignSerializer
from .templates import CampaignTemplateSerializer, InstantiateSerializer


class InstantiateResultSerializer(serializers.Serializer):
    campaign = CampaignSerializer()
    plan = serializers.ListField(child=serializers.DictField())


class TemplateViewSet(ServiceViewSet):
    queryset = CampaignTemplate.objects.select_related("source_campaign")
    serializer_class = CampaignTemplateSerializer
    filterset_fields = ["objective", "goal_kind"]
    ordering_fields = ["name", "created_at"]
    create_service, update_service, delete_service = (
        staticmethod(services.template_create),
        staticmethod(services.template_update),
        staticmethod(services.template_delete),
    )
    instance_kwarg = "template"

    @extend_schema(request=InstantiateSerializer, responses={201: InstantiateResultSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def instantiate(self, request, *args, **kwargs):
        template = self.get_object()
        serializer = InstantiateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        campaign, plan = services.template_instantiate(
            template=template, actor=self.actor, token=self.token, **serializer.validated_data
        )
        data = {
            "campaign": CampaignSerializer(campaign, context=self.get_serializer_context()).data,
            "plan": [{**p, "date": p["date"].isoformat()} for p in plan],
        }
        return Response(data, status=status.HTTP_201_CREATED)
