"""Words, not codes: the labels of channels and KPI metrics in the reader's language
(``{% load labels %}`` then ``{{ code|channel }}``, ``{{ codes|channels }}``, ``{{ code|kpi_metric }}``)."""

from __future__ import annotations

from django import template

from campaigns.enums import Channel, KpiMetric

register = template.Library()


def label_of(choices, code) -> str:
    """The label of ``code`` among ``choices`` (the code itself when it is not one of them)."""
    for value, label in choices:
        if value == code:
            return str(label)
    return "" if code is None else str(code)


@register.filter
def channel(code) -> str:
    return label_of(Channel.choices, code)


@register.filter
def channels(codes) -> str:
    return ", ".join(label_of(Channel.choices, c) for c in (codes or []))


@register.filter
def kpi_metric(code) -> str:
    return label_of(KpiMetric.choices, code)


FRACTIONAL_KPIS = frozenset({"ctr", "engagement_rate", "romi"})
MONEY_KPIS = frozenset({"revenue", "cost_per_lead", "cost_per_sale"})


@register.filter
def kpi_value(value, metric) -> str:
    """A KPI figure as its metric reads: counts whole ("12 000"), money in roubles, rates with
    decimals, all in the reader's number format."""
    from smm_platform import formatting

    if value is None or value == "":
        return formatting.DASH
    if metric in MONEY_KPIS:
        return formatting.format_money(value)
    if metric in FRACTIONAL_KPIS:
        return formatting.format_decimal(value, 2)
    return formatting.format_int(value)
