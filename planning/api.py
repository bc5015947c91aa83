"""REST API of planning: plan items, tasks, milestones, the calendar feed URL, brainstorms, ideas,
proposals and client share links. Views call services; querysets come scoped."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from accounts import permissions as perms
from accounts.api_base import WorkspaceAPIMixin, WorkspaceRelatedField, WorkspaceViewSet
from accounts.models import User
from campaigns.models import AudienceSegment, BusinessGoal, Campaign
from smm_platform.files import private_file_response
from smm_platform.validation import StrictJSONParser

from . import hooks, services
from .enums import ClientDecisionKind, ItemStatus
from .models import (
    BrainstormSession,
    Idea,
    Milestone,
    PlanItem,
    PlanItemAttachment,
    PlanItemComment,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    ShareLink,
    Task,
)
from .pptx_export import proposal_pptx

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id limited to members of the request's workspace."""

    def get_queryset(self):
        workspace = self.context.get("workspace")
        if workspace is None:
            return User.objects.none()
        return User.objects.filter(memberships__workspace=workspace)


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class Write:
    """Mixin: pass the validated data of the serializer to a service with the caller."""

    token_scope = "planning:write"

    def svc(self, **kwargs):
        return {"actor": self.actor, "token": self.token, **kwargs}


# --- plan items ---------------------------------------------------------------------------------
class PlanItemSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    assignee = MemberField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    client_decision = serializers.ChoiceField(
        choices=ClientDecisionKind.choices, allow_blank=True, read_only=True
    )
    flags = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "title",
            "kind",
            "channel",
            "scheduled_at",
            "status",
            "campaign",
            "assignee",
            "brief",
            "text",
            "erid",
            "published_url",
            "published_at",
            "source_kind",
            "source_ref",
            "client_decision",
            "client_decision_by",
            "client_decision_at",
            "approved_by",
            "approved_at",
            "flags",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "published_url",
            "published_at",
            "client_decision",
            "client_decision_by",
            "client_decision_at",
            "approved_by",
            "approved_at",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        for name, extension in hooks.item_api_fields.items():
            fields[name] = extension.field()
        return fields

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, item) -> list[dict]:
        return [{"code": f.code, "message": f.message} for f in services.item_flags(item)]


class PlanItemFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="scheduled_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="scheduled_at", lookup_expr="date__lte")

    class Meta:
        model = PlanItem
        fields = ["campaign", "channel", "assignee", "status", "kind"]


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    acknowledge_flags = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class PublishSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)


