"""Proposals: versions, submit, manager decisions, history, PPTX."""

from io import BytesIO

import pytest
from pptx import Presentation

from planning.models import Notification, Proposal, ProposalEvent

from .factories import GoalFactory, ProposalFactory

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
    assert Notification.objects.filter(kind="review_requested", recipient=personas.manager).count() == 1
    response = api_as(personas.manager).post(
        f"{BASE}{proposal.pk}/approve/", {"comment": "Отлично"}, format="json"
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.decided_by == personas.manager
    history = api_as(personas.viewer).get(f"{BASE}{proposal.pk}/history/").json()
    assert [(e["kind"], e["body"]) for e in history] == [("submitted", ""), ("approved", "Отлично")]
    assert Notification.objects.filter(kind="decision", recipient=personas.marketer).count() == 1


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


def test_proposal_export_is_a_pptx_deck(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace, title="Куличи к Пасхе", risks="Погода")
    response = api_as(personas.viewer).get(f"{BASE}{proposal.pk}/export/")
    assert response.status_code == 200
    deck = Presentation(BytesIO(response.content))
    assert len(deck.slides) == 5
    assert deck.slides[0].shapes.title.text == "Куличи к Пасхе"


def test_proposal_viewer_and_outsider(personas, api_as):
    proposal = ProposalFactory(workspace=personas.workspace)
    assert api_as(personas.viewer).post(f"{BASE}{proposal.pk}/submit/").status_code == 403
    assert api_as(personas.outsider).get(f"{BASE}{proposal.pk}/").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "draft"
