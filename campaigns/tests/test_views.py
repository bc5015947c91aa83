"""Dashboard pages of the campaigns area."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.models import AlignmentSettings, BusinessGoal, Campaign, MetricDaily

from .factories import (
    CampaignFactory,
    ConversionFactory,
    GoalFactory,
    KPIFactory,
    MetricFactory,
    SegmentFactory,
    TemplateFactory,
    TrendFactory,
    TrendTrialFactory,
)

pytestmark = pytest.mark.django_db


def u(personas, name, **kwargs):
    return reverse(f"campaigns:{name}", kwargs={"workspace_slug": personas.workspace.slug, **kwargs})


def test_pages_render_for_viewer_with_data(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace, name="Куличи <script>")
    KPIFactory(campaign=campaign, metric="sales", target_value=100)
    for i in range(10):
        MetricFactory(campaign=campaign, date=campaign.starts_on + timedelta(days=i))
    ConversionFactory(campaign=campaign)
    services.alignment_check(campaign_ids=[campaign.pk])
    SegmentFactory(workspace=personas.workspace)
    TrendTrialFactory(trend=TrendFactory(workspace=personas.workspace), campaign=campaign)
    TemplateFactory(workspace=personas.workspace)
    client.force_login(personas.viewer)
    for name, kwargs in [
        ("index", {}),
        ("detail", {"pk": campaign.pk}),
        ("goals", {}),
        ("segments", {}),
        ("trends", {}),
        ("templates", {}),
        ("alignment-settings", {}),
    ]:
        response = client.get(u(personas, name, **kwargs))
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "Куличи <script>" not in body, name
        if name in ("index", "detail", "goals"):
            assert "Куличи &lt;script&gt;" in body, name
    detail = client.get(u(personas, "detail", pk=campaign.pk)).content.decode()
    assert 'id="campaign-charts"' in detail
    assert 'data-testid="alignment-timeline"' in detail


def test_empty_pages_show_empty_states(personas, client):
    client.force_login(personas.marketer)
    for name in ("index", "goals", "segments", "trends", "templates"):
        assert 'data-testid="empty-state"' in client.get(u(personas, name)).content.decode(), name


def test_viewer_cannot_open_forms_or_post(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace, status="draft")
    client.force_login(personas.viewer)
    assert client.get(u(personas, "create")).status_code == 403
    assert client.get(u(personas, "goal-create")).status_code == 403
    assert client.get(u(personas, "metrics-upload")).status_code == 403
    assert client.post(u(personas, "transition", pk=campaign.pk), {"action": "submit"}).status_code == 403
    assert client.post(u(personas, "alignment-settings"), {"min_data_days": 3}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_outsider_gets_404_on_pages(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace)
    client.force_login(personas.outsider)
    assert client.get(u(personas, "index")).status_code == 404
    assert client.get(u(personas, "detail", pk=campaign.pk)).status_code == 404


def test_other_workspace_campaign_is_404_for_member(personas, client):
    foreign = CampaignFactory(workspace=personas.other_workspace)
    client.force_login(personas.owner)
    assert client.get(u(personas, "detail", pk=foreign.pk)).status_code == 404


def test_campaign_create_page_creates_with_kpis(personas, client):
    goal = GoalFactory(workspace=personas.workspace)
    segment = SegmentFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    response = client.post(
        u(personas, "create"),
        {
            "name": "Тыквенный латте",
            "objective": "sales",
            "goal": goal.pk,
            "channels": ["vk", "telegram"],
            "budget": "80000",
            "starts_on": "2026-09-01",
            "ends_on": "2026-10-31",
            "segments": [segment.pk],
            "utm_campaign": "latte-2026",
            "kpi-TOTAL_FORMS": "2",
            "kpi-INITIAL_FORMS": "0",
            "kpi-0-metric": "sales",
            "kpi-0-target_value": "400",
            "kpi-1-metric": "",
            "kpi-1-target_value": "",
        },
    )
    campaign = Campaign.objects.get(name="Тыквенный латте")
    assert response.status_code == 302
    assert response["Location"] == u(personas, "detail", pk=campaign.pk)
    assert list(campaign.kpis.values_list("metric", "target_value")) == [("sales", Decimal("400.00"))]
    assert campaign.channels == ["vk", "telegram"]
    assert list(campaign.segments.all()) == [segment]


def test_status_buttons_follow_roles(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace, status="proposed")
    client.force_login(personas.marketer)
    page = client.get(u(personas, "detail", pk=campaign.pk)).content.decode()
    assert 'data-testid="action-approve"' not in page
    assert client.post(u(personas, "transition", pk=campaign.pk), {"action": "approve"}).status_code == 403
    client.force_login(personas.manager)
    page = client.get(u(personas, "detail", pk=campaign.pk)).content.decode()
    assert 'data-testid="action-approve"' in page
    client.post(u(personas, "transition", pk=campaign.pk), {"action": "approve"})
    campaign.refresh_from_db()
    assert campaign.status == "approved"


def test_campaign_list_query_count_constant_at_10_and_10000(personas, client):
    from .test_api import _bulk_campaigns

    client.force_login(personas.viewer)
    goal = GoalFactory(workspace=personas.workspace)
    segment = SegmentFactory(workspace=personas.workspace)
    _bulk_campaigns(personas.workspace, goal, segment, 10)
    client.get(u(personas, "index"))
    with CaptureQueriesContext(connection) as ten:
        assert client.get(u(personas, "index")).status_code == 200
    _bulk_campaigns(personas.workspace, goal, segment, 9990)
    with CaptureQueriesContext(connection) as many:
        response = client.get(u(personas, "index"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 10000
    assert len(many.captured_queries) == len(ten.captured_queries)


def test_goal_tree_shows_progress_from_crm(personas, client):
    goal = GoalFactory(
        workspace=personas.workspace, name="Продажи тортов", target_metric="sales", target_value=10
    )
    campaign = CampaignFactory(workspace=personas.workspace, goal=goal)
    for _ in range(4):
        ConversionFactory(campaign=campaign, kind="sale")
    client.force_login(personas.viewer)
    page = client.get(u(personas, "goals")).content.decode()
    assert '<strong data-testid="goal-actual">4</strong> / 10' in page
    assert 'data-testid="goal-progress">40.0%<' in page
    assert 'data-testid="figures-rule"' in page


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("metrics.csv", text.encode("utf-8"), content_type="text/csv")


def test_metrics_upload_preview_then_store(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    client.force_login(personas.marketer)
    csv_text = f"channel;date;impressions;reach;clicks;spend\nvk;{day.isoformat()};1000;800;40;500,50\ntelegram;{(day + timedelta(days=1)).isoformat()};900;600;30;400\n"
    page = client.post(u(personas, "metrics-upload"), {"file": _csv(csv_text), "campaign": campaign.pk})
    body = page.content.decode()
    assert 'data-testid="upload-valid"' in body
    assert not MetricDaily.objects.exists()
    token = page.context["token"]
    response = client.post(u(personas, "metrics-upload-confirm"), {"token": token})
    assert response.status_code == 302
    assert MetricDaily.objects.filter(campaign=campaign).count() == 2
    assert MetricDaily.objects.get(channel="vk").spend == Decimal("500.50")


def test_metrics_upload_shows_line_numbers_of_errors_and_stores_nothing(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    csv_text = f"campaign,channel,date,clicks\n{campaign.pk},vk,{campaign.starts_on},10\n{campaign.pk},vk,2001-01-01,-1\n"
    page = client.post(u(personas, "metrics-upload"), {"file": _csv(csv_text)})
    assert page.context["error_rows"] == 1
    messages = page.context["error_messages"]
    assert len(messages) == 2 and all(m.startswith("Row 3, column “") for m in messages)
    assert {m.split("“")[1].split("”")[0] for m in messages} == {"date", "clicks"}
    assert (
        client.post(u(personas, "metrics-upload-confirm"), {"token": page.context["token"]}).status_code
        == 302
    )
    assert not MetricDaily.objects.exists()


def test_metrics_upload_xlsx(personas, client):
    from openpyxl import Workbook

    campaign = CampaignFactory(workspace=personas.workspace)
    book = Workbook()
    sheet = book.active
    sheet.append(["campaign", "channel", "date", "reach", "spend"])
    sheet.append([campaign.pk, "ok", campaign.starts_on, 1500, 1200.5])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(personas.marketer)
    upload = SimpleUploadedFile("m.xlsx", buffer.getvalue())
    page = client.post(u(personas, "metrics-upload"), {"file": upload})
    assert page.context["valid"] is True
    client.post(u(personas, "metrics-upload-confirm"), {"token": page.context["token"]})
    row = MetricDaily.objects.get()
    assert (row.channel, row.reach, row.spend) == ("ok", 1500, Decimal("1200.50"))


def test_alignment_settings_saved_by_manager(personas, client):
    client.force_login(personas.manager)
    data = {
        "min_data_days": 5,
        "dead_no_posts_days": 10,
        "dead_min_engagement_rate": "0.5",
        "dead_followers_window_days": 21,
        "dead_reach_per_follower_drop_pct": 40,
        "zero_effect_grace_days": 10,
        "zero_effect_min_spend": "3000",
        "vanity_growth_pct": 25,
        "pace_at_risk_ratio": "0.9",
        "pace_misaligned_ratio": "0.6",
        "cost_tolerance_pct": 10,
    }
    assert client.post(u(personas, "alignment-settings"), data).status_code == 302
    row = AlignmentSettings.objects.get(workspace=personas.workspace)
    assert (row.dead_no_posts_days, row.pace_at_risk_ratio) == (10, Decimal("0.90"))


def test_goal_create_page(personas, client):
    client.force_login(personas.marketer)
    response = client.post(
        u(personas, "goal-create"),
        {
            "name": "Заявки на франшизу",
            "kind": "leads",
            "target_metric": "leads",
            "target_value": "60",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "owner": personas.owner.pk,
        },
    )
    assert response.status_code == 302
    goal = BusinessGoal.objects.get()
    assert (goal.kind, goal.owner, goal.workspace) == ("leads", personas.owner, personas.workspace)


@pytest.mark.django_db
def test_trend_radar_reads_russian_percents_and_keeps_long_names_in_their_card(personas, client):
    from datetime import date

    from campaigns.models import Trend, TrendTrial

    personas.marketer.language = "ru"
    personas.marketer.save(update_fields=["language"])
    client.force_login(personas.marketer)
    ws = personas.workspace
    campaign = CampaignFactory(workspace=ws, name="Розыгрыш")
    trend = Trend.objects.create(
        workspace=ws,
        name="Челленджи с хэштегом в Одноклассниках",
        platform="ok",
        noticed_on=date(2026, 11, 1),
    )
    TrendTrial.objects.create(
        workspace=ws,
        trend=trend,
        campaign=campaign,
        started_on=date(2026, 11, 2),
        metric="sales",
        baseline_value=Decimal("100"),
        observed_value=Decimal("77.9"),
    )
    body = client.get(reverse("campaigns:trends", kwargs={"workspace_slug": ws.slug})).content.decode()
    assert "-22,1\u00a0%" in body and "-22.1%" not in body
    # The platform badge stands on its own line above the name (beside it, "Одноклассники" next
    # to "Одноклассниках" overflowed a quarter-width card).
    assert (
        '<span class="badge text-bg-light border mb-1" data-testid="trend-platform">Одноклассники</span>'
        in body
    )
    assert 'justify-content-between"><strong>' not in body
