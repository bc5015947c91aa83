"""REST API of connected accounts: ``social-accounts/`` (owners and managers; the access token is
write-only), ``check/`` and ``sync/`` on each; ``social_account`` on plan items (through
``planning.hooks``); ``mentions/{id}/reply/`` sends a reply through the network or queues it."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from accounts import permissions as perms
from accounts.api_base import WorkspaceAPIMixin, WorkspaceRelatedField, WorkspaceViewSet
from negativity.models import Mention
from smm_platform.celery import enqueue_on_commit

from . import replies, services, tasks
from .enums import Network
from .models import SocialAccount


class SocialAccountSerializer(serializers.ModelSerializer):
    network = serializers.ChoiceField(choices=Network.choices)
    access_token = serializers.CharField(write_only=True, max_length=1000, trim_whitespace=True)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = SocialAccount
        fields = [
            "id",
            "network",
            "external_id",
            "name",
            "access_token",
            "state",
            "state_message",
            "checked_at",
            "followers",
            "last_sync_at",
            "last_sync_error",
            "created_at",
        ]
        read_only_fields = [
            "state",
            "state_message",
            "checked_at",
            "followers",
            "last_sync_at",
            "last_sync_error",
            "created_at",
        ]
        validators: list = []  # uniqueness is the service's (409)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["access_token"].required = False


class SyncQueuedSerializer(serializers.Serializer):
    queued = serializers.BooleanField()
    account = serializers.IntegerField()


class SocialAccountViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """VK communities and Telegram channels of the workspace. Owners and managers only; the
    ``access_token`` is write-only (stored encrypted, never returned)."""

    queryset = SocialAccount.objects.all()
    serializer_class = SocialAccountSerializer
    filterset_fields = ["network", "state"]

    def get_required_permission(self) -> str:
        return perms.APPROVE

    def perform_create(self, serializer):
        serializer.instance = services.account_create(
            workspace=self.workspace, actor=self.actor, token=self.token, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.account_update(
            account=serializer.instance, actor=self.actor, token=self.token, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.account_delete(account=instance, actor=self.actor, token=self.token)

    @extend_schema(request=None, responses=SocialAccountSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, *args, **kwargs):
        """Verify the token against the network: state ``connected`` or ``error`` (its message)."""
        account = services.account_check(account=self.get_object(), actor=self.actor, token=self.token)
        return Response(self.get_serializer(account).data)

    @extend_schema(request=None, responses={202: SyncQueuedSerializer})
    @action(detail=True, methods=["post"])
    def sync(self, request, *args, **kwargs):
        """Queue a pull of statistics and comments (202)."""
        account = self.get_object()
        enqueue_on_commit(tasks.sync_account, account_id=account.pk)
        return Response({"queued": True, "account": account.pk}, status=status.HTTP_202_ACCEPTED)


# --- social_account on plan items (planning.hooks) ------------------------------------------------
class ItemSocialAccountField(WorkspaceRelatedField):
    """The connected account a plan item is published through (null: none)."""

    def get_attribute(self, instance):
        try:
            return instance.social_post.account
        except ObjectDoesNotExist:
            return None

    def to_representation(self, value):
        return value.pk


class ItemSocialAccount:
    select_related = ["social_post__account"]

    def field(self):
        return ItemSocialAccountField(
            queryset=SocialAccount.objects.all(),
            required=False,
            allow_null=True,
            help_text="Connected account (VK community, Telegram channel) the item is published through.",
        )

    def save(self, *, item, value, actor, token=None) -> None:
        post = services.item_account_set(item=item, account=value, actor=actor, token=token)
        item._state.fields_cache.pop("social_post", None)  # the answer shows the new choice
        if post is not None:
            item._state.fields_cache["social_post"] = post


# --- replies --------------------------------------------------------------------------------------
class ReplyInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class ReplyOutSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["sent", "pending_approval"])
    reply = serializers.IntegerField()
    external_id = serializers.CharField(required=False)
    url = serializers.URLField(required=False)


class MentionReplyView(WorkspaceAPIMixin, APIView):
    """Reply to a mention that came from a connected account: sent at once (201, ``sent``) when
    the caller may approve it (owners, managers), else queued for approval (202,
    ``pending_approval``). 409 for a mention from elsewhere; 502 when the network refuses."""

    token_scope = "mentions:write"
    model = Mention

    @extend_schema(request=ReplyInSerializer, responses={201: ReplyOutSerializer, 202: ReplyOutSerializer})
    def post(self, request, workspace_slug: str, pk: int):
        data = ReplyInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mention = get_object_or_404(Mention.objects.for_workspace(self.workspace), pk=pk)
        answer = replies.mention_reply(
            workspace=self.workspace,
            mention=mention,
            text=data.validated_data["text"],
            actor=self.actor,
            role=self.workspace_context.role if self.workspace_context.allows(perms.APPROVE) else None,
        )
        code = status.HTTP_201_CREATED if answer["status"] == "sent" else status.HTTP_202_ACCEPTED
        return Response(answer, status=code)


workspace_router = SimpleRouter()
workspace_router.register("social-accounts", SocialAccountViewSet, basename="social-account")

extra_workspace_urls = [
    path("mentions/<int:pk>/reply/", MentionReplyView.as_view(), name="mention-reply"),
]
