"""An approved proposal becomes a campaign in one click (page and API): what the campaign takes,
the link both ways, the audit entry, idempotence, and the refusals (not approved, viewer, a token
without the campaigns scope, an outsider)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import AuditLog
from campaigns.models import Campaign
from campaigns.tests.factories import SegmentFactory
from planning.models import Proposal

from .factories import GoalFactory, ProposalFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/workspaces/acme/proposals/"


def _approved(personas, **kwargs):
    ws = personas.workspace
    goal = GoalFactory(
        workspace=ws,
        name="Предзаказы куличей",
        kind="sales",
        target_metric="sales",
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=50),
    )
    defaults = {
        "workspace": ws,
        "title": "Куличи к Пасхе",
        "problem": "Мало предзаказов",
        "idea": "Конкурс рецептов",
        "goal": goal,
        "segment": SegmentFactory(workspace=ws, name="Мамы"),
        "expected_effect": Decimal("300"),
        "budget": Decimal("45000"),
        "status": "approved",
    }
    return ProposalFactory(**{**defaults, **kwargs})


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_approved_proposal_becomes_a_campaign_in_one_click(personas):
    proposal = _approved(personas)
    web = _web(personas.marketer)
    page = web.get(f"/w/acme/plan/proposals/{proposal.pk}/").content.decode()
    assert 'data-testid="proposal-to-campaign"' in page
    response = web.post(f"/w/acme/plan/proposals/{proposal.pk}/campaign/")
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/w/acme/campaigns/{campaign.pk}/"
    assert campaign.name == "Куличи к Пасхе" and campaign.goal == proposal.goal
    assert campaign.budget == Decimal("45000") and campaign.status == "draft"
    assert campaign.objective == "sales"
    # the goal's period from today on
    assert campaign.starts_on == timezone.localdate() and campaign.ends_on == proposal.goal.ends_on
    assert [s.name for s in campaign.segments.all()] == ["Мамы"]
    assert [(k.metric, k.target_value) for k in campaign.kpis.all()] == [("sales", Decimal("300"))]
    assert "Конкурс рецептов" in campaign.description and campaign.created_by == personas.marketer
    proposal.refresh_from_db()
    assert proposal.campaign == campaign and campaign.source_proposal == proposal
    entry = AuditLog.objects.get(action="proposal.campaign_created")
    assert entry.target_id == str(proposal.pk) and entry.changes == {"campaign": [None, campaign.pk]}
    assert entry.actor == personas.marketer
    # the campaign page links back to the proposal; the proposal page to the campaign
    campaign_page = web.get(f"/w/acme/campaigns/{campaign.pk}/").content.decode()
    assert f'href="/w/acme/plan/proposals/{proposal.pk}/"' in campaign_page
    proposal_page = web.get(f"/w/acme/plan/proposals/{proposal.pk}/").content.decode()
    assert f'href="/w/acme/campaigns/{campaign.pk}/"' in proposal_page
    assert 'data-testid="proposal-to-campaign"' not in proposal_page


def test_a_second_click_opens_the_same_campaign(personas):
    proposal = _approved(personas)
    web = _web(personas.manager)
    first = web.post(f"/w/acme/plan/proposals/{proposal.pk}/campaign/")
    second = web.post(f"/w/acme/plan/proposals/{proposal.pk}/campaign/")
    assert first["Location"] == second["Location"]
    assert Campaign.objects.count() == 1
    assert AuditLog.objects.filter(action="proposal.campaign_created").count() == 1
    assert AuditLog.objects.filter(action="campaign.created").count() == 1


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "rejected"])
def test_a_proposal_that_is_not_approved_is_refused(personas, status):
    proposal = _approved(personas, status=status)
    web = _web(personas.manager)
    page = web.get(f"/w/acme/plan/proposals/{proposal.pk}/").content.decode()
    assert 'data-testid="proposal-to-campaign"' not in page
    response = web.post(f"/w/acme/plan/proposals/{proposal.pk}/campaign/", follow=True)
    assert response.redirect_chain[-1][0] == f"/w/acme/plan/proposals/{proposal.pk}/"
    assert "Only an approved proposal becomes a campaign." in [str(m) for m in response.context["messages"]]
    assert not Campaign.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).campaign_id is None


def test_a_viewer_is_refused_and_sees_no_button(personas, api_as):
    proposal = _approved(personas)
    web = _web(personas.viewer)
    page = web.get(f"/w/acme/plan/proposals/{proposal.pk}/").content.decode()
    assert 'data-testid="proposal-to-campaign"' not in page
    assert web.post(f"/w/acme/plan/proposals/{proposal.pk}/campaign/").status_code == 403
    assert api_as(personas.viewer).post(f"{API}{proposal.pk}/campaign/").status_code == 403
    assert not Campaign.objects.exists()


def test_api_creates_then_answers_the_same_campaign(personas, api_as):
    proposal = _approved(personas)
    client = api_as(personas.manager)
    first = client.post(f"{API}{proposal.pk}/campaign/")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["name"] == "Куличи к Пасхе" and body["budget"] == "45000.00" and body["status"] == "draft"
    second = client.post(f"{API}{proposal.pk}/campaign/")
    assert second.status_code == 200 and second.json()["id"] == body["id"]
    assert client.get(f"{API}{proposal.pk}/").json()["campaign"] == body["id"]
    assert Campaign.objects.count() == 1


def test_api_refuses_a_draft_proposal_with_409(personas, api_as):
    proposal = _approved(personas, status="submitted")
    response = api_as(personas.owner).post(f"{API}{proposal.pk}/campaign/")
    assert response.status_code == 409
    assert response.json()["detail"] == "Only an approved proposal becomes a campaign."
    assert not Campaign.objects.exists()


def test_api_token_needs_the_campaigns_scope(personas, api_client):
    proposal = _approved(personas)
    _token, key = accounts_services.integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read", "planning:write"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.post(f"{API}{proposal.pk}/campaign/").status_code == 403
    assert not Campaign.objects.exists()
    _token, key = accounts_services.integration_token_create(
        workspace=personas.workspace,
        name="Planner",
        scopes=["read", "planning:write", "campaigns:write"],
        actor=personas.owner,
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.post(f"{API}{proposal.pk}/campaign/").status_code == 201
    assert Campaign.objects.count() == 1


def test_an_outsider_gets_404_and_nothing_is_made(personas, api_as):
    proposal = _approved(personas)
    assert api_as(personas.outsider).post(f"{API}{proposal.pk}/campaign/").status_code == 404
    assert _web(personas.outsider).post(f"/w/acme/plan/proposals/{proposal.pk}/campaign/").status_code == 404
    assert not Campaign.objects.exists()


def test_a_goal_whose_period_is_over_gives_a_30_day_campaign_from_today(personas):
    from planning.services import proposal_campaign_fields

    goal = GoalFactory(
        workspace=personas.workspace,
        kind="awareness",
        target_metric="followers",
        starts_on=timezone.localdate() - timedelta(days=100),
        ends_on=timezone.localdate() - timedelta(days=5),
    )
    proposal = _approved(personas, goal=goal, segment=None, expected_effect=Decimal("0"))
    fields = proposal_campaign_fields(proposal)
    assert fields["starts_on"] == timezone.localdate()
    assert fields["ends_on"] == timezone.localdate() + timedelta(days=30)
    assert fields["objective"] == "community_growth"  # followers, which an awareness goal allows
    assert fields["segments"] == [] and fields["kpis"] == []
