"""REST API of the campaigns area (DESIGN.md): goals, campaigns (+ workflow actions, alignment,
save-as-template), metrics and conversions (bulk, all-or-nothing), segments, trends, templates."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.api_base import WorkspaceRelatedField, WorkspaceViewSet
from smm_platform.bulk import apply_rows

from . import figures, selectors, services
from .alignment import render_reason
from .enums import Channel, KpiMetric
from .models import (
    KPI,
    AudienceSegment,
    BusinessGoal,
    Campaign,
    CampaignTemplate,
    Conversion,
    MetricDaily,
    Trend,
    TrendTrial,
)
from .workflow import TRANSITIONS

User = get_user_model()


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id limited to members of the request's workspace."""

    def get_queryset(self):
        workspace = self.context.get("workspace")
        if workspace is None:
            return User.objects.none()
        return User.objects.filter(memberships__workspace=workspace)


def _channels_field(**kwargs):
    return serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), **kwargs)


ERROR = OpenApiResponse(
    inline_serializer("Error", {"detail": serializers.CharField(), "errors": serializers.DictField()}),
    description="`{detail, errors}`",
)


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """CRUD whose writes go through the area's services (``create_service`` etc.)."""

    token_scope = "campaigns:write"
    create_service = update_service = delete_service = None
    instance_kwarg = ""

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            workspace=self.workspace, actor=self.actor, token=self.token, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            **{self.instance_kwarg: serializer.instance},
            actor=self.actor,
            token=self.token,
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        type(self).delete_service(**{self.instance_kwarg: instance}, actor=self.actor, token=self.token)


# --- figures (campaigns/figures.py: the one definition every screen shares) ------------------


