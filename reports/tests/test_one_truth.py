"""One goal, one number: dashboard, goals page, campaign page, API and the report snapshot (and
its CSV, parsed back) give the same figure, with metric rows and CRM conversions inside and
outside the goal's period; adding a conversion moves every surface by the same amount."""

import csv
import io
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import Conversion
from reports import services
from reports.renderers.csv import dialect_for

from .factories import CampaignFactory, GoalFactory, MetricFactory


def _world(workspace):
    today = timezone.localdate()
    start, end = today - timedelta(days=10), today + timedelta(days=10)
    goal = GoalFactory(
        workspace=workspace,
        name="Торты",
        target_metric="sales",
        target_value=Decimal("3"),
        starts_on=start,
        ends_on=end,
    )
    crm = CampaignFactory(workspace=workspace, goal=goal, starts_on=start - timedelta(days=5), ends_on=end)
    metrics = CampaignFactory(
        workspace=workspace, goal=goal, starts_on=start - timedelta(days=5), ends_on=end
    )
    for campaign in (crm, metrics):
        MetricFactory(campaign=campaign, date=start, sales=5, leads=9, spend=Decimal("1000"))
        MetricFactory(
            campaign=campaign, date=start - timedelta(days=2), sales=50, spend=Decimal("7")
        )  # outside
    _sale(crm, start + timedelta(days=1), "in-1")
    _sale(crm, start - timedelta(days=3), "out-1")  # before the goal: never counts for it
    return goal, crm, metrics, start, end


def _sale(campaign, day, external_id):
    return Conversion.objects.create(
        workspace=campaign.workspace,
        campaign=campaign,
        external_id=external_id,
        kind="sale",
        amount=Decimal("100"),
        occurred_at=timezone.make_aware(datetime.combine(day, time(12))),
    )


def _surfaces(personas, client, api, goal, crm, start, end, capture):
    slug = personas.workspace.slug
    home = client.get(reverse("reports:home", kwargs={"workspace_slug": slug})).context
    tile = next(t for t in home["summary"]["goal_tiles"] if t["goal"].pk == goal.pk)
    goals = client.get(reverse("campaigns:goals", kwargs={"workspace_slug": slug})).context
    node = next(n["goal"] for n in goals["nodes"] if n["goal"].pk == goal.pk)
    page = client.get(reverse("campaigns:detail", kwargs={"workspace_slug": slug, "pk": crm.pk})).context
    api_goal = api.get(f"/api/v1/workspaces/{slug}/goals/{goal.pk}/").json()
    with capture(execute=True):
        run = services.run_request(
            workspace=personas.workspace,
            actor=personas.owner,
            kind="workspace",
            formats=["csv"],
            period_start=start,
            period_end=end,
        )
    run.refresh_from_db()
    results = run.snapshot["sections"][0]
    goal_row = next(
        r for t in results["tables"] if t["key"] == "goals" for r in t["rows"] if r[0] == goal.name
    )
    with run.files.get(format="csv").file.open("rb") as handle:
        delimiter, decimal = dialect_for(run.language)
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig")), delimiter=delimiter))
    csv_row = next(r for r in rows if r[:1] == [goal.name] and len(r) > 3)
    return {
        "dashboard": Decimal(tile["value"]),
        "goals page": Decimal(node.figure.actual),
        "api": Decimal(api_goal["actual"]),
        "snapshot": Decimal(str(goal_row[3])),
        "csv": Decimal(csv_row[3].replace(decimal, ".")),
    }, page["figure"].results.sales


@pytest.mark.django_db(transaction=False)
def test_every_surface_gives_the_goal_the_same_figure(
    personas, client, api_as, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    goal, crm, _metrics, start, end = _world(personas.workspace)
    client.force_login(personas.owner)
    if True:
        found, campaign_sales = _surfaces(
            personas,
            client,
            api_as(personas.owner),
            goal,
            crm,
            start,
            end,
            django_capture_on_commit_callbacks,
        )
    # CRM campaign: 1 sale in the period (its metric rows' 5 are replaced, never added); metrics
    # campaign: 5 in the period (the 50 before it do not count)
    assert set(found.values()) == {Decimal("6")}, found
    assert campaign_sales == 2  # the campaign page counts its own dates: both CRM sales


@pytest.mark.django_db
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(extra=st.integers(min_value=1, max_value=4))
def test_adding_conversions_moves_every_surface_by_the_same_amount(
    extra, personas, client, api_as, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    Conversion.objects.all().delete()
    from campaigns.models import BusinessGoal, Campaign

    Campaign.objects.all().delete()
    BusinessGoal.objects.all().delete()
    goal, crm, _metrics, start, end = _world(personas.workspace)
    client.force_login(personas.owner)
    api = api_as(personas.owner)
    if True:
        before, _s = _surfaces(
            personas, client, api, goal, crm, start, end, django_capture_on_commit_callbacks
        )
        for i in range(extra):
            _sale(crm, start + timedelta(days=2), f"new-{extra}-{i}")
        after, _s = _surfaces(
            personas, client, api, goal, crm, start, end, django_capture_on_commit_callbacks
        )
    assert {name: after[name] - before[name] for name in before} == dict.fromkeys(before, Decimal(extra))
