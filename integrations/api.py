"""REST API of integrations: outbound webhook subscriptions and their delivery log.

Owners manage webhooks (the signing secret is in every answer); an integration token needs the
``webhooks:write`` scope for every webhook endpoint, reading included, because answers carry secrets.
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts import permissions as perms
from accounts.api_base import WorkspaceViewSet
from accounts.enums import TokenKind, TokenScope

from . import selectors, services
from .enums import DeliveryStatus
from .filters import UTCIsoDateTimeFilter
from .models import DeletedObject, WebhookDelivery, WebhookSubscription
from .tombstones import TOMBSTONE_KINDS


# --- serializers ------------------------------------------------------------------------------
class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=services.subscribable_events()),
        allow_empty=False,
        min_length=1,
        help_text="Event names to receive.",
    )
    secret = serializers.CharField(
        read_only=True, help_text="Signing secret: X-SMM-Signature is an HMAC-SHA256 made with it."
    )
    previous_secret_expires_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="After a rotation: until then deliveries carry a second v1= signed with the old secret.",
    )

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "description",
            "events",
            "is_active",
            "secret",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "secret", "previous_secret_expires_at", "created_at", "updated_at"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event",
            "event_id",
            "status",
            "attempts",
            "last_status_code",
            "last_response_ms",
            "last_error",
            "created_at",
            "next_attempt_at",
            "delivered_at",
            "redelivery_of",
            "payload",
        ]
        read_only_fields = fields


class DeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    event = django_filters.CharFilter()
    created_after = UTCIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UTCIsoDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = WebhookDelivery
        fields = ["subscription", "status", "event"]


class DeletedObjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeletedObject
        fields = ["id", "kind", "object_id", "deleted_at"]
        read_only_fields = fields


class DeletedObjectFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=[(k, k) for k in sorted(set(TOMBSTONE_KINDS.values()))])
    deleted_since = UTCIsoDateTimeFilter(field_name="deleted_at", lookup_expr="gte")

    class Meta:
        model = DeletedObject
        fields = ["kind"]


# --- access -----------------------------------------------------------------------------------
class WebhookAccessMixin:
    """Users: owners only. Integration tokens: the ``webhooks:write`` scope, for reads too."""

    token_scope = TokenScope.WEBHOOKS_WRITE.value

    def _is_integration(self) -> bool:
        token = self.workspace_context.token
        return token is not None and token.kind == TokenKind.INTEGRATION

    def get_required_permission(self) -> str:
        if self._is_integration():
            return perms.EDIT
        return perms.ADMIN

    def get_required_scope(self) -> str | None:
        return self.token_scope


# --- views ------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="List webhook subscriptions"),
    retrieve=extend_schema(summary="A webhook subscription"),
    create=extend_schema(summary="Subscribe a URL to events", responses={201: WebhookSubscriptionSerializer}),
    partial_update=extend_schema(summary="Change a subscription"),
    update=extend_schema(summary="Replace a subscription"),
    destroy=extend_schema(summary="Delete a subscription and its delivery log", responses={204: None}),
)
class WebhookViewSet(
    WebhookAccessMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """Outbound webhook subscriptions: a URL, the events it receives, its signing secret."""

    serializer_class = WebhookSubscriptionSerializer
    queryset = WebhookSubscription.objects.all()
    filterset_fields = ["is_active"]
    ordering_fields = ["created_at", "url"]
    ordering = ["-created_at", "-id"]
    # Location: the subscription's own URL (DRF's mixin would answer the subscriber's ``url``).
    get_success_headers = WorkspaceViewSet.get_success_headers

    def perform_create(self, serializer):
        serializer.instance = services.subscription_create(
            workspace=self.workspace, actor=self.actor, token=self.token, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.subscription_update(
            subscription=serializer.instance, actor=self.actor, token=self.token, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.subscription_delete(subscription=instance, actor=self.actor, token=self.token)

    @extend_schema(
        summary="Delivery log of a subscription",
        responses=WebhookDeliverySerializer(many=True),
        parameters=[
            OpenApiParameter("status", enum=DeliveryStatus.values, description="Delivery status."),
            OpenApiParameter("event", description="Event name, e.g. mention.created."),
            OpenApiParameter("created_after", OpenApiTypes.DATETIME),
            OpenApiParameter("created_before", OpenApiTypes.DATETIME),
        ],
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def deliveries(self, request, *args, **kwargs):
        subscription = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        queryset = selectors.deliveries_of(workspace=self.workspace, subscription=subscription)
        filterset = DeliveryFilter(request.query_params, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(
        summary="Send a test event to this subscription",
        request=None,
        responses={202: WebhookDeliverySerializer},
    )
    @action(detail=True, methods=["post"], url_path="test")
    def send_test(self, request, *args, **kwargs):
        delivery = services.webhook_send_test(
            subscription=self.get_object(), actor=self.actor, token=self.token
        )
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Rotate the signing secret", request=None, responses={200: WebhookSubscriptionSerializer}
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, *args, **kwargs):
        subscription = services.subscription_rotate_secret(
            subscription=self.get_object(), actor=self.actor, token=self.token
        )
        return Response(WebhookSubscriptionSerializer(subscription).data)


@extend_schema_view(
    list=extend_schema(summary="Webhook deliveries of the workspace"),
    retrieve=extend_schema(summary="A webhook delivery"),
)
class WebhookDeliveryViewSet(
    WebhookAccessMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet
):
    """Every delivery: event, status, attempts, last response status and time, last error."""

    serializer_class = WebhookDeliverySerializer
    queryset = WebhookDelivery.objects.select_related("subscription")
    filterset_class = DeliveryFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    @extend_schema(
        summary="Send this delivery's event again (a new delivery)",
        request=None,
        responses={202: WebhookDeliverySerializer, 409: OpenApiResponse(description="Still being sent.")},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, *args, **kwargs):
        delivery = services.delivery_redeliver(delivery=self.get_object(), actor=self.actor, token=self.token)
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(
        summary="Deleted objects (tombstones) for incremental sync",
        description=(
            "Every goal, campaign, mention, incident, partner, deal, plan item and report deleted "
            "in this workspace, oldest first: `kind`, `object_id`, `deleted_at`. Filter with "
            "`?kind=` and `?deleted_since=`; objects deleted with their parent (a campaign's "
            "metrics and conversions) are implied by the parent's entry."
        ),
    ),
    retrieve=extend_schema(summary="A tombstone"),
)
class DeletedObjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = DeletedObjectSerializer
    queryset = DeletedObject.objects.all()
    filterset_class = DeletedObjectFilter
    ordering_fields = ["deleted_at"]
    ordering = ["id"]


workspace_router = SimpleRouter()
workspace_router.register("webhooks", WebhookViewSet, basename="webhook")
workspace_router.register("webhook-deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")
workspace_router.register("deleted", DeletedObjectViewSet, basename="deleted-object")
