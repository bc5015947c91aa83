"""The campaigns API: contract fields, roles, tenancy, bulk ingest, workflow, alignment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import integration_token_create
from campaigns import hooks, services
from campaigns.models import KPI, AlignmentCheck, Campaign, CampaignTemplate, Conversion, MetricDaily

from .factories import CampaignFactory, GoalFactory, MetricFactory, SegmentFactory, TemplateFactory

pytestmark = pytest.mark.django_db


def url(personas, path: str) -> str:
    return f"/api/v1/workspaces/{personas.workspace.slug}/{path}"


def metric_row(campaign, day: date, **overrides) -> dict:
    row = {
        "campaign": campaign.pk,
        "channel": "vk",
        "date": day.isoformat(),
        "impressions": 1000,
        "reach": 700,
        "clicks": 35,
        "engagements": 50,
        "followers": 4000,
        "posts": 1,
        "leads": 3,
        "sales": 1,
        "revenue": "1800.00",
        "spend": "900.50",
    }
    row.update(overrides)
    return row


# --- goals -----------------------------------------------------------------------------------


def test_goal_create_by_marketer_stores_contract_fields(personas, api_as):
    body = {
        "name": "Предзаказы тортов к Новому году",
        "kind": "sales",
        "target_metric": "sales",
        "target_value": "1200",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "owner": personas.manager.pk,
        "max_cost_per_result": "450",
    }
    response = api_as(personas.marketer).post(url(personas, "goals/"), body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert {
        k: data[k] for k in ("name", "kind", "target_metric", "target_value", "starts_on", "ends_on", "owner")
    } == {
        "name": "Предзаказы тортов к Новому году",
        "kind": "sales",
        "target_metric": "sales",
        "target_value": "1200.00",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "owner": personas.manager.pk,
    }


def test_goal_create_with_outsider_as_owner_is_rejected(personas, api_as):
    body = {
        "name": "G",
        "kind": "sales",
        "target_metric": "sales",
        "target_value": "1",
        "starts_on": "2026-01-01",
        "ends_on": "2026-01-02",
        "owner": personas.outsider.pk,
    }
    response = api_as(personas.marketer).post(url(personas, "goals/"), body, format="json")
    assert response.status_code == 400
    assert "owner" in response.json()["errors"]


def test_goal_create_by_viewer_is_forbidden(personas, api_as):
    body = {
        "name": "G",
        "kind": "sales",
        "target_metric": "sales",
        "target_value": "1",
        "starts_on": "2026-01-01",
        "ends_on": "2026-01-02",
    }
    response = api_as(personas.viewer).post(url(personas, "goals/"), body, format="json")
    assert response.status_code == 403
    assert not Campaign.objects.exists()


def test_goal_of_other_workspace_is_not_found(personas, api_as):
    goal = GoalFactory(workspace=personas.other_workspace)
    response = api_as(personas.owner).get(url(personas, f"goals/{goal.pk}/"))
    assert response.status_code == 404


# --- campaigns -------------------------------------------------------------------------------


def campaign_body(goal, **overrides) -> dict:
    body = {
        "name": "Пасхальные куличи",
        "objective": "traffic",
        "goal": goal.pk,
        "channels": ["vk", "telegram"],
        "budget": "150000",
        "starts_on": "2026-03-01",
        "ends_on": "2026-04-15",
        "kpis": [
            {"metric": "sales", "target_value": "300"},
            {"metric": "cost_per_sale", "target_value": "500"},
        ],
    }
    body.update(overrides)
    return body


def test_campaign_create_with_kpis_and_segments(personas, api_as):
    goal = GoalFactory(workspace=personas.workspace)
    segment = SegmentFactory(workspace=personas.workspace)
    response = api_as(personas.marketer).post(
        url(personas, "campaigns/"), campaign_body(goal, segments=[segment.pk]), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["channels"] == ["vk", "telegram"]
    assert data["segments"] == [segment.pk]
    assert data["alignment"] == {"verdict": "insufficient_data", "checked_at": None}
    campaign = Campaign.objects.get(pk=data["id"])
    assert sorted(KPI.objects.filter(campaign=campaign).values_list("metric", "target_value")) == [
        ("cost_per_sale", Decimal("500.00")),
        ("sales", Decimal("300.00")),
    ]


def test_campaign_create_with_goal_of_other_workspace_is_rejected(personas, api_as):
    foreign = GoalFactory(workspace=personas.other_workspace)
    response = api_as(personas.marketer).post(
        url(personas, "campaigns/"), campaign_body(foreign), format="json"
    )
    assert response.status_code == 400
    assert "goal" in response.json()["errors"]
    assert not Campaign.objects.exists()


def test_campaign_create_with_unknown_channel_and_reversed_dates_is_rejected(personas, api_as):
    goal = GoalFactory(workspace=personas.workspace)
    body = campaign_body(goal, channels=["myspace"], ends_on="2026-02-01")
    response = api_as(personas.marketer).post(url(personas, "campaigns/"), body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"channels"} or "ends_on" in response.json()["errors"]
    assert not Campaign.objects.exists()


def test_campaign_workflow_manager_approves_marketer_cannot(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace, status="draft")
    marketer, manager = api_as(personas.marketer), api_as(personas.manager)
    assert marketer.post(url(personas, f"campaigns/{campaign.pk}/submit/")).json()["status"] == "proposed"
    assert marketer.post(url(personas, f"campaigns/{campaign.pk}/approve/")).status_code == 403
    approved = manager.post(url(personas, f"campaigns/{campaign.pk}/approve/"))
    assert approved.status_code == 200
    assert approved.json()["changed"] is True
    again = manager.post(url(personas, f"campaigns/{campaign.pk}/approve/"))
    assert again.status_code == 200
    assert again.json()["changed"] is False
    campaign.refresh_from_db()
    assert campaign.status == "approved"
    assert campaign.approved_by == personas.manager
    assert marketer.post(url(personas, f"campaigns/{campaign.pk}/start/")).json()["status"] == "running"
    assert marketer.post(url(personas, f"campaigns/{campaign.pk}/pause/")).json()["status"] == "paused"
    conflict = marketer.post(url(personas, f"campaigns/{campaign.pk}/submit/"))
    assert conflict.status_code == 409
    assert conflict.json()["errors"] == {"status": [{"message": "paused", "code": "conflict"}]}


def test_campaign_submit_without_goal_is_rejected(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace, status="draft", goal=None)
    response = api_as(personas.marketer).post(url(personas, f"campaigns/{campaign.pk}/submit/"))
    assert response.status_code == 400
    assert "goal" in response.json()["errors"]
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_campaign_viewer_cannot_transition_and_outsider_gets_404(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace, status="draft")
    assert api_as(personas.viewer).post(url(personas, f"campaigns/{campaign.pk}/submit/")).status_code == 403
    assert (
        api_as(personas.outsider).post(url(personas, f"campaigns/{campaign.pk}/submit/")).status_code == 404
    )
    assert (
        api_as(personas.outsider).get(url(personas, f"campaigns/{campaign.pk}/alignment/")).status_code == 404
    )


def _bulk_campaigns(workspace, goal, segment, count):
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(
                workspace=workspace,
                name=f"Кампания {i}",
                objective="sales",
                goal=goal,
                channels=["vk"],
                budget=1000,
                starts_on=date(2026, 1, 1),
                ends_on=date(2026, 3, 1),
                status="running",
            )
            for i in range(count)
        ]
    )
    Campaign.segments.through.objects.bulk_create(
        [Campaign.segments.through(campaign_id=c.pk, audiencesegment_id=segment.pk) for c in campaigns]
    )
    KPI.objects.bulk_create(
        [KPI(workspace=workspace, campaign=c, metric="sales", target_value=10) for c in campaigns]
    )


def test_campaign_list_query_count_is_constant_at_10_and_10000(personas, api_as):
    client = api_as(personas.viewer)
    goal = GoalFactory(workspace=personas.workspace)
    segment = SegmentFactory(workspace=personas.workspace)
    _bulk_campaigns(personas.workspace, goal, segment, 10)
    client.get(url(personas, "campaigns/"))  # the first call also stamps the token's last use
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url(personas, "campaigns/?page_size=100"))
    assert response.json()["count"] == 10
    _bulk_campaigns(personas.workspace, goal, segment, 9990)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(personas, "campaigns/?page_size=100"))
    assert response.json()["count"] == 10000
    assert len(response.json()["results"]) == 100
    assert response.json()["results"][0]["kpis"] == [{"metric": "sales", "target_value": "10.00"}]
    assert len(many.captured_queries) == len(ten.captured_queries)


def test_campaign_list_filters_by_channel_and_status(personas, api_as):
    CampaignFactory(workspace=personas.workspace, name="VK", channels=["vk"], status="running")
    CampaignFactory(workspace=personas.workspace, name="VK video", channels=["vk_video"], status="running")
    CampaignFactory(workspace=personas.workspace, name="Draft VK", channels=["vk", "ok"], status="draft")
    client = api_as(personas.viewer)
    names = [
        c["name"] for c in client.get(url(personas, "campaigns/?channel=vk&status=running")).json()["results"]
    ]
    assert names == ["VK"]


# --- metrics ---------------------------------------------------------------------------------


def test_metrics_bulk_upsert_creates_then_updates(personas, api_as, django_capture_on_commit_callbacks):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    client = api_as(personas.marketer)
    rows = [metric_row(campaign, day), metric_row(campaign, day, channel="telegram")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(personas, "metrics/"), rows, format="json")
    assert response.status_code == 200
    assert response.json() == {"received": 2, "created": 2, "updated": 0, "unchanged": 0, "campaigns": 1}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(personas, "metrics/"), [metric_row(campaign, day, clicks=99)], format="json"
        )
    assert response.json() == {"received": 1, "created": 0, "updated": 1, "unchanged": 0, "campaigns": 1}
    vk = MetricDaily.objects.get(campaign=campaign, channel="vk", date=day)
    assert (vk.clicks, vk.spend, vk.revenue) == (99, Decimal("900.50"), Decimal("1800.00"))
    assert MetricDaily.objects.count() == 2


def test_metrics_bad_rows_reject_whole_batch_with_row_numbers(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    foreign = CampaignFactory(workspace=personas.other_workspace)
    day = campaign.starts_on
    rows = [
        metric_row(campaign, day),
        metric_row(foreign, day),
        metric_row(campaign, day + timedelta(days=1), clicks=-5),
        metric_row(campaign, day + timedelta(days=2), spend="много"),
        metric_row(campaign, campaign.ends_on + timedelta(days=1)),
        metric_row(campaign, day),
        metric_row(campaign, day + timedelta(days=3), channel="myspace", date="31.12.2026"),
    ]
    response = api_as(personas.marketer).post(url(personas, "metrics/"), rows, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]["rows"]
    assert sorted(errors, key=int) == ["1", "2", "3", "4", "5", "6"]
    assert list(errors["1"]) == ["campaign"]
    assert list(errors["2"]) == ["clicks"]
    assert list(errors["3"]) == ["spend"]
    assert list(errors["4"]) == ["date"]
    assert errors["5"] == {
        "non_field_errors": [
            {"message": "Duplicates row 0 (same campaign, channel and date).", "code": "invalid"}
        ]
    }
    assert set(errors["6"]) == {"channel", "date"}
    assert not MetricDaily.objects.exists()


def test_metrics_batch_over_limit_is_413(personas, api_as, monkeypatch):
    monkeypatch.setattr(services.metrics, "METRICS_MAX_BATCH", 2)
    campaign = CampaignFactory(workspace=personas.workspace)
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(3)]
    response = api_as(personas.marketer).post(url(personas, "metrics/"), rows, format="json")
    assert response.status_code == 413
    assert not MetricDaily.objects.exists()


def test_metrics_write_needs_scope_for_integration_tokens(personas, api_client):
    campaign = CampaignFactory(workspace=personas.workspace)
    _t, read_key = integration_token_create(
        workspace=personas.workspace, actor=personas.owner, name="r", scopes=["read"]
    )
    _t, write_key = integration_token_create(
        workspace=personas.workspace, actor=personas.owner, name="w", scopes=["metrics:write"]
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {read_key}")
    assert (
        api_client.post(
            url(personas, "metrics/"), [metric_row(campaign, campaign.starts_on)], format="json"
        ).status_code
        == 403
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {write_key}")
    assert (
        api_client.post(
            url(personas, "metrics/"), [metric_row(campaign, campaign.starts_on)], format="json"
        ).status_code
        == 200
    )
    assert MetricDaily.objects.count() == 1


def test_metrics_viewer_cannot_write(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    response = api_as(personas.viewer).post(
        url(personas, "metrics/"), [metric_row(campaign, campaign.starts_on)], format="json"
    )
    assert response.status_code == 403
    assert not MetricDaily.objects.exists()


# --- conversions -----------------------------------------------------------------------------


def test_conversions_idempotent_by_external_id_and_attributed_by_utm(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace, utm_campaign="kulich-2026")
    client = api_as(personas.marketer)
    rows = [
        {
            "external_id": "amo-1",
            "utm_campaign": "kulich-2026",
            "kind": "lead",
            "amount": "0",
            "occurred_at": "2026-03-05T10:00:00+03:00",
        },
        {
            "external_id": "amo-2",
            "campaign": campaign.pk,
            "kind": "sale",
            "amount": "2450.00",
            "occurred_at": "2026-03-06T12:30:00+03:00",
        },
    ]
    assert client.post(url(personas, "conversions/"), rows, format="json").json() == {
        "received": 2,
        "created": 2,
        "updated": 0,
    }
    again = client.post(url(personas, "conversions/"), rows, format="json")
    assert again.json() == {"received": 2, "created": 0, "updated": 2}
    assert Conversion.objects.count() == 2
    lead = Conversion.objects.get(external_id="amo-1")
    assert (lead.campaign_id, lead.kind, lead.utm_campaign) == (campaign.pk, "lead", "kulich-2026")


def test_conversions_bad_rows_reject_batch(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    rows = [
        {
            "external_id": "a",
            "campaign": campaign.pk,
            "kind": "sale",
            "amount": "10",
            "occurred_at": "2026-03-06T12:30:00Z",
        },
        {
            "external_id": "b",
            "utm_campaign": "nope",
            "kind": "sale",
            "amount": "10",
            "occurred_at": "2026-03-06T12:30:00Z",
        },
        {
            "external_id": "a",
            "campaign": campaign.pk,
            "kind": "refund",
            "amount": "-1",
            "occurred_at": "yesterday",
        },
    ]
    response = api_as(personas.marketer).post(url(personas, "conversions/"), rows, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]["rows"]
    assert list(errors["1"]) == ["utm_campaign"]
    assert set(errors["2"]) == {"external_id", "kind", "amount", "occurred_at"}
    assert not Conversion.objects.exists()


# --- alignment -------------------------------------------------------------------------------


def test_alignment_post_queues_check_and_get_shows_reasons(
    personas, api_as, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(
        workspace=personas.workspace,
        objective="reach",
        goal=GoalFactory(workspace=personas.workspace, kind="leads"),
    )
    client = api_as(personas.marketer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(personas, f"campaigns/{campaign.pk}/alignment/"))
    assert response.status_code == 202
    data = client.get(url(personas, f"campaigns/{campaign.pk}/alignment/"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["verdict"] == "misaligned"
    assert data["reasons"][0].startswith("The objective “reach” cannot serve a goal of kind “leads”.")
    assert [h["verdict"] for h in data["history"]] == ["misaligned"]
    assert (
        api_as(personas.viewer).post(url(personas, f"campaigns/{campaign.pk}/alignment/")).status_code == 403
    )


def test_alignment_changed_verdict_recorded_once_when_run_twice(personas, django_capture_on_commit_callbacks):
    from smm_platform.events import domain_event

    seen = []
    domain_event.connect(lambda **kw: seen.append(kw["payload"]), weak=False, dispatch_uid="test-alignment")
    try:
        campaign = CampaignFactory(workspace=personas.workspace, goal=None)
        with django_capture_on_commit_callbacks(execute=True):
            services.alignment_check(campaign_ids=[campaign.pk])
            services.alignment_check(campaign_ids=[campaign.pk])
    finally:
        domain_event.disconnect(dispatch_uid="test-alignment")
    assert list(AlignmentCheck.objects.filter(campaign=campaign).values_list("verdict", flat=True)) == [
        "misaligned"
    ]
    assert [p["verdict"] for p in seen] == ["misaligned"]
    assert seen[0]["previous_verdict"] is None


def test_metrics_ingest_debounces_recheck_to_one_claim(personas, django_capture_on_commit_callbacks):
    campaign = CampaignFactory(workspace=personas.workspace)
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(3)]
    with django_capture_on_commit_callbacks() as callbacks:
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows[:2])
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows[2:])
    assert len(callbacks) == 1  # the second batch found the campaign already flagged
    assert services.alignment_claim_dirty(campaign_id=campaign.pk) is True
    assert services.alignment_claim_dirty(campaign_id=campaign.pk) is False


# --- templates -------------------------------------------------------------------------------


def test_save_as_template_and_instantiate_shift_plan(personas, api_as, monkeypatch):
    campaign = CampaignFactory(
        workspace=personas.workspace, objective="sales", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 30)
    )
    KPI.objects.create(workspace=personas.workspace, campaign=campaign, metric="sales", target_value=200)
    MetricFactory(campaign=campaign, channel="vk", date=date(2026, 3, 2), spend=Decimal("750"))
    MetricFactory(campaign=campaign, channel="telegram", date=date(2026, 3, 2), spend=Decimal("250"))
    imported = []

    def exporter(c):
        return (
            [{"date": date(2026, 3, 5), "title": "Анонс", "kind": "post", "channel": "vk"}]
            if c.pk == campaign.pk
            else []
        )

    # Only this test's seams: planning's real ones are tested in planning.
    monkeypatch.setattr(hooks, "plan_exporters", [exporter])
    monkeypatch.setattr(hooks, "plan_importers", [lambda c, plan, actor: imported.append((c.pk, plan))])
    client = api_as(personas.marketer)
    saved = client.post(
        url(personas, f"campaigns/{campaign.pk}/save-as-template/"), {"name": "Куличи"}, format="json"
    )
    assert saved.status_code == 201, saved.json()
    template = saved.json()
    assert template["duration_days"] == 30
    assert template["budget_split"] == {"vk": 0.75, "telegram": 0.25}
    assert (
        template["plan"] == [{"day_offset": 4, "title": "Анонс", "kind": "post", "channel": "vk", "text": ""}]
        or template["plan"][0]["day_offset"] == 4
    )
    goal = GoalFactory(workspace=personas.workspace)
    started = client.post(
        url(personas, f"templates/{template['id']}/instantiate/"),
        {"name": "Куличи 2027", "starts_on": "2027-04-01", "goal": goal.pk},
        format="json",
    )
    assert started.status_code == 201, started.json()
    data = started.json()
    assert (data["campaign"]["starts_on"], data["campaign"]["ends_on"]) == ("2027-04-01", "2027-04-30")
    assert data["campaign"]["kpis"] == [{"metric": "sales", "target_value": "200.00"}]
    assert data["plan"][0]["date"] == "2027-04-05"
    assert imported[0][1][0]["date"] == date(2027, 4, 5)
    assert Campaign.objects.get(pk=data["campaign"]["id"]).template_id == template["id"]


def test_template_instantiate_by_viewer_is_forbidden(personas, api_as):
    template = TemplateFactory(workspace=personas.workspace)
    response = api_as(personas.viewer).post(
        url(personas, f"templates/{template.pk}/instantiate/"),
        {"name": "x", "starts_on": "2027-01-01"},
        format="json",
    )
    assert response.status_code == 403
    assert CampaignTemplate.objects.count() == 1 and not Campaign.objects.exists()


def test_trend_trial_measures_effect(personas, api_as):
    campaign = CampaignFactory(
        workspace=personas.workspace, starts_on=timezone.localdate() - timedelta(days=20)
    )
    for i in range(20):
        day = campaign.starts_on + timedelta(days=i)
        MetricFactory(campaign=campaign, date=day, reach=1000, engagements=20 if i < 10 else 50)
    client = api_as(personas.marketer)
    trend = client.post(
        url(personas, "trends/"),
        {"name": "Вертикальные клипы", "platform": "vk", "noticed_on": "2026-01-10", "status": "testing"},
        format="json",
    ).json()
    trial = client.post(
        url(personas, f"trends/{trend['id']}/trials/"),
        {
            "campaign": campaign.pk,
            "started_on": (campaign.starts_on + timedelta(days=10)).isoformat(),
            "ended_on": (campaign.starts_on + timedelta(days=19)).isoformat(),
            "metric": "engagement_rate",
        },
        format="json",
    )
    assert trial.status_code == 201, trial.json()
    assert (trial.json()["baseline_value"], trial.json()["observed_value"], trial.json()["effect_pct"]) == (
        "2.0000",
        "5.0000",
        "150.0",
    )


def test_campaign_delete_refused_while_a_partner_deal_refers_to_it(personas, api_as):
    from partners.tests.factories import DealFactory, PartnerFactory  # partners build on campaigns

    campaign = CampaignFactory(workspace=personas.workspace)
    deal = DealFactory(partner=PartnerFactory(workspace=personas.workspace), campaign=campaign)
    response = api_as(personas.marketer).delete(
        url(personas, f"campaigns/{campaign.pk}/"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "protected"
    refs = response.json()["errors"]["referenced_by"]
    assert {(r["object"], r["id"], r["code"]) for r in refs} >= {("partners.deal", deal.pk, "protected")}
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_campaign_delete_by_marketer_removes_metrics(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    MetricFactory(campaign=campaign)
    assert api_as(personas.viewer).delete(url(personas, f"campaigns/{campaign.pk}/")).status_code == 403
    assert api_as(personas.marketer).delete(url(personas, f"campaigns/{campaign.pk}/")).status_code == 204
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert not MetricDaily.objects.exists()
