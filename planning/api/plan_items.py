"""API of plan items and their attachments, comments, transitions and publication."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts import permissions as perms
from accounts.api_base import WorkspaceRelatedField, WorkspaceViewSet
from campaigns.models import Campaign
from smm_platform.files import private_file_response
from smm_platform.validation import StrictJSONParser

from .. import hooks, services
from ..enums import ClientDecisionKind, ItemStatus
from ..models import PlanItem, PlanItemAttachment, PlanItemComment
from .common import FlagSerializer, MemberField, Write


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
