"""A marketer cannot raise the budget of an approved, running campaign: the approval covered the
old budget. Managers and owners may, and become its approver."""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaigns.models import Campaign

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workspaces/acme/campaigns/"


@pytest.mark.parametrize("status", ["approved", "running", "paused"])
def test_marketer_budget_raise_of_approved_campaign_is_403(personas, api_as, status):
    campaign = CampaignFactory(workspace=personas.workspace, status=status, budget=Decimal("100000"))
    response = api_as(personas.marketer).patch(f"{BASE}{campaign.pk}/", {"budget": "900000.00"})
    assert response.status_code == 403 and "budget" in response.json()["errors"]
    campaign.refresh_from_db()
    assert campaign.budget == Decimal("100000")


def test_integration_token_budget_raise_is_refused(personas, api_client):
    from accounts.services import integration_token_create

    _token, key = integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["campaigns:write"], actor=personas.owner
    )
    campaign = CampaignFactory(workspace=personas.workspace, status="running", budget=Decimal("100000"))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.patch(f"{BASE}{campaign.pk}/", {"budget": "900000.00"})
    assert response.status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).budget == Decimal("100000")


def test_marketer_may_lower_the_budget_or_raise_a_draft(personas, api_as):
    running = CampaignFactory(workspace=personas.workspace, status="running", budget=Decimal("100000"))
    draft = CampaignFactory(workspace=personas.workspace, status="draft", budget=Decimal("100000"))
    client = api_as(personas.marketer)
    assert client.patch(f"{BASE}{running.pk}/", {"budget": "50000.00"}).status_code == 200
    assert client.patch(f"{BASE}{draft.pk}/", {"budget": "900000.00"}).status_code == 200
    running.refresh_from_db()
    draft.refresh_from_db()
    assert (running.budget, draft.budget) == (Decimal("50000"), Decimal("900000"))


def test_manager_budget_raise_is_a_new_approval(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace, status="running", budget=Decimal("100000"))
    response = api_as(personas.manager).patch(f"{BASE}{campaign.pk}/", {"budget": "150000.00"})
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.budget == Decimal("150000") and campaign.approved_by == personas.manager
