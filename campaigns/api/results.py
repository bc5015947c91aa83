"""Figures in the API: goals' and campaigns' ``actual``, ``progress`` and ``results``, read from
``campaigns/figures.py`` (the one definition every screen shares)."""

from __future__ import annotations

from rest_framework import serializers

from .. import figures


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
