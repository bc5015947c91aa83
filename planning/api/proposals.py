"""API of concept proposals: versions, submission, decisions, history, the PPTX deck."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import permissions as perms
from accounts.api_base import WorkspaceRelatedField, WorkspaceViewSet
from campaigns.api.campaigns import CampaignSerializer
from campaigns.models import AudienceSegment, BusinessGoal

from .. import services
from ..models import Proposal, ProposalEvent, ProposalVersion
from ..pptx_export import proposal_pptx
from .common import Write

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


# --- proposals ----------------------------------------------------------------------------------
class ProposalSerializer(serializers.ModelSerializer):
    goal = WorkspaceRelatedField(queryset=BusinessGoal.objects.all())
    segment = WorkspaceRelatedField(queryset=AudienceSegment.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "problem",
            "segment",
            "idea",
            "goal",
            "expected_effect",
            "expected_effect_note",
            "budget",
            "risks",
            "status",
            "current_version",
            "author",
            "decided_by",
            "decided_at",
            "campaign",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "current_version",
            "author",
            "decided_by",
            "decided_at",
            "campaign",
            "created_at",
            "updated_at",
        ]


class ProposalVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalVersion
        fields = ["number", "snapshot", "created_by", "created_at"]


class ProposalEventSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", default=None, read_only=True)

    class Meta:
        model = ProposalEvent
        fields = ["id", "kind", "version", "author", "body", "created_at"]
        read_only_fields = ["id", "kind", "version", "author", "created_at"]


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalViewSet(
    Write,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    WorkspaceViewSet,
):
    """Concept proposals: versions on every edit, submit, a manager's decision, the history, PPTX."""

    queryset = Proposal.objects.select_related("goal", "segment").order_by("-updated_at", "-id")
    serializer_class = ProposalSerializer
    filterset_fields = ["status", "goal", "segment"]
    permission_by_action = {"versions": perms.VIEW, "history": perms.VIEW, "export": perms.VIEW}

    def perform_create(self, serializer):
        serializer.instance = services.proposal_create(
            workspace=self.workspace, **self.svc(**serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.proposal_update(
            proposal=serializer.instance, **self.svc(**serializer.validated_data)
        )

    def _decide(self, request, decision):
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.proposal_decide(
            proposal=self.get_object(),
            decision=decision,
            comment=data.validated_data["comment"],
            can_approve=self.workspace_context.allows(perms.APPROVE),
            **self.svc(),
        )
        return Response(self.get_serializer(proposal).data)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        proposal = services.proposal_submit(proposal=self.get_object(), **self.svc())
        return Response(self.get_serializer(proposal).data)

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        """Managers and owners only (403 otherwise); the proposal must be submitted (409)."""
        return self._decide(request, "approve")

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        return self._decide(request, "reject")

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, *args, **kwargs):
        return self._decide(request, "request_changes")

    @extend_schema(request=ProposalEventSerializer, responses={201: ProposalEventSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request, *args, **kwargs):
        data = ProposalEventSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.proposal_comment(
            proposal=self.get_object(), body=data.validated_data["body"], **self.svc()
        )
        return Response(ProposalEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ProposalVersionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request, *args, **kwargs):
        return Response(ProposalVersionSerializer(self.get_object().versions.all(), many=True).data)

    @extend_schema(responses=ProposalEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, *args, **kwargs):
        events = self.get_object().events.select_related("author")
        return Response(ProposalEventSerializer(events, many=True).data)

    def get_required_scope(self) -> str | None:
        # Making a campaign writes campaigns: a token needs that scope (and planning:write, below).
        if self.action == "campaign":
            return "campaigns:write"
        return super().get_required_scope()

    @extend_schema(request=None, responses={201: CampaignSerializer, 200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def campaign(self, request, *args, **kwargs):
        """The approved proposal becomes a draft campaign (201) with its name, goal, budget, segment,
        the goal's period and the expected effect as the KPI; once made, the same campaign answers
        (200, nothing new). 409 for a proposal that is not approved; viewers 403."""
        if not self.workspace_context.allows(perms.EDIT, scope=self.token_scope):
            self.permission_denied(request)
        campaign, created = services.proposal_to_campaign(proposal=self.get_object(), **self.svc())
        return Response(
            CampaignSerializer(campaign, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(responses={(200, PPTX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        """The proposal as a PPTX deck for management."""
        proposal = self.get_object()
        response = HttpResponse(proposal_pptx(proposal), content_type=PPTX)
        response["Content-Disposition"] = f'attachment; filename="proposal-{proposal.pk}.pptx"'
        return response
