"""Proposals: versions, submit, manager decisions, history, PPTX."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from pptx import Presentation

from accounts.models import Notification
from campaigns.enums import GoalKind, GoalMetric
from campaigns.tests.factories import MetricFactory
from planning.enums import ProposalStatus
from planning.models import Proposal, ProposalEvent

from .factories import CampaignFactory, GoalFactory, ProposalFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workspaces/acme/proposals/"


def test_proposal_create_and_edit_makes_versions(personas, api_as):
    goal = GoalFactory(workspace=personas.workspace)
    client = api_as(personas.marketer)
    response = client.post(
        BASE,
        {
            "title": "Куличи к Пасхе",
            "problem": "Мало предзаказов",
            "idea": "Конкурс рецептов",
            "goal": goal.pk,
            "expected_effect": "300",
            "budget": "45000",
            "risks": "Мало участников",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert client.patch(f"{BASE}{pk}/", {"budget": "50000"}, format="json").status_code == 200
    versions = client.get(f"{BASE}{pk}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["snapshot"]["budget"] == "50000.00"
    assert versions[1]["snapshot"]["budget"] == "45000.00"


def test_proposal_marketer_approving_is_403(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace, status="submitted")
    response = api_as(personas.marketer).post(f"{BASE}{proposal.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.decided_by is None
    assert ProposalEvent.objects.count() == 0


def test_proposal_submit_then_manager_approves(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace, author=personas.marketer)
    assert api_as(personas.marketer).post(f"{BASE}{proposal.pk}/submit/").status_code == 200
    assert Notification.objects.filter(kind="planning.review_requested", user=personas.manager).count() == 1
    response = api_as(personas.manager).post(
        f"{BASE}{proposal.pk}/approve/", {"comment": "Отлично"}, format="json"
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.decided_by == personas.manager
    history = api_as(personas.viewer).get(f"{BASE}{proposal.pk}/history/").json()
    assert [(e["kind"], e["body"]) for e in history] == [("submitted", ""), ("approved", "Отлично")]
    assert Notification.objects.filter(kind="planning.decision", user=personas.marketer).count() == 1


def test_proposal_approving_a_draft_is_409(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace)
    assert api_as(personas.owner).post(f"{BASE}{proposal.pk}/approve/", {}, format="json").status_code == 409
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_proposal_request_changes_needs_comment_and_reopens_editing(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace, status="submitted")
    manager = api_as(personas.manager)
    assert manager.post(f"{BASE}{proposal.pk}/request-changes/", {}, format="json").status_code == 400
    response = manager.post(
        f"{BASE}{proposal.pk}/request-changes/", {"comment": "Уточните бюджет"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "changes_requested"
    marketer = api_as(personas.marketer)
    assert marketer.patch(f"{BASE}{proposal.pk}/", {"budget": "1000"}, format="json").status_code == 200
    assert marketer.post(f"{BASE}{proposal.pk}/submit/").status_code == 200
    assert manager.post(f"{BASE}{proposal.pk}/reject/", {}, format="json").json()["status"] == "rejected"


def test_proposal_editing_submitted_is_409(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace, status="submitted")
    response = api_as(personas.marketer).patch(f"{BASE}{proposal.pk}/", {"budget": "1"}, format="json")
    assert response.status_code == 409
    assert Proposal.objects.get(pk=proposal.pk).budget == proposal.budget


def _deck_text(deck) -> str:
    """Every word a reader sees: text boxes, chart categories, series names."""
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_chart:
                plot = shape.chart.plots[0]
                parts += [str(c) for c in plot.categories]
                parts += [s.name for s in plot.series]
    return "\n".join(parts)


def _charts(deck) -> list:
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def _proposal_on_a_goal_with_results(personas):
    goal = GoalFactory(workspace=personas.workspace, name="Предзаказы", target_metric="sales")
    goal.target_value = Decimal("1000")
    goal.save()
    campaign = CampaignFactory(
        workspace=personas.workspace, goal=goal, name="Осенняя", budget=Decimal("80000")
    )
    MetricFactory(campaign=campaign, date=goal.starts_on, sales=120, spend=Decimal("30000"))
    return ProposalFactory(
        workspace=personas.workspace,
        title="Куличи к Пасхе",
        goal=goal,
        expected_effect=Decimal("300"),
        budget=Decimal("45000"),
        risks="Погода",
        status="approved",
    )


def test_proposal_deck_is_16_9_with_native_goal_and_budget_charts_in_russian(personas, api_as):
    proposal = _proposal_on_a_goal_with_results(personas)
    response = api_as(personas.viewer).get(f"{BASE}{proposal.pk}/export/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    deck = Presentation(BytesIO(response.content))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in
    assert deck.slide_width * 9 == deck.slide_height * 16
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in deck.slides]
    assert "Куличи к Пасхе" in texts[0]
    text = _deck_text(deck)
    assert "45\u00a0000,00\u00a0₽" in text  # Russian grouping, decimal comma, the rouble sign
    assert "Согласовано" in text and "Продажи" in text  # the status and the goal's metric as words
    goal_chart, budget_chart = _charts(deck)
    # target, achieved by the goal's campaigns, forecast with the proposal's expected effect
    assert list(goal_chart.plots[0].categories) == ["Цель", "Достигнуто", "Прогноз с предложением"]
    assert list(goal_chart.plots[0].series[0].values) == [1000.0, 120.0, 420.0]
    assert list(budget_chart.plots[0].categories) == ["Это предложение", "Осенняя"]
    budget, spent = budget_chart.plots[0].series
    assert list(budget.values) == [45000.0, 80000.0] and list(spent.values) == [0.0, 30000.0]
    assert "₽" in budget_chart.value_axis.tick_labels.number_format
    raw = {*ProposalStatus.values, *GoalMetric.values, *GoalKind.values}
    words = set(re.findall(r"[a-z_]+", text))
    assert not (words & raw), words & raw


def test_proposal_deck_in_english_reads_english_labels(personas, api_as):
    proposal = _proposal_on_a_goal_with_results(personas)
    response = api_as(personas.viewer).get(f"{BASE}{proposal.pk}/export/", HTTP_ACCEPT_LANGUAGE="en")
    deck = Presentation(BytesIO(response.content))
    text = _deck_text(deck)
    assert "₽45,000.00" in text and "Approved" in text
    goal_chart, _budget_chart = _charts(deck)
    assert list(goal_chart.plots[0].categories) == ["Target", "Achieved so far", "Forecast with the proposal"]


def test_proposal_viewer_and_outsider(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace)
    assert api_as(personas.viewer).post(f"{BASE}{proposal.pk}/submit/").status_code == 403
    assert api_as(personas.outsider).get(f"{BASE}{proposal.pk}/").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "draft"
