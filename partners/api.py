"""REST API of partners: ``partners/``, ``negotiations/``, ``deals/``, ``deliverables/`` and
``campaigns/{id}/partner-shortlist/`` under ``/api/v1/workspaces/{slug}/``."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.api_base import WorkspaceAPIMixin, WorkspaceRelatedField, WorkspaceViewSet
from campaigns.enums import Channel
from campaigns.models import Campaign

from . import rules, scoring, selectors, services
from .enums import Currency, PartnerKind, Stage
from .models import Deal, Deliverable, Negotiation, Partner, PartnerChannel

TOKEN_SCOPE = "partners:write"


# --- serializers -------------------------------------------------------------------------------


class PartnerChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerChannel
        fields = ["id", "platform", "url", "handle", "audience_size", "engagement_rate"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if not attrs.get("url") and not attrs.get("handle"):
            raise serializers.ValidationError({"url": ["Give the channel's link or handle."]})
        return attrs


class PriceEntrySerializer(serializers.Serializer):
    item = serializers.CharField(max_length=100)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"))
    currency = serializers.ChoiceField(choices=Currency.choices, default=Currency.RUB)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        value["price"] = str(value["price"])
        return value


class PartnerSerializer(serializers.ModelSerializer):
    channels = PartnerChannelSerializer(many=True, required=False)
    price_list = PriceEntrySerializer(many=True, required=False)
    topics = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    geography = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False)

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "kind",
            "channels",
            "topics",
            "geography",
            "demographics",
            "price_list",
            "contacts",
            "tags",
            "notes",
            "stage",
            "rating",
            "audience_total",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "stage", "created_at", "updated_at"]


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)


class ImportRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    platform = serializers.CharField()
    url = serializers.CharField(required=False, allow_blank=True)
    handle = serializers.CharField(required=False, allow_blank=True)
    audience_size = serializers.CharField()
    engagement_rate = serializers.CharField(required=False, allow_blank=True)
    topics = serializers.CharField(required=False, allow_blank=True, help_text="comma-separated")
    price = serializers.CharField(required=False, allow_blank=True)
    currency = serializers.CharField(required=False, allow_blank=True)


class BulkImportSerializer(serializers.Serializer):
    rows = serializers.ListField(child=serializers.DictField(), max_length=5000)


class BulkImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.DictField(child=serializers.CharField())


class NegotiationSerializer(serializers.ModelSerializer):
    partner = WorkspaceRelatedField(queryset=Partner.objects.all())
    deal = WorkspaceRelatedField(queryset=Deal.objects.all(), required=False, allow_null=True)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True
    )
    author = serializers.SerializerMethodField()

    class Meta:
        model = Negotiation
        fields = [
            "id",
            "partner",
            "deal",
            "kind",
            "happened_at",
            "summary",
            "amount",
            "currency",
            "terms",
            "next_step",
            "next_step_due",
            "next_step_done",
            "author",
            "created_at",
        ]
        read_only_fields = ["id", "next_step_done", "author", "created_at"]
        extra_kwargs = {"happened_at": {"required": False}}

    def get_author(self, obj) -> str | None:
        return obj.author.display_name if obj.author_id else None


class DeliverableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deliverable
        fields = [
            "id",
            "title",
            "kind",
            "channel",
            "due_at",
            "status",
            "erid",
            "published_url",
            "published_at",
            "reach",
            "clicks",
        ]
        read_only_fields = ["id", "published_at"]


class DeliverableUpdateSerializer(DeliverableSerializer):
    class Meta(DeliverableSerializer.Meta):
        extra_kwargs = {
            "title": {"required": False},
            "kind": {"required": False},
            "channel": {"required": False},
            "due_at": {"required": False},
        }


class DealResultsSerializer(serializers.Serializer):
    reach = serializers.IntegerField()
    clicks = serializers.IntegerField()
    conversions = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=14, decimal_places=2)
    cpa = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    roi = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    verdict = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class DealSerializer(serializers.ModelSerializer):
    partner = WorkspaceRelatedField(queryset=Partner.objects.all())
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all())
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"))
    deliverables = DeliverableSerializer(many=True, required=False)
    tracking_url = serializers.CharField(read_only=True)
    results = serializers.SerializerMethodField()

    class Meta:
        model = Deal
        fields = [
            "id",
            "partner",
            "campaign",
            "title",
            "price",
            "currency",
            "terms",
            "payment_status",
            "erid",
            "landing_url",
            "utm_campaign",
            "tracking_url",
            "status",
            "signed_at",
            "completed_at",
            "deliverables",
            "results",
            "created_at",
        ]
        read_only_fields = ["id", "status", "signed_at", "completed_at", "created_at"]
        extra_kwargs = {"title": {"required": False}, "utm_campaign": {"required": False}}

    @extend_schema_field(DealResultsSerializer(allow_null=True))
    def get_results(self, obj) -> dict | None:
        if not hasattr(obj, "reach_total"):
            return None
        r = selectors.results_of(obj)
        max_cpa = obj.campaign.goal.max_cost_per_result if getattr(obj.campaign, "goal", None) else None
        verdict, reasons = rules.work_again_verdict(r, max_cpa=max_cpa)
        return {
            "reach": r.reach,
            "clicks": r.clicks,
            "conversions": r.conversions,
            "revenue": str(r.revenue),
            "cpa": None if r.cpa is None else str(r.cpa),
            "roi": None if r.roi is None else str(r.roi),
            "verdict": verdict,
            "reasons": [str(x) for x in reasons],
        }


class DealUpdateSerializer(DealSerializer):
    class Meta(DealSerializer.Meta):
        read_only_fields = [
            *DealSerializer.Meta.read_only_fields,
            "partner",
            "campaign",
            "utm_campaign",
            "deliverables",
        ]


class ShortlistReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class ShortlistEntrySerializer(serializers.Serializer):
    partner = PartnerSerializer()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    reason_codes = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.CharField())


class ShortlistSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    candidates = serializers.IntegerField()
    results = ShortlistEntrySerializer(many=True)


# --- filters -----------------------------------------------------------------------------------


class PartnerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices)
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    platform = django_filters.ChoiceFilter(choices=Channel.choices, method="filter_platform")
    topic = django_filters.CharFilter(method="filter_topic")
    q = django_filters.CharFilter(method="filter_q", label="search in name, notes and handles")
    audience_min = django_filters.NumberFilter(field_name="audience_total", lookup_expr="gte")
    audience_max = django_filters.NumberFilter(field_name="audience_total", lookup_expr="lte")

    class Meta:
        model = Partner
        fields = ["kind", "stage"]

    def _via_selector(self, queryset, key, value):
        if not value:
            return queryset
        matching = selectors.partners_for(workspace=self.request.workspace, filters={key: value})
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_platform(self, queryset, name, value):
        return self._via_selector(queryset, "platform", value)

    def filter_topic(self, queryset, name, value):
        return self._via_selector(queryset, "topic", value)

    def filter_q(self, queryset, name, value):
        return self._via_selector(queryset, "q", value)


class NegotiationFilter(django_filters.FilterSet):
    class Meta:
        model = Negotiation
        fields = ["partner", "deal", "kind", "next_step_done"]


class DealFilter(django_filters.FilterSet):
    class Meta:
        model = Deal
        fields = ["partner", "campaign", "status", "payment_status", "currency"]


# --- views -------------------------------------------------------------------------------------


class PartnerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """Partner directory with nested channels; ``move/`` walks the pipeline, ``bulk/`` imports."""

    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    ordering_fields = ["name", "created_at", "rating", "audience_total"]
    token_scope = TOKEN_SCOPE

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Partner.objects.none()
        return selectors.partners_for(workspace=self.workspace)

    def perform_create(self, serializer):
        serializer.instance = services.partner_create(
            workspace=self.workspace, actor=self.actor, token=self.token, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.partner_update(
            partner=serializer.instance, actor=self.actor, token=self.token, data=serializer.validated_data
        )

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data = PartnerSerializer(self.get_queryset().get(pk=response.data["id"])).data
        return response

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return Response(PartnerSerializer(self.get_queryset().get(pk=kwargs["pk"])).data)

    def perform_destroy(self, instance):
        services.partner_delete(partner=instance, actor=self.actor, token=self.token)

    @extend_schema(request=MoveSerializer, responses={200: PartnerSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        partner = self.get_object()
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.partner_move(
            partner=partner, stage=payload.validated_data["stage"], actor=self.actor, token=self.token
        )
        return Response(PartnerSerializer(self.get_queryset().get(pk=partner.pk)).data)

    @extend_schema(request=BulkImportSerializer, responses={201: BulkImportResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        payload = BulkImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.partners_bulk_import(
            workspace=self.workspace, actor=self.actor, token=self.token, rows=payload.validated_data["rows"]
        )
        return Response(result, status=status.HTTP_201_CREATED)


class NegotiationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, WorkspaceViewSet
):
    """The negotiation log: calls, emails, meetings, messages, offers and counter-offers."""

    queryset = Negotiation.objects.select_related("author")
    serializer_class = NegotiationSerializer
    filterset_class = NegotiationFilter
    ordering_fields = ["happened_at", "next_step_due"]
    token_scope = TOKEN_SCOPE

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        partner = data.pop("partner")
        serializer.instance = services.negotiation_log(
            partner=partner, actor=self.actor, token=self.token, data=data
        )


class DealViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    WorkspaceViewSet,
):
    """Deals with deliverables and results; POST closes a deal (deliverables land in the calendar)."""

    queryset = Deal.objects.all()
    serializer_class = DealSerializer
    filterset_class = DealFilter
    ordering_fields = ["created_at", "price"]
    token_scope = TOKEN_SCOPE

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Deal.objects.none()
        return (
            selectors.deals_for(workspace=self.workspace)
            .select_related("campaign__goal")
            .prefetch_related("deliverables")
        )

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return DealUpdateSerializer
        return DealSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        partner, campaign = data.pop("partner"), data.pop("campaign")
        serializer.instance = services.deal_close(
            partner=partner, campaign=campaign, actor=self.actor, token=self.token, data=data
        )

    def perform_update(self, serializer):
        serializer.instance = services.deal_update(
            deal=serializer.instance, actor=self.actor, token=self.token, data=serializer.validated_data
        )

    def _fresh(self, pk, code=status.HTTP_200_OK):
        return Response(DealSerializer(self.get_queryset().get(pk=pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self._fresh(serializer.instance.pk, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return self._fresh(kwargs["pk"])

    @extend_schema(request=None, responses={200: DealSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        deal = self.get_object()
        services.deal_complete(deal=deal, actor=self.actor, token=self.token)
        return self._fresh(deal.pk)

    @extend_schema(request=None, responses={200: DealSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        deal = self.get_object()
        services.deal_cancel(deal=deal, actor=self.actor, token=self.token)
        return self._fresh(deal.pk)


class DeliverableViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, WorkspaceViewSet
):
    """Deliverables of deals: PATCH records progress (status, link, reach, clicks)."""

    queryset = Deliverable.objects.select_related("deal")
    serializer_class = DeliverableSerializer
    filterset_fields = ["deal", "status", "channel", "kind"]
    ordering_fields = ["due_at"]
    token_scope = TOKEN_SCOPE

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return DeliverableUpdateSerializer
        return DeliverableSerializer

    def perform_update(self, serializer):
        serializer.instance = services.deliverable_update(
            deliverable=serializer.instance,
            actor=self.actor,
            token=self.token,
            data=serializer.validated_data,
        )


class PartnerShortlistView(WorkspaceAPIMixin, GenericAPIView):
    """GET the campaign's ranked partner shortlist: ``score`` (0-100) and line-by-line ``reasons``."""

    queryset = Campaign.objects.all()
    serializer_class = ShortlistSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT, description="how many partners (1-500, default 50)")
        ],
        responses={200: ShortlistSerializer},
    )
    def get(self, request, *args, **kwargs):
        campaign = Campaign.objects.for_workspace(self.workspace).filter(pk=kwargs["pk"]).first()
        if campaign is None:
            raise Http404
        try:
            limit = min(max(int(request.query_params.get("limit", 50)), 1), 500)
        except ValueError:
            limit = 50
        count, entries = selectors.shortlist(campaign=campaign, limit=limit)
        results = [
            {
                "partner": PartnerSerializer(e.partner).data,
                "score": e.score,
                "reasons": [scoring.reason_text(r["code"], r["params"]) for r in e.reasons],
                "reason_codes": [r["code"] for r in e.reasons],
                "flags": e.flags,
            }
            for e in entries
        ]
        return Response({"campaign": campaign.pk, "candidates": count, "results": results})


workspace_router = SimpleRouter()
workspace_router.register("partners", PartnerViewSet, basename="partner")
workspace_router.register("negotiations", NegotiationViewSet, basename="negotiation")
workspace_router.register("deals", DealViewSet, basename="deal")
workspace_router.register("deliverables", DeliverableViewSet, basename="deliverable")

extra_workspace_urls = [
    path(
        "campaigns/<int:pk>/partner-shortlist/",
        PartnerShortlistView.as_view(),
        name="campaign-partner-shortlist",
    ),
]
