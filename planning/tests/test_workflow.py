"""Pure workflow rules."""

from datetime import date, timedelta

from planning.workflow import calendar_gaps, calendar_overload, item_can_move, rank_ideas


def test_item_can_move_along_the_workflow_only():
    assert item_can_move("draft", "in_review")
    assert item_can_move("in_review", "approved")
    assert not item_can_move("draft", "approved")
    assert not item_can_move("published", "draft")
    assert not item_can_move("idea", "published")


def test_rank_ideas_orders_by_votes_then_age_and_skips_unvoted():
    ideas = [(1, 2, 10.0), (2, 5, 20.0), (3, 2, 5.0), (4, 0, 1.0)]
    assert rank_ideas(ideas, 3) == [2, 3, 1]
    assert rank_ideas(ideas, 10) == [2, 3, 1]


def test_calendar_overload_above_threshold():
    d = date(2026, 1, 1)
    assert calendar_overload({(d, "vk"): 4, (d, "telegram"): 3}, 3) == {(d, "vk")}


def test_calendar_gaps_finds_runs_at_least_min_gap():
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(10)]
    planned = {(days[0], "vk"), (days[5], "vk"), (days[9], "vk")}
    assert calendar_gaps(days, ["vk"], planned, 3) == {"vk": [(days[1], days[4]), (days[6], days[8])]}
    assert calendar_gaps(days, ["vk"], planned, 5) == {}
