"""A small, fully known data set: the expected figures are written out in the tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from .factories import START, CampaignFactory, ConversionFactory, GoalFactory, KPIFactory, MetricFactory


def known_campaigns(workspace):
    """Campaign "Осенние пироги" (goal: 20 sales, at most 5000 per sale; KPIs: 5 sales, cost per
    sale at most 2000) and "Без цели"; one row outside the period that must not count.

    Metric rows in the period: leads 14, sales 7, revenue 21000, spend 12000. "Осенние пироги"
    also has one CRM lead and one CRM sale (3000), so by the figures rule (docs/FIGURES.md) its
    leads and sales come from the CRM: the period's figures are leads 5 (1 CRM + 4 metrics of
    "Без цели"), sales 1, revenue 3000, spend 12000.
    """
    goal = GoalFactory(
        workspace=workspace,
        name="Продажи пирогов",
        target_metric="sales",
        target_value=Decimal("20"),
        max_cost_per_result=Decimal("5000"),
    )
    pies = CampaignFactory(workspace=workspace, name="Осенние пироги", goal=goal)
    other = CampaignFactory(workspace=workspace, name="Без цели", goal=None)
    KPIFactory(campaign=pies, metric="sales", target_value=Decimal("5"))
    KPIFactory(campaign=pies, metric="cost_per_sale", target_value=Decimal("2000"))
    day2 = START + timedelta(days=1)
    MetricFactory(
        campaign=pies,
        channel="vk",
        date=START,
        impressions=1000,
        reach=800,
        clicks=50,
        engagements=100,
        leads=5,
        sales=2,
        revenue=Decimal("6000"),
        spend=Decimal("4000"),
        followers=500,
    )
    MetricFactory(
        campaign=pies,
        channel="vk",
        date=day2,
        impressions=1000,
        reach=800,
        clicks=50,
        engagements=100,
        leads=3,
        sales=4,
        revenue=Decimal("12000"),
        spend=Decimal("4000"),
        followers=530,
    )
    MetricFactory(
        campaign=pies,
        channel="telegram",
        date=START,
        impressions=500,
        reach=400,
        clicks=20,
        engagements=40,
        leads=2,
        sales=1,
        revenue=Decimal("3000"),
        spend=Decimal("2000"),
        followers=100,
    )
    MetricFactory(campaign=other, channel="vk", date=START, leads=4, spend=Decimal("2000"), reach=300)
    MetricFactory(campaign=pies, channel="vk", date=START - timedelta(days=1), leads=100, spend=Decimal("1"))
    ConversionFactory(campaign=pies, kind="lead")
    ConversionFactory(campaign=pies, kind="sale", amount=Decimal("3000"))
    return pies, other
