"""The campaign list's spend and the template library's performance read ``campaigns.figures``:
they agree with the campaign pages (own dates only, CRM sales replacing metric sales)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.figures import Results

from .factories import CampaignFactory, ConversionFactory, GoalFactory, MetricFactory, TemplateFactory

pytestmark = pytest.mark.django_db


def u(personas, name, **kwargs):
    return reverse(f"campaigns:{name}", kwargs={"workspace_slug": personas.workspace.slug, **kwargs})


def _started_from(template, **kwargs):
    campaign = CampaignFactory(workspace=template.workspace, template=template, **kwargs)
    MetricFactory(campaign=campaign, date=campaign.starts_on, spend=Decimal("1000.40"), sales=3, leads=7)
    MetricFactory(
        campaign=campaign,
        date=campaign.starts_on + timedelta(days=1),
        spend=Decimal("200"),
        sales=0,
        leads=0,
        revenue=0,
    )
    # before the campaign's own dates: no page counts it
    MetricFactory(campaign=campaign, date=campaign.starts_on - timedelta(days=3), spend=Decimal("90000"))
    return campaign


def test_list_and_template_library_agree_with_the_campaign_pages(personas, client):
    template = TemplateFactory(workspace=personas.workspace, name="Масленица")
    crm = _started_from(template, name="С CRM")
    ConversionFactory(campaign=crm, amount=Decimal("2500"))  # CRM sales replace the rows' 3 sales
    plain = _started_from(template, name="Без CRM")
    personas.viewer.language = "ru"
    personas.viewer.save(update_fields=["language"])
    client.force_login(personas.viewer)

    pages = {c.pk: client.get(u(personas, "detail", pk=c.pk)).context["figure"].results for c in (crm, plain)}
    assert pages[crm.pk].sales == 1 and pages[plain.pk].sales == 3
    assert pages[crm.pk].spend == Decimal("1200.40")

    listing = client.get(u(personas, "index"))
    spent = {c.pk: c.figure.results.spend for c in listing.context["campaigns"]}
    assert spent == {pk: results.spend for pk, results in pages.items()}
    assert "1\xa0200,40\xa0₽ / 100\xa0000,00\xa0₽" in listing.content.decode()  # not 91 200

    library = client.get(u(personas, "templates"))
    row = next(t for t in library.context["templates"] if t.pk == template.pk)
    expected = Results.total(pages.values())
    assert (
        (row.results.spend, row.results.leads, row.results.sales, row.results.revenue)
        == (
            expected.spend,
            expected.leads,
            expected.sales,
            expected.revenue,
        )
        == (Decimal("2400.80"), 14, 4, Decimal("4000.00"))
    )
    body = library.content.decode()
    assert "2\xa0400,80\xa0₽" in body and "14 / 4" in body and "4\xa0000,00\xa0₽" in body


def test_campaign_charts_follow_the_figures_and_are_empty_states_without_data(personas, client):
    client.force_login(personas.viewer)
    # metric rows of nothing at all, no KPIs: three empty states, no chart data on the page
    idle = CampaignFactory(workspace=personas.workspace)
    MetricFactory(
        campaign=idle, impressions=0, reach=0, clicks=0, leads=0, sales=0, revenue=0, spend=0, engagements=0
    )
    body = client.get(u(personas, "detail", pk=idle.pk)).content.decode()
    assert body.count('data-testid="chart-empty"') == 3
    assert 'id="campaign-charts"' not in body and "<canvas" not in body

    # spend and CRM sales: the cumulative chart ends at the page's figures (CRM sales replace the
    # rows' sales; rows before the campaign's dates do not count)
    goal = GoalFactory(workspace=personas.workspace, kind="sales", target_metric="sales")
    campaign = _started_from(TemplateFactory(workspace=personas.workspace), goal=goal, objective="sales")
    ConversionFactory(
        campaign=campaign, occurred_at=timezone.make_aware(datetime.combine(campaign.starts_on, time(12)))
    )
    response = client.get(u(personas, "detail", pk=campaign.pk))
    figure, spend = response.context["figure"], response.context["chart_data"]["spend"]
    assert (
        (spend["spend"][-1], spend["result"][-1])
        == (float(figure.results.spend), figure.results.sales)
        == (
            1200.4,
            1,
        )
    )
    assert spend["labels"][0] == campaign.starts_on.isoformat() and spend["result_format"] == "int"
    assert "pace" not in response.context["chart_data"]  # no KPIs
    assert response.content.decode().count('data-testid="chart-empty"') == 1
