"""REST API of the negativity inbox: mentions (bulk ingest, filters, triage actions), incidents,
response templates (playbooks), routing rules, and the HMAC-signed inbound webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import django_filters
from django.conf import settings
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts import permissions as perms
from accounts.api_base import WorkspaceViewSet
from smm_platform.bulk import apply_rows
from smm_platform.errors import AppError, error_body
from smm_platform.validation import refuse_lone_surrogates

from . import rules, selectors, services
from .enums import Category, IncidentStatus, MentionStatus, Outcome, Topic
from .models import Incident, Mention, ResponseTemplate, RoutingRule, WebhookSecret

SIGNATURE_HEADER = "X-Signature"
MAX_ID = 2**63 - 1  # ids are bigint: a larger number is a 400, not a database error


# --- serializers ------------------------------------------------------------------------------
class AuthorInSerializer(serializers.Serializer):
    handle = serializers.CharField(max_length=150)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    created_at = serializers.DateTimeField(required=False, allow_null=True)
    followers = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class MentionInSerializer(serializers.Serializer):
    """One mention of a POSTed list (the schema only: the service validates every row)."""

    source = serializers.CharField(max_length=40)
    external_id = serializers.CharField(max_length=200)
    url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    author = AuthorInSerializer()
    text = serializers.CharField(max_length=5000, help_text="At most NEGATIVITY_MAX_TEXT (5000) characters.")
    published_at = serializers.DateTimeField()
    reach = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2**62)
    likes = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2**62)
    replies = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2**62)
    campaign = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)


class IngestResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    created_ids = serializers.ListField(child=serializers.IntegerField())


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    handle = serializers.CharField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField(source="account_created_at", allow_null=True)
    followers = serializers.IntegerField(allow_null=True)
    mentions_count = serializers.IntegerField()
    negative_count = serializers.IntegerField()


class MentionSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True, read_only=True)
    explanation = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        allow_blank=True,
        read_only=True,
        help_text='"" until the mention is resolved.',
    )

    class Meta:
        model = Mention
        fields = [
            "id",
            "source",
            "external_id",
            "url",
            "author",
            "text",
            "published_at",
            "received_at",
            "reach",
            "likes",
            "replies",
            "campaign",
            "language",
            "sentiment",
            "category",
            "text_category",
            "category_confidence",
            "topic",
            "risk",
            "explanation",
            "status",
            "priority",
            "assignee",
            "tags",
            "incident",
            "sla_deadline",
            "outcome",
            "corrected",
            "classifier_version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_explanation(self, obj) -> list[str]:
        return [rules.describe_reason(r) for r in obj.explanation]


class CorrectionSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, allow_blank=True)


class ResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class BulkActionSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=1000
    )
    action = serializers.ChoiceField(choices=[(a, a) for a in services.BULK_ACTIONS])
    value = serializers.CharField(required=False, allow_blank=True, default="")


class IncidentSerializer(serializers.ModelSerializer):
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "kind",
            "status",
            "confidence",
            "opened_at",
            "first_mention_at",
            "last_mention_at",
            "mention_count",
            "mentions",
            "shared_phrases",
            "signals",
            "sources",
            "closed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_mentions(self, obj) -> list[int]:
        return sorted(m.pk for m in obj.mentions.all())


class IncidentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=IncidentStatus.choices)


class ResponseTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponseTemplate
        fields = ["id", "category", "name", "steps", "body", "language", "is_default", "updated_at"]
        read_only_fields = ["id", "is_default", "updated_at"]


class RuleConditionSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["source", "category", "topic", "risk_at_least", "keyword"])
    value = serializers.CharField()


class RuleActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["assign", "priority", "tag", "hide"])
    value = serializers.CharField(required=False, allow_blank=True, default="")


class RoutingRuleSerializer(serializers.ModelSerializer):
    conditions = RuleConditionSerializer(many=True)
    actions = RuleActionSerializer(many=True)

    class Meta:
        model = RoutingRule
        fields = [
            "id",
            "name",
            "position",
            "is_active",
            "stop_processing",
            "conditions",
            "actions",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


# --- filters -----------------------------------------------------------------------------------
class MentionFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices)
    status = django_filters.ChoiceFilter(choices=MentionStatus.choices)
    topic = django_filters.ChoiceFilter(choices=Topic.choices)
    source = django_filters.CharFilter()
    risk_min = django_filters.NumberFilter(field_name="risk", lookup_expr="gte")
    risk_max = django_filters.NumberFilter(field_name="risk", lookup_expr="lte")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lte")
    incident = django_filters.NumberFilter(field_name="incident_id", min_value=1, max_value=MAX_ID)
    campaign = django_filters.NumberFilter(field_name="campaign_id", min_value=1, max_value=MAX_ID)

    class Meta:
        model = Mention
        fields = ["category", "status", "topic", "source", "incident", "campaign"]


# --- views -------------------------------------------------------------------------------------
class MentionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    """Mentions: POST a list (idempotent by source + external_id; at most NEGATIVITY_MAX_BATCH
    (1000) rows, else 413; any invalid row rejects the batch with ``errors.rows.<index>``);
    GET the classified queue, riskiest first, filtered by category, status, risk range, source,
    topic and publication dates."""

    queryset = Mention.objects.all()
    serializer_class = MentionSerializer
    filterset_class = MentionFilter
    ordering_fields = ["risk", "published_at", "sla_deadline"]
    token_scope = "mentions:write"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Mention.objects.none()
        return selectors.triage_queue(workspace=self.workspace, include_closed=True)

    @extend_schema(
        request=MentionInSerializer(many=True, min_length=1, max_length=settings.NEGATIVITY_MAX_BATCH),
        responses={201: IngestResultSerializer},
    )
    def create(self, request, *args, **kwargs):
        result = apply_rows(
            request.data,
            MentionInSerializer,
            max_rows=settings.NEGATIVITY_MAX_BATCH,
            apply=lambda rows: services.mentions_ingest(
                workspace=self.workspace, rows=rows, actor=self.actor, token=self.token, via="api"
            ),
        )
        return Response(
            {"created": result.created, "updated": result.updated, "created_ids": result.created_ids},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=CorrectionSerializer, responses={200: MentionSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, *args, **kwargs):
        data = CorrectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mention = services.mention_correct(
            workspace=self.workspace, mention=self.get_object(), actor=self.actor, **data.validated_data
        )
        return Response(MentionSerializer(mention, context=self.get_serializer_context()).data)

    @extend_schema(request=ResolveSerializer, responses={200: MentionSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mention = services.mention_resolve(
            workspace=self.workspace, mention=self.get_object(), actor=self.actor, **data.validated_data
        )
        return Response(MentionSerializer(mention, context=self.get_serializer_context()).data)

    @extend_schema(
        request=BulkActionSerializer,
        responses={200: inline_serializer("BulkResult", {"changed": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        data = BulkActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = services.mentions_bulk_update(
            workspace=self.workspace, actor=self.actor, **data.validated_data
        )
        return Response({"changed": changed})


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    """Coordinated attacks and bursts found by attack detection."""

    queryset = Incident.objects.all()
    serializer_class = IncidentSerializer
    filterset_fields = ["kind", "status"]
    token_scope = "mentions:write"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("mentions").order_by("-opened_at")

    @extend_schema(request=IncidentStatusSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, *args, **kwargs):
        data = IncidentStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = services.incident_set_status(
            workspace=self.workspace,
            incident=self.get_object(),
            actor=self.actor,
            status=data.validated_data["status"],
        )
        return Response(IncidentSerializer(incident, context=self.get_serializer_context()).data)


class ResponseTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """Reply playbooks per category; the body may use {author}, {order_number}, {brand}, {topic}, {manager}."""

    queryset = ResponseTemplate.objects.all()
    serializer_class = ResponseTemplateSerializer
    filterset_fields = ["category", "language"]
    token_scope = "mentions:write"

    def perform_create(self, serializer):
        serializer.instance = services.response_template_save(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.response_template_save(
            workspace=self.workspace,
            template=serializer.instance,
            actor=self.actor,
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.response_template_delete(workspace=self.workspace, template=instance, actor=self.actor)


class RoutingRuleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """Routing rules, applied in ``position`` order to every arriving mention."""

    queryset = RoutingRule.objects.all()
    serializer_class = RoutingRuleSerializer
    permission_by_action = {
        "create": perms.APPROVE,
        "update": perms.APPROVE,
        "partial_update": perms.APPROVE,
        "destroy": perms.APPROVE,
    }

    def _save(self, serializer, rule=None):
        data = {
            **(
                {}
                if rule is None
                else {
                    "name": rule.name,
                    "conditions": rule.conditions,
                    "actions": rule.actions,
                    "position": rule.position,
                    "is_active": rule.is_active,
                    "stop_processing": rule.stop_processing,
                }
            ),
            **serializer.validated_data,
        }
        data["conditions"] = [dict(c) for c in data["conditions"]]
        data["actions"] = [dict(a) for a in data["actions"]]
        serializer.instance = services.routing_rule_save(
            workspace=self.workspace, rule=rule, actor=self.actor, **data
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, rule=serializer.instance)

    def perform_destroy(self, instance):
        services.routing_rule_delete(workspace=self.workspace, rule=instance, actor=self.actor)


SIGNATURE_TOLERANCE_SECONDS = 300


def signature_for(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` (the outbound webhooks' format)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_valid(secret: str, body: bytes, header: str, *, now: float | None = None) -> bool:
    """True for a signature of ``body`` made with ``secret`` at most SIGNATURE_TOLERANCE_SECONDS
    ago (or ahead): a captured request cannot be replayed later."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or len(stamp) > 12 or not given:
        return False
    now = time.time() if now is None else now
    if abs(now - int(stamp)) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(signature_for(secret, body, int(stamp)), f"t={stamp},v1={given}")


