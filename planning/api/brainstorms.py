"""API of brainstorm sessions and their ideas (votes, shortlist, conversion)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import permissions as perms
from accounts.api_base import WorkspaceRelatedField, WorkspaceViewSet
from campaigns.models import BusinessGoal, Campaign

from .. import selectors, services
from ..models import BrainstormSession, Idea
from .common import MemberField, Write


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
            return Response(IdeaSerializer(selectors.session_ideas(session), many=True).data)
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