class PlanItemMoveSerializer(serializers.Serializer):
    date = serializers.DateField()


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="display_author", read_only=True)

    class Meta:
        model = PlanItemComment
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class AttachmentSerializer(serializers.ModelSerializer):
    """``file`` is write-only (the upload); ``url`` is the members-only download endpoint."""

    file = serializers.FileField(write_only=True)
    name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = PlanItemAttachment
        fields = ["id", "file", "name", "url", "media_type", "size", "created_at"]
        read_only_fields = ["id", "name", "url", "media_type", "size", "created_at"]

    def get_name(self, obj) -> str:
        return str(obj)

    def get_url(self, obj) -> str:
        path = reverse(
            "api:plan-item-attachment-download",
            kwargs={"workspace_slug": obj.workspace.slug, "pk": obj.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class PlanItemViewSet(
    Write,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """Calendar plan items. Filters: campaign, channel, assignee, status, kind, date_from, date_to.
    Out adds ``flags`` (honesty warnings with ``code`` and ``message``)."""

    queryset = PlanItem.objects.select_related("campaign", "assignee").order_by("scheduled_at", "id")
    serializer_class = PlanItemSerializer
    filterset_class = PlanItemFilter
    permission_by_action = {"comments": perms.VIEW}
    parser_classes = [StrictJSONParser]  # JSON only; the attachments upload alone is multipart

    def get_queryset(self):
        return super().get_queryset().select_related(*hooks.api_select_related())

    @transaction.atomic
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        extras = hooks.pop_api_extras(data)
        serializer.instance = services.plan_item_create(workspace=self.workspace, **self.svc(**data))
        hooks.save_api_extras(item=serializer.instance, extras=extras, actor=self.actor, token=self.token)

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        extras = hooks.pop_api_extras(data)
        if "status" in data and data["status"] != serializer.instance.status:
            raise serializers.ValidationError(
                {"status": [_("Use the transition action to change the status.")]}
            )
        data.pop("status", None)
        for key in ("source_kind", "source_ref"):
            data.pop(key, None)
        serializer.instance = services.plan_item_update(item=serializer.instance, **self.svc(**data))
        hooks.save_api_extras(item=serializer.instance, extras=extras, actor=self.actor, token=self.token)

    def perform_destroy(self, instance):
        services.plan_item_delete(item=instance, **self.svc())

    @extend_schema(request=TransitionSerializer, responses=PlanItemSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """Move along the workflow; approving needs managers/owners and acknowledged flags."""
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.plan_item_transition(
            item=self.get_object(),
            target=data.validated_data["status"],
            acknowledge=data.validated_data["acknowledge_flags"],
            can_approve=self.workspace_context.allows(perms.APPROVE),
            **self.svc(),
        )
        return Response(self.get_serializer(item).data)

    @extend_schema(request=PublishSerializer, responses=PlanItemSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        """Record the publication with the post URL (approved items only: 409 otherwise)."""
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.plan_item_publish(
            item=self.get_object(), url=data.validated_data["url"], **self.svc()
        )
        return Response(self.get_serializer(item).data)

    @extend_schema(request=PlanItemMoveSerializer, responses=PlanItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move to another day keeping the time."""
        data = PlanItemMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.plan_item_move(item=self.get_object(), day=data.validated_data["date"], **self.svc())
        return Response(self.get_serializer(item).data)

    @extend_schema(methods=["get"], responses=CommentSerializer(many=True))
    @extend_schema(methods=["post"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, *args, **kwargs):
        item = self.get_object()
        if request.method == "GET":
            rows = item.comments.select_related("author")
            return Response(CommentSerializer(rows, many=True).data)
        if not self.workspace_context.allows(perms.EDIT, scope=self.token_scope):
            self.permission_denied(request)
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.plan_item_comment(item=item, body=data.validated_data["body"], **self.svc())
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": AttachmentSerializer}, responses={201: AttachmentSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, *args, **kwargs):
        """Upload a media file (images, videos, documents; size limited)."""
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["No file was submitted."]})
        attachment = services.plan_item_attach(item=self.get_object(), file=upload, **self.svc())
        return Response(
            AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class PlanItemAttachmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    """Files attached to plan items (filter ``item``); ``download`` streams one to members of the
    workspace (and ``read`` tokens) only: no public URL serves uploads."""

    queryset = PlanItemAttachment.objects.select_related("workspace").order_by("id")
    serializer_class = AttachmentSerializer
    filterset_fields = ["item"]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        attachment = self.get_object()
        return private_file_response(attachment.file, filename=str(attachment))


# --- tasks and milestones -----------------------------------------------------------------------
class TaskSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    milestone = WorkspaceRelatedField(queryset=Milestone.objects.all(), required=False, allow_null=True)
    assignee = MemberField(required=False, allow_null=True)
    depends_on = WorkspaceRelatedField(queryset=Task.objects.all(), many=True, required=False)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "campaign",
            "milestone",
            "assignee",
            "due_on",
            "status",
            "depends_on",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_is_overdue(self, task) -> bool:
        from django.utils import timezone

        return bool(task.due_on and task.due_on < timezone.localdate() and task.status != "done")


class TaskViewSet(
    Write,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    WorkspaceViewSet,
):
    """Project tasks (kanban: todo, doing, review, done) with dependencies and milestones."""

    queryset = Task.objects.select_related("assignee", "campaign", "milestone").prefetch_related("depends_on")
    serializer_class = TaskSerializer
    filterset_fields = ["campaign", "milestone", "assignee", "status"]

    def perform_create(self, serializer):
        serializer.instance = services.task_create(
            workspace=self.workspace, **self.svc(**serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.task_update(
            task=serializer.instance, **self.svc(**serializer.validated_data)
        )


class MilestoneSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "campaign"]


class MilestoneViewSet(
    Write, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, WorkspaceViewSet
):
    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_fields = ["campaign"]

    def perform_create(self, serializer):
        serializer.instance = services.milestone_create(
            workspace=self.workspace, **self.svc(**serializer.validated_data)
        )


# --- calendar feed ------------------------------------------------------------------------------
class FeedUrlSerializer(serializers.Serializer):
    url = serializers.CharField()


def absolute(path: str, request=None) -> str:
    """An absolute link from the request's host; ``SITE_URL`` only where no request exists."""
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def feed_url(feed, request=None) -> str:
    return absolute(
        reverse(
            "planning:ics",
            kwargs={"workspace_slug": feed.workspace.slug, "secret": services.calendar_feed_token(feed)},
        ),
        request,
    )


class CalendarFeedView(WorkspaceAPIMixin, APIView):
    """GET the caller's secret iCalendar URL of the workspace; POST rotates it (the old URL stops
    working). Owners and managers only: the URL shows the whole plan to anyone who has it, so
    marketers, viewers and integration tokens get 403; it stops when its owner leaves."""

    def get_required_permission(self) -> str:
        return perms.APPROVE

    @extend_schema(responses=FeedUrlSerializer)
    def get(self, request, *args, **kwargs):
        feed = services.calendar_feed_get(workspace=self.workspace, user=self.actor)
        return Response({"url": feed_url(feed, request)})

    @extend_schema(request=None, responses=FeedUrlSerializer)
    def post(self, request, *args, **kwargs):
        feed = services.calendar_feed_rotate(workspace=self.workspace, actor=self.actor, token=self.token)
        return Response({"url": feed_url(feed, request)})


# --- brainstorms and ideas ----------------------------------------------------------------------
class IdeaSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "session",
            "text",
            "author",
            "votes_count",
            "rank",
            "converted_kind",
            "converted_ref",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "session",
            "author",
            "votes_count",
            "rank",
            "converted_kind",
            "converted_ref",
            "created_at",
        ]

    def get_author(self, idea) -> str | None:
        session = idea.session
        if session.anonymous_until_vote and session.phase != "closed":
            return None
        return idea.author.display_name if idea.author_id else None


class BrainstormSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    participants = MemberField(many=True, required=False)

    class Meta:
        model = BrainstormSession
        fields = [
            "id",
            "topic",
            "description",
            "campaign",
            "participants",
            "ends_at",
            "phase",
            "votes_per_participant",
            "anonymous_until_vote",
            "shortlist_size",
            "created_at",
            "closed_at",
        ]
        read_only_fields = ["id", "phase", "created_at", "closed_at"]


class VoteSerializer(serializers.Serializer):
    idea = serializers.IntegerField()


class ConvertSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=["plan_item", "task", "proposal"])
    goal = WorkspaceRelatedField(queryset=BusinessGoal.objects.all(), required=False, allow_null=True)


class BrainstormViewSet(
    Write, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, WorkspaceViewSet
):
    """Brainstorm sessions: collect ideas, dot-vote (N per participant), close with a shortlist."""

    queryset = BrainstormSession.objects.prefetch_related("participants").order_by("-created_at", "-id")
    serializer_class = BrainstormSerializer
    filterset_fields = ["phase", "campaign"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.brainstorm_create(
            workspace=self.workspace, participants=data.pop("participants", []), **self.svc(**data)
        )

    @extend_schema(methods=["get"], responses=IdeaSerializer(many=True))
    @extend_schema(methods=["post"], request=IdeaSerializer, responses={201: IdeaSerializer})
    @action(detail=True, methods=["get", "post"])
    def ideas(self, request, *args, **kwargs):
        session = self.get_object()
        if request.method == "GET":
            return Response(IdeaSerializer(session.ideas.select_related("author", "session"), many=True).data)
        if not self.workspace_context.allows(perms.EDIT, scope=self.token_scope):
            self.permission_denied(request)
        data = IdeaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = services.idea_add(session=session, text=data.validated_data["text"], **self.svc())
        return Response(IdeaSerializer(idea).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BrainstormSerializer)
    @action(detail=True, methods=["post"], url_path="start-voting")
    def start_voting(self, request, *args, **kwargs):
        session = services.brainstorm_start_voting(session=self.get_object(), **self.svc())
        return Response(self.get_serializer(session).data)

    @extend_schema(request=VoteSerializer, responses={201: IdeaSerializer})
    @action(detail=True, methods=["post"])
    def votes(self, request, *args, **kwargs):
        """Spend one dot on an idea (409 beyond N votes or outside the voting phase)."""
        session = self.get_object()
        data = VoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = session.ideas.filter(pk=data.validated_data["idea"]).first()
        if idea is None:
            raise serializers.ValidationError({"idea": ["Unknown idea."]})
        services.vote_cast(session=session, idea=idea, voter=self.actor, token=self.token)
        idea.refresh_from_db()
        return Response(IdeaSerializer(idea).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=IdeaSerializer(many=True))
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Close the session; answers the ranked shortlist."""
        shortlist = services.brainstorm_close(session=self.get_object(), **self.svc())
        return Response(IdeaSerializer(shortlist, many=True).data)


class IdeaViewSet(Write, mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    """Ideas of every session; a shortlisted one converts into a plan item, a task or a proposal."""

    queryset = Idea.objects.select_related("session", "author").order_by("-created_at", "-id")
    serializer_class = IdeaSerializer
    filterset_fields = ["session", "rank"]

    @extend_schema(
        request=ConvertSerializer,
        responses={
            201: inline_serializer(
                "ConvertedIdea", {"kind": serializers.CharField(), "id": serializers.IntegerField()}
            )
        },
    )
    @action(detail=True, methods=["post"])
    def convert(self, request, *args, **kwargs):
        data = ConvertSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        target = services.idea_convert(
            idea=self.get_object(),
            to=data.validated_data["to"],
            goal=data.validated_data.get("goal"),
            **self.svc(),
        )
        return Response({"kind": data.validated_data["to"], "id": target.pk}, status=status.HTTP_201_CREATED)


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

    @extend_schema(responses={(200, PPTX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        """The proposal as a PPTX deck for management."""
        proposal = self.get_object()
        response = HttpResponse(proposal_pptx(proposal), content_type=PPTX)
        response["Content-Disposition"] = f'attachment; filename="proposal-{proposal.pk}.pptx"'
        return response


# --- share links --------------------------------------------------------------------------------
class ShareLinkSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all())
    days = serializers.IntegerField(write_only=True, required=False, min_value=1, max_value=90)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ShareLink
        fields = [
            "id",
            "campaign",
            "starts_on",
            "ends_on",
            "days",
            "expires_at",
            "revoked_at",
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "expires_at", "revoked_at", "created_at", "url"]

    def get_url(self, link) -> str | None:
        """The client URL: shown only in the response that creates the link."""
        secret = self.context.get("secret")
        if not secret:
            return None
        return absolute(
            reverse("planning:shared", kwargs={"workspace_slug": link.workspace.slug, "secret": secret}),
            self.context.get("request"),
        )


class ShareLinkViewSet(
    Write, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, WorkspaceViewSet
):
    """Client links to a campaign's plan for a period: expiring, revocable; the URL is shown once."""

    queryset = ShareLink.objects.select_related("campaign", "workspace")
    serializer_class = ShareLinkSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link, secret = services.share_link_create(
            workspace=self.workspace, **self.svc(**serializer.validated_data)
        )
        context = {**self.get_serializer_context(), "secret": secret}
        return Response(ShareLinkSerializer(link, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ShareLinkSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        link = services.share_link_revoke(link=self.get_object(), **self.svc())
        return Response(self.get_serializer(link).data)


workspace_router = SimpleRouter()
workspace_router.register("plan-items", PlanItemViewSet, basename="plan-item")
workspace_router.register("plan-item-attachments", PlanItemAttachmentViewSet, basename="plan-item-attachment")
workspace_router.register("tasks", TaskViewSet, basename="task")
workspace_router.register("milestones", MilestoneViewSet, basename="milestone")
workspace_router.register("brainstorms", BrainstormViewSet, basename="brainstorm")
workspace_router.register("ideas", IdeaViewSet, basename="idea")
workspace_router.register("proposals", ProposalViewSet, basename="proposal")
workspace_router.register("share-links", ShareLinkViewSet, basename="share-link")

extra_workspace_urls = [path("calendar-feed/", CalendarFeedView.as_view(), name="calendar-feed")]
