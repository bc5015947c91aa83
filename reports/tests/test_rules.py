"""Pure rules of reporting (no database)."""

from datetime import date

import pytest

from reports import rules
from reports.renderers.csv import _raw
from reports.sections import tile_status

TOTALS = {
    "impressions": 2500,
    "reach": 2000,
    "clicks": 120,
    "engagements": 240,
    "leads": 10,
    "sales": 7,
    "revenue": 21000.0,
    "spend": 10000.0,
    "followers_gained": 30,
    "followers_max": 530,
}


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("leads", 10),
        ("ctr", 4.8),
        ("engagement_rate", 12.0),
        ("cost_per_lead", 1000.0),
        ("cost_per_sale", 1428.57),
        ("romi", 110.0),
        ("followers", 30),
        ("unknown", None),
    ],
)
def test_metric_value_from_totals(metric, expected):
    assert rules.metric_value(metric, TOTALS) == expected


def test_metric_value_without_denominator_is_none():
    assert rules.metric_value("cost_per_sale", {"spend": 100.0, "sales": 0}) is None


def test_goal_value_of_followers_is_the_community_size():
    assert rules.goal_value("followers", TOTALS) == 530


def test_cost_per_result_follows_the_goal_metric():
    assert rules.cost_per_result("revenue", TOTALS) == 1428.57
    assert rules.cost_per_result("leads", TOTALS) == 1000.0
    assert rules.cost_per_result("reach", TOTALS) is None


def test_campaign_met_goals_needs_every_kpi():
    assert rules.campaign_met_goals([("sales", 7, 5), ("cost_per_sale", 1428.57, 2000)], "misaligned")
    assert not rules.campaign_met_goals([("sales", 7, 5), ("cost_per_sale", 2500, 2000)], "aligned")
    assert not rules.campaign_met_goals([("sales", None, 5)], "aligned")


def test_campaign_met_goals_without_kpis_follows_the_verdict():
    assert rules.campaign_met_goals([], "aligned")
    assert not rules.campaign_met_goals([], "at_risk")


@pytest.mark.parametrize(
    ("frequency", "today", "period"),
    [
        ("weekly", date(2026, 11, 26), (date(2026, 11, 16), date(2026, 11, 22))),
        ("weekly", date(2026, 11, 23), (date(2026, 11, 16), date(2026, 11, 22))),
        ("monthly", date(2026, 11, 1), (date(2026, 10, 1), date(2026, 10, 31))),
        ("monthly", date(2026, 3, 15), (date(2026, 2, 1), date(2026, 2, 28))),
    ],
)
def test_previous_period(frequency, today, period):
    assert rules.previous_period(frequency, today) == period


def test_tile_status_against_target():
    assert tile_status(100, 100) == "ok"
    assert tile_status(85, 100) == "warn"
    assert tile_status(50, 100) == "bad"
    assert tile_status(1500, 2000, lower_is_better=True) == "ok"
    assert tile_status(3000, 2000, lower_is_better=True) == "bad"
    assert tile_status(5, None) == ""


def test_merge_totals_sums_numbers():
    assert rules.merge_totals([{"leads": 1, "spend": 0.1}, {"leads": 2, "spend": 0.2}]) == {
        "leads": 3,
        "spend": 0.3,
    }


def test_csv_raw_numbers():
    assert [_raw(None), _raw(3), _raw(21000.0), _raw(1428.571), _raw(-100.0)] == [
        "",
        "3",
        "21000",
        "1428.57",
        "-100",
    ]
