"""The definitions of campaigns.figures over plain numbers (no database)."""

from decimal import Decimal

import pytest

from campaigns import figures
from campaigns.figures import Results, combine


def test_crm_replaces_metric_leads_and_sales_never_adds_them():
    metrics = {"leads": 10, "sales": 7, "revenue": Decimal("21000"), "spend": Decimal("10000")}
    crm = {"leads": 1, "sales": 2, "revenue": Decimal("3000")}
    both = combine(metrics, crm, crm_leads=True, crm_sales=True)
    assert (both.leads, both.sales, both.revenue, both.spend, both.source) == (
        1,
        2,
        Decimal("3000.00"),
        Decimal("10000.00"),
        "crm",
    )
    only_leads = combine(metrics, crm, crm_leads=True, crm_sales=False)
    assert (only_leads.leads, only_leads.sales, only_leads.revenue) == (1, 7, Decimal("21000.00"))
    assert only_leads.source == "crm+metrics"
    none = combine(metrics, crm, crm_leads=False, crm_sales=False)
    assert (none.leads, none.sales, none.source) == (10, 7, "metrics")


def test_ratios_round_half_up_once_and_are_none_without_a_base():
    r = Results(clicks=41, impressions=2000, revenue=Decimal("1735.00"), spend=Decimal("1000.00"), sales=3)
    assert r.ctr == Decimal("2.1")  # 2.05 -> 2.1, half up
    assert r.romi == Decimal("73.5")
    assert r.cost_per_sale == Decimal("333.33")
    assert r.cost_per_lead is None
    assert Results().romi is None and Results().ctr is None


def test_progress_passes_one_hundred_and_the_bar_stops_at_full():
    assert figures.progress(2677, Decimal("1200")) == Decimal("223.1")
    assert figures.bar_width(Decimal("223.1")) == 100
    assert figures.progress(5, 0) is None and figures.bar_width(None) == 0


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("sales", Decimal("500.00")),
        ("revenue", Decimal("500.00")),
        ("leads", Decimal("100.00")),
        ("reach", None),
    ],
)
def test_cost_per_result_follows_the_goal_metric(metric, expected):
    r = Results(leads=10, sales=2, spend=Decimal("1000"))
    assert r.cost_per_result(metric) == expected


def test_sum_of_campaigns_keeps_each_ones_source():
    a = Results(leads=3, leads_source="crm", sales_source="crm")
    b = Results(leads=4)
    total = Results.total([a, b])
    assert (total.leads, total.source) == (7, "crm+metrics")
    assert Results.total([]).leads == 0