class InboundWebhookThrottle(SimpleRateThrottle):
    """Requests per workspace and sending address (``THROTTLE_INBOUND``), signed or not."""

    scope = "mentions_inbound"

    def get_rate(self):
        return settings.THROTTLE_INBOUND

    def get_cache_key(self, request, view):
        slug = view.kwargs.get("workspace_slug", "")
        return self.cache_format % {"scope": self.scope, "ident": f"{slug}:{self.get_ident(request)}"}


class InboundWebhookView(APIView):
    """Monitoring tools POST mentions here: body = a list of mentions (or ``{"mentions": [...]}``),
    header ``X-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the
    workspace's secret>``. A missing, wrong or stale (more than 5 minutes off) signature, or a
    workspace without a secret, is 401; too many calls are 429; otherwise as the bulk mentions
    endpoint (400 with row numbers, 413 over the batch size)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [InboundWebhookThrottle]

    @extend_schema(
        request=MentionInSerializer(many=True, min_length=1, max_length=settings.NEGATIVITY_MAX_BATCH),
        responses={201: IngestResultSerializer},
        auth=[],
        parameters=[
            OpenApiParameter(SIGNATURE_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True)
        ],
    )
    def post(self, request, workspace_slug: str):
        body = request.body
        given = request.headers.get(SIGNATURE_HEADER, "")
        secret = (
            WebhookSecret.objects.filter(workspace__slug=workspace_slug).select_related("workspace").first()
        )
        if secret is None or not given or not signature_valid(secret.secret, body, given):
            return Response(
                error_body(_("Invalid signature."), code="invalid_signature"),
                status=status.HTTP_401_UNAUTHORIZED,
            )
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            raise AppError(
                _("The body is not JSON."), errors={"non_field_errors": [_("Send JSON.")]}
            ) from None
        refuse_lone_surrogates(payload)
        rows = payload.get("mentions") if isinstance(payload, dict) else payload
        result = apply_rows(
            rows,
            MentionInSerializer,
            max_rows=settings.NEGATIVITY_MAX_BATCH,
            apply=lambda checked: services.mentions_ingest(
                workspace=secret.workspace, rows=checked, via="webhook"
            ),
        )
        return Response(
            {"created": result.created, "updated": result.updated, "created_ids": result.created_ids},
            status=status.HTTP_201_CREATED,
        )


workspace_router = SimpleRouter()
workspace_router.register("mentions", MentionViewSet, basename="mention")
workspace_router.register("incidents", IncidentViewSet, basename="incident")
workspace_router.register("response-templates", ResponseTemplateViewSet, basename="response-template")
workspace_router.register("routing-rules", RoutingRuleViewSet, basename="routing-rule")

extra_workspace_urls = [
    path("mentions-inbound/", InboundWebhookView.as_view(), name="mentions-inbound"),
]
