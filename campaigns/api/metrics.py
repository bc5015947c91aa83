"""Daily metric rows: ``metrics/`` (list, bulk upsert)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import services
from ..enums import Channel
from ..models import MetricDaily
from ._common import ERROR, BulkViewSet

METRICS_RESULT = inline_serializer(
    "MetricsBatchResult",
    {
        "received": serializers.IntegerField(help_text="Rows in the batch."),
        "created": serializers.IntegerField(help_text="Rows for a new (campaign, channel, date)."),
        "updated": serializers.IntegerField(help_text="Stored rows whose figures changed."),
        "unchanged": serializers.IntegerField(
            help_text="Stored rows that already held the figures sent: not rewritten, `updated_at` kept."
        ),
        "campaigns": serializers.IntegerField(help_text="Distinct campaigns in the batch."),
    },
)


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = MetricDaily
        fields = [
            "id",
            "campaign",
            "channel",
            "date",
            "impressions",
            "reach",
            "clicks",
            "engagements",
            "followers",
            "posts",
            "leads",
            "sales",
            "revenue",
            "spend",
            "updated_at",
        ]
        read_only_fields = fields


class MetricFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = MetricDaily
        fields = ["campaign", "channel", "date"]


class MetricRowInSerializer(serializers.Serializer):
    """One daily metric row of ``POST metrics/`` (the key, then the figures to store)."""

    campaign = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    channel = serializers.ChoiceField(choices=Channel.choices)
    date = serializers.DateField()
    impressions = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    reach = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    clicks = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    engagements = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    followers = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    posts = serializers.IntegerField(min_value=0, max_value=services.MAX_SMALL_COUNT, required=False)
    leads = serializers.IntegerField(min_value=0, max_value=services.MAX_SMALL_COUNT, required=False)
    sales = serializers.IntegerField(min_value=0, max_value=services.MAX_SMALL_COUNT, required=False)
    revenue = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=services.MAX_MONEY, required=False
    )
    spend = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=services.MAX_MONEY, required=False
    )


@extend_schema_view(
    create=extend_schema(
        request=MetricRowInSerializer(many=True, min_length=1, max_length=services.METRICS_MAX_BATCH),
        responses={200: METRICS_RESULT, 400: ERROR, 413: ERROR},
        description=(
            "Upsert daily metric rows by (campaign, channel, date). A row updates only the fields it "
            "sends (a new row starts the others at 0); with `mode=replace` (query parameter, or "
            '`{"mode": "replace", "rows": [...]}`) each row replaces the stored one and a field left '
            "out becomes 0. A stored row that already holds the figures sent is left as it is "
            "(counted `unchanged`, its `updated_at` kept); `created + updated + unchanged = received`. "
            f"At most {services.METRICS_MAX_BATCH} rows per request (more: 413). Any "
            "invalid row rejects the whole batch with `errors.rows` keyed by the row index (from 0): "
            '`{"3": {"date": [...]}}`.'
        ),
        parameters=[
            OpenApiParameter(
                "mode",
                str,
                OpenApiParameter.QUERY,
                enum=list(services.METRICS_MODES),
                description="merge (default): update only the sent fields; replace: replace whole rows.",
            )
        ],
    )
)
class MetricViewSet(BulkViewSet):
    queryset = MetricDaily.objects.all()
    serializer_class = MetricSerializer
    row_serializer = MetricRowInSerializer
    max_rows = services.METRICS_MAX_BATCH
    filterset_class = MetricFilter
    ordering_fields = ["date", "campaign"]
    token_scope = "metrics:write"

    def create(self, request, *args, **kwargs):
        data = request.data
        mode = request.query_params.get("mode") or (data.get("mode") if isinstance(data, dict) else None)
        result = self.apply(request, services.metrics_upsert, mode=mode or "merge")
        return Response(result, status=status.HTTP_200_OK)
