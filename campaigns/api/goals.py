"""Business goals: ``goals/``."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api_base import WorkspaceRelatedField

from .. import figures, services
from ..models import BusinessGoal
from ._common import MemberField, ServiceViewSet
from .results import (
    FiguresListSerializer,
    FiguresMixin,
    ResultsSerializer,
    _decimal_text,
    _percent_number,
    _results_data,
)


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
