"""CRM conversions: ``conversions/`` (list, bulk record, idempotent by ``external_id``)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import services
from ..models import Conversion
from ._common import BATCH_RESULT, ERROR, BulkViewSet


class ConversionInSerializer(serializers.Serializer):
    """One conversion of ``POST conversions/``: by ``campaign`` id, or else by ``utm_campaign``."""

    external_id = serializers.CharField(max_length=120)
    campaign = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    utm_campaign = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=["lead", "sale"])
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=services.MAX_MONEY
    )
    occurred_at = serializers.DateTimeField()


class ConversionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Conversion
        fields = [
            "id",
            "external_id",
            "campaign",
            "utm_campaign",
            "kind",
            "amount",
            "occurred_at",
            "created_at",
        ]
        read_only_fields = fields


class ConversionFilter(django_filters.FilterSet):
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte")

    class Meta:
        model = Conversion
        fields = ["campaign", "kind", "utm_campaign", "external_id"]


@extend_schema_view(
    create=extend_schema(
        request=ConversionInSerializer(many=True, min_length=1, max_length=services.CONVERSIONS_MAX_BATCH),
        responses={200: BATCH_RESULT, 400: ERROR, 413: ERROR},
        description=(
            "Record CRM conversions, idempotent by `external_id` (sending one again updates it). "
            "Attribute each by `campaign` (id) or `utm_campaign`. At most "
            f"{services.CONVERSIONS_MAX_BATCH} per request (more: 413); any invalid row rejects the batch."
        ),
    )
)
class ConversionViewSet(BulkViewSet):
    queryset = Conversion.objects.all()
    serializer_class = ConversionSerializer
    row_serializer = ConversionInSerializer
    max_rows = services.CONVERSIONS_MAX_BATCH
    filterset_class = ConversionFilter
    ordering_fields = ["occurred_at"]
    token_scope = "conversions:write"

    def create(self, request, *args, **kwargs):
        result = self.apply(request, services.conversions_record)
        return Response(result, status=status.HTTP_200_OK)