class FiguresListSerializer(serializers.ListSerializer):
    """Computes the figures of a whole page at once (a constant number of queries) and hands
    them to each item through the context."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self.context["figures"] = self.child.figures_for(items, self.context.get("workspace"))
        return super().to_representation(items)


class FiguresMixin:
    def figure(self, instance):
        found = self.context.get("figures")
        if found is None or instance.pk not in found:
            found = self.context["figures"] = {
                **(found or {}),
                **self.figures_for([instance], getattr(instance, "workspace", None)),
            }
        return found[instance.pk]


def _decimal_text(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _percent_number(value) -> float | None:
    return None if value is None else float(value)


class ResultsSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=["crm", "metrics", "crm+metrics"])
    leads = serializers.IntegerField()
    sales = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)
    spend = serializers.DecimalField(max_digits=16, decimal_places=2)
    reach = serializers.IntegerField()
    impressions = serializers.IntegerField()
    clicks = serializers.IntegerField()
    cost_per_lead = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    cost_per_sale = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    cost_per_result = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    romi = serializers.FloatField(allow_null=True, help_text="percent")


def _results_data(results: figures.Results, target_metric: str | None) -> dict:
    return {
        "source": results.source,
        "leads": results.leads,
        "sales": results.sales,
        "revenue": _decimal_text(results.revenue),
        "spend": _decimal_text(results.spend),
        "reach": results.reach,
        "impressions": results.impressions,
        "clicks": results.clicks,
        "cost_per_lead": _decimal_text(results.cost_per_lead),
        "cost_per_sale": _decimal_text(results.cost_per_sale),
        "cost_per_result": _decimal_text(results.cost_per_result(target_metric)),
        "romi": _percent_number(results.romi),
    }


# --- goals -----------------------------------------------------------------------------------


class GoalSerializer(FiguresMixin, serializers.ModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    parent = WorkspaceRelatedField(queryset=BusinessGoal.objects.all(), required=False, allow_null=True)
    actual = serializers.SerializerMethodField(
        help_text="The goal's target metric over its period (docs/FIGURES.md), as the screens show it."
    )
    progress = serializers.SerializerMethodField(help_text="actual / target_value x 100; may pass 100.")
    results = serializers.SerializerMethodField()

    @staticmethod
    def figures_for(goals, workspace):
        if not goals:
            return {}
        return figures.goal_figures(workspace=workspace or goals[0].workspace, goals=goals)

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_actual(self, goal) -> str:
        return _decimal_text(Decimal(self.figure(goal).actual))

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, goal) -> float | None:
        return _percent_number(self.figure(goal).progress)

    @extend_schema_field(ResultsSerializer)
    def get_results(self, goal) -> dict:
        return _results_data(self.figure(goal).results, goal.target_metric)

    class Meta:
        model = BusinessGoal
        fields = [
            "id",
            "name",
            "kind",
            "target_metric",
            "target_value",
            "starts_on",
            "ends_on",
            "owner",
            "parent",
            "description",
            "max_cost_per_result",
            "actual",
            "progress",
            "results",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        list_serializer_class = FiguresListSerializer


class GoalFilter(django_filters.FilterSet):
    active_on = django_filters.DateFilter(method="filter_active_on")

    class Meta:
        model = BusinessGoal
        fields = ["kind", "target_metric", "owner", "parent"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class GoalViewSet(ServiceViewSet):
    queryset = BusinessGoal.objects.select_related("owner", "parent")
    serializer_class = GoalSerializer
    filterset_class = GoalFilter
    ordering_fields = ["starts_on", "ends_on", "name"]
    create_service, update_service, delete_service = (
        staticmethod(services.goal_create),
        staticmethod(services.goal_update),
        staticmethod(services.goal_delete),
    )
    instance_kwarg = "goal"


class TemplateKPISerializer(serializers.Serializer):
    metric = serializers.ChoiceField(choices=KpiMetric.choices)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class PlanEntrySerializer(serializers.Serializer):
    day_offset = serializers.IntegerField(min_value=0, max_value=services.TEMPLATE_MAX_DAYS)
    title = serializers.CharField(max_length=200)
    kind = serializers.CharField(max_length=40, required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True)


class CampaignTemplateSerializer(serializers.ModelSerializer):
    channels = _channels_field(required=False)
    kpi_targets = TemplateKPISerializer(many=True, required=False)
    plan = PlanEntrySerializer(many=True, required=False)
    budget_split = serializers.DictField(
        child=serializers.FloatField(min_value=0, max_value=1), required=False
    )

    class Meta:
        model = CampaignTemplate
        fields = [
            "id",
            "name",
            "description",
            "objective",
            "goal_kind",
            "channels",
            "duration_days",
            "budget",
            "budget_split",
            "kpi_targets",
            "plan",
            "source_campaign",
            "created_at",
        ]
        read_only_fields = ["source_campaign", "created_at"]
        extra_kwargs = {"duration_days": {"max_value": services.TEMPLATE_MAX_DAYS}}

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "kpi_targets" in values:
            values["kpi_targets"] = [
                {"metric": k["metric"], "target_value": str(k["target_value"])} for k in values["kpi_targets"]
            ]
        if "plan" in values:
            values["plan"] = [dict(p) for p in values["plan"]]
        return values


# --- campaigns -------------------------------------------------------------------------------


class KPISerializer(serializers.ModelSerializer):
    metric = serializers.ChoiceField(choices=KpiMetric.choices)

    class Meta:
        model = KPI
        fields = ["metric", "target_value"]


class AlignmentSummarySerializer(serializers.Serializer):
    verdict = serializers.CharField()
    checked_at = serializers.DateTimeField(allow_null=True)


class CampaignSerializer(FiguresMixin, serializers.ModelSerializer):
    goal = WorkspaceRelatedField(queryset=BusinessGoal.objects.all(), required=False, allow_null=True)
    channels = _channels_field()
    segments = WorkspaceRelatedField(queryset=AudienceSegment.objects.all(), many=True, required=False)
    owner = MemberField(required=False, allow_null=True)
    kpis = KPISerializer(many=True, required=False)
    alignment = serializers.SerializerMethodField()
    actual = serializers.SerializerMethodField(
        help_text="This campaign's value of its goal's target metric in the goal's period (null without a goal)."
    )
    progress = serializers.SerializerMethodField(
        help_text="actual as a percent of the goal's target (its share of the goal); may pass 100."
    )
    results = serializers.SerializerMethodField(help_text="The campaign's own results over its own dates.")

    @staticmethod
    def figures_for(campaigns, workspace):
        return figures.campaign_figures(campaigns=campaigns)

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True))
    def get_actual(self, campaign) -> str | None:
        actual = self.figure(campaign).actual
        return None if actual is None else _decimal_text(Decimal(actual))

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, campaign) -> float | None:
        return _percent_number(self.figure(campaign).progress)

    @extend_schema_field(ResultsSerializer)
    def get_results(self, campaign) -> dict:
        goal = campaign.goal
        return _results_data(self.figure(campaign).results, goal.target_metric if goal else None)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "objective",
            "goal",
            "channels",
            "budget",
            "starts_on",
            "ends_on",
            "status",
            "segments",
            "kpis",
            "description",
            "utm_campaign",
            "owner",
            "template",
            "alignment",
            "actual",
            "progress",
            "results",
            "approved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "template", "approved_at", "created_at", "updated_at"]
        list_serializer_class = FiguresListSerializer

    @extend_schema_field(AlignmentSummarySerializer)
    def get_alignment(self, campaign) -> dict:
        return {"verdict": campaign.alignment_verdict, "checked_at": campaign.alignment_checked_at}

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "kpis" in values:
            values["kpis"] = [dict(k) for k in values["kpis"]]
        return values

    def validate(self, attrs):
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError(
                {"ends_on": ["The end date must not be before the start date."]}
            )
        return attrs


class CampaignFilter(django_filters.FilterSet):
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    verdict = django_filters.CharFilter(field_name="alignment_verdict")
    channel = django_filters.CharFilter(method="filter_channel")

    class Meta:
        model = Campaign
        fields = ["status", "objective", "goal", "owner", "template"]

    def filter_channel(self, queryset, name, value):
        # ``channels`` is a JSON list of codes; match the quoted code so "vk" is not "vk_video".
        return queryset.filter(channels__icontains=f'"{value}"')


class AlignmentSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    verdict = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    reason_codes = serializers.ListField(child=serializers.DictField())
    checked_at = serializers.DateTimeField(allow_null=True)
    history = serializers.ListField(child=serializers.DictField())


class TransitionResultSerializer(CampaignSerializer):
    changed = serializers.BooleanField(read_only=True)


WORKFLOW_ACTIONS = tuple(TRANSITIONS)


class CampaignViewSet(ServiceViewSet):
    queryset = Campaign.objects.select_related("goal", "owner", "template").prefetch_related(
        "segments", Prefetch("kpis", queryset=KPI.objects.order_by("metric"))
    )
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    ordering_fields = ["starts_on", "ends_on", "name", "budget", "status"]
    permission_by_action = {name: t.permission for name, t in TRANSITIONS.items()}
    create_service, update_service, delete_service = (
        staticmethod(services.campaign_create),
        staticmethod(services.campaign_update),
        staticmethod(services.campaign_delete),
    )
    instance_kwarg = "campaign"

    def _transition(self, request, name):
        campaign, changed = services.campaign_transition(
            campaign=self.get_object(), action=name, actor=self.actor, token=self.token
        )
        data = CampaignSerializer(campaign, context=self.get_serializer_context()).data
        data["changed"] = changed
        return Response(data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: AlignmentSerializer},
        description="The latest verdict with its reasons in the caller's language, and the history.",
    )
    @extend_schema(
        methods=["POST"],
        request=None,
        responses={202: inline_serializer("AlignmentQueued", {"queued": serializers.BooleanField()})},
        description="Queue a re-check of this campaign.",
    )
    @action(detail=True, methods=["get", "post"])
    def alignment(self, request, *args, **kwargs):
        campaign = self.get_object()
        if request.method == "POST":
            services.alignment_request_check(campaign=campaign)
            return Response({"queued": True}, status=status.HTTP_202_ACCEPTED)
        history = selectors.alignment_history(campaign=campaign)[:50]
        return Response(
            {
                "campaign": campaign.pk,
                "verdict": campaign.alignment_verdict,
                "reasons": [render_reason(r) for r in campaign.alignment_reasons],
                "reason_codes": campaign.alignment_reasons,
                "checked_at": campaign.alignment_checked_at,
                "history": [
                    {
                        "verdict": h.verdict,
                        "previous_verdict": h.previous_verdict or None,
                        "checked_at": h.checked_at,
                        "reasons": [render_reason(r) for r in h.reasons],
                    }
                    for h in history
                ],
            }
        )

    @extend_schema(
        request=inline_serializer("SaveAsTemplate", {"name": serializers.CharField(required=False)}),
        responses={201: CampaignTemplateSerializer},
    )
    @action(detail=True, methods=["post"], url_path="save-as-template")
    def save_as_template(self, request, *args, **kwargs):
        name = str(request.data.get("name") or "")[:200] if isinstance(request.data, dict) else ""
        template = services.template_from_campaign(
            campaign=self.get_object(), actor=self.actor, token=self.token, name=name
        )
        data = CampaignTemplateSerializer(template, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


def _workflow_action(name):
    def handler(self, request, *args, **kwargs):
        return self._transition(request, name)

    handler.__name__ = name
    handler = extend_schema(
        request=None,
        responses={200: TransitionResultSerializer, 403: ERROR, 409: ERROR},
        description=f"Workflow: {TRANSITIONS[name].action} (to {TRANSITIONS[name].target}).",
    )(handler)
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(handler)


for _name in WORKFLOW_ACTIONS:
    setattr(CampaignViewSet, _name, _workflow_action(_name))


# --- metrics and conversions -----------------------------------------------------------------


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


BATCH_RESULT = inline_serializer(
    "BatchResult",
    {
        "received": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
    },
)


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
    posts = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    leads = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    sales = serializers.IntegerField(min_value=0, max_value=services.MAX_COUNT, required=False)
    revenue = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=services.MAX_MONEY, required=False
    )
    spend = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=services.MAX_MONEY, required=False
    )


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


class BulkViewSet(mixins.ListModelMixin, WorkspaceViewSet):
    """GET lists rows; POST takes a JSON list (or ``{"rows": [...]}``) stored all-or-nothing,
    checked against ``row_serializer`` first (``smm_platform.bulk``)."""

    row_serializer: type[serializers.Serializer]
    max_rows = 5000

    def apply(self, request, service, **extra):
        return apply_rows(
            request.data,
            self.row_serializer,
            max_rows=self.max_rows,
            apply=lambda rows: service(
                workspace=self.workspace, actor=self.actor, token=self.token, rows=rows, **extra
            ),
        )


@extend_schema_view(
    create=extend_schema(
        request=MetricRowInSerializer(many=True, min_length=1, max_length=services.METRICS_MAX_BATCH),
        responses={200: BATCH_RESULT, 400: ERROR, 413: ERROR},
        description=(
            "Upsert daily metric rows by (campaign, channel, date). A row updates only the fields it "
            "sends (a new row starts the others at 0); with `mode=replace` (query parameter, or "
            '`{"mode": "replace", "rows": [...]}`) each row replaces the stored one and a field left '
            f"out becomes 0. At most {services.METRICS_MAX_BATCH} rows per request (more: 413). Any "
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


# --- segments, trends, templates -------------------------------------------------------------


class SegmentSerializer(serializers.ModelSerializer):
    channels = _channels_field(required=False)

    class Meta:
        model = AudienceSegment
        fields = [
            "id",
            "name",
            "description",
            "needs",
            "pains",
            "objections",
            "channels",
            "content_preferences",
            "size_estimate",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class SegmentViewSet(ServiceViewSet):
    queryset = AudienceSegment.objects.all()
    serializer_class = SegmentSerializer
    filterset_fields = ["name"]
    ordering_fields = ["name"]
    create_service, update_service, delete_service = (
        staticmethod(services.segment_create),
        staticmethod(services.segment_update),
        staticmethod(services.segment_delete),
    )
    instance_kwarg = "segment"


class TrendTrialSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all())
    effect_pct = serializers.DecimalField(max_digits=10, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = TrendTrial
        fields = [
            "id",
            "campaign",
            "started_on",
            "ended_on",
            "metric",
            "baseline_value",
            "observed_value",
            "effect_pct",
            "observed_effect",
        ]
        read_only_fields = ["baseline_value", "observed_value"]


class TrendSerializer(serializers.ModelSerializer):
    trials = TrendTrialSerializer(many=True, read_only=True)

    class Meta:
        model = Trend
        fields = [
            "id",
            "name",
            "platform",
            "source_url",
            "description",
            "status",
            "noticed_on",
            "trials",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class TrendViewSet(ServiceViewSet):
    queryset = Trend.objects.prefetch_related(
        Prefetch("trials", queryset=TrendTrial.objects.order_by("-started_on"))
    )
    serializer_class = TrendSerializer
    filterset_fields = ["status", "platform"]
    ordering_fields = ["noticed_on", "name"]
    create_service, update_service, delete_service = (
        staticmethod(services.trend_create),
        staticmethod(services.trend_update),
        staticmethod(services.trend_delete),
    )
    instance_kwarg = "trend"

    @extend_schema(request=TrendTrialSerializer, responses={201: TrendTrialSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def trials(self, request, *args, **kwargs):
        trend = self.get_object()
        serializer = TrendTrialSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        trial = services.trend_trial_record(
            trend=trend, actor=self.actor, token=self.token, **serializer.validated_data
        )
        return Response(TrendTrialSerializer(trial, context=self.get_serializer_context()).data, status=201)


class InstantiateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    goal = WorkspaceRelatedField(
        queryset=BusinessGoal.objects.all(), required=False, allow_null=True, default=None
    )
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)


class InstantiateResultSerializer(serializers.Serializer):
    campaign = CampaignSerializer()
    plan = serializers.ListField(child=serializers.DictField())


class TemplateViewSet(ServiceViewSet):
    queryset = CampaignTemplate.objects.select_related("source_campaign")
    serializer_class = CampaignTemplateSerializer
    filterset_fields = ["objective", "goal_kind"]
    ordering_fields = ["name", "created_at"]
    create_service, update_service, delete_service = (
        staticmethod(services.template_create),
        staticmethod(services.template_update),
        staticmethod(services.template_delete),
    )
    instance_kwarg = "template"

    @extend_schema(request=InstantiateSerializer, responses={201: InstantiateResultSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def instantiate(self, request, *args, **kwargs):
        template = self.get_object()
        serializer = InstantiateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        campaign, plan = services.template_instantiate(
            template=template, actor=self.actor, token=self.token, **serializer.validated_data
        )
        data = {
            "campaign": CampaignSerializer(campaign, context=self.get_serializer_context()).data,
            "plan": [{**p, "date": p["date"].isoformat()} for p in plan],
        }
        return Response(data, status=status.HTTP_201_CREATED)


workspace_router = SimpleRouter()
workspace_router.register("goals", GoalViewSet, basename="goal")
workspace_router.register("campaigns", CampaignViewSet, basename="campaign")
workspace_router.register("metrics", MetricViewSet, basename="metric")
workspace_router.register("conversions", ConversionViewSet, basename="conversion")
workspace_router.register("segments", SegmentViewSet, basename="segment")
workspace_router.register("trends", TrendViewSet, basename="trend")
workspace_router.register("templates", TemplateViewSet, basename="template")
