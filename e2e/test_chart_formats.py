"""Charts read in the page's language, not the browser's (the browser here is ru-RU): on a campaign
page the spend axis, its tooltip and the day axis format through Intl in <html lang>, as the
numbers next to them do; a chart with no data is an empty state, not a canvas with a made-up axis."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from campaigns.tests.factories import CampaignFactory, MetricFactory

from .conftest import sign_in, switch_language

FORMATTERS = """() => {
  const chart = Chart.getChart("chart-spend");
  const y = chart.options.scales.y, x = chart.options.scales.x;
  const label = chart.options.plugins.tooltip.callbacks.label;
  const title = chart.options.plugins.tooltip.callbacks.title;
  return {
    tick: y.ticks.callback.call(chart.scales.y, 160000),
    results_tick: chart.options.scales.y1.ticks.callback.call(chart.scales.y1, 160000),
    tooltip: label({ dataset: { label: "S", format: "money" }, parsed: { x: 0, y: 160000.5 } }),
    day: x.ticks.callback.call(chart.scales.x, 0),
    title: title([{ label: chart.data.labels[0] }]),
    pace_empty: document.getElementById("chart-pace") === null,
  };
}"""


@pytest.mark.django_db(transaction=True)
def test_campaign_charts_format_numbers_and_days_in_the_page_language(page, live_server):
    personas = make_personas()
    start = timezone.localdate() - timedelta(days=5)
    campaign = CampaignFactory(workspace=personas.workspace, name="Торты", starts_on=start)
    for i in range(3):
        MetricFactory(campaign=campaign, date=start + timedelta(days=i), spend=Decimal("53333.50"), sales=0)

    sign_in(page, personas.owner.email, PASSWORD)
    switch_language(page, "ru")
    page.goto(f"/w/acme/campaigns/{campaign.pk}/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-spend')")
    ru = page.evaluate(FORMATTERS)
    first = start.strftime("%d.%m")
    assert ru == {
        "tick": "160\xa0000\xa0₽",
        "results_tick": "160\xa0000",
        "tooltip": "S: 160\xa0000,50\xa0₽",
        "day": first,
        "title": start.strftime("%d.%m.%Y"),
        "pace_empty": True,  # no KPIs: "Нет данных за период" instead of a chart
    }
    expect(page.locator("[data-testid=chart-empty]")).to_have_text("Нет данных за период")
    # the page's own figure and the chart's read alike
    expect(page.locator("[data-figure=spend]")).to_have_text("160\xa0000,50\xa0₽")

    switch_language(page, "en")
    page.goto(f"/w/acme/campaigns/{campaign.pk}/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-spend')")
    en = page.evaluate(FORMATTERS)
    assert en == {
        "tick": "₽160,000",
        "results_tick": "160,000",
        "tooltip": "S: ₽160,000.50",
        "day": f"{start.strftime('%b')} {start.day}",
        "title": f"{start.strftime('%b')} {start.day}, {start.year}",
        "pace_empty": True,
    }
    expect(page.locator("[data-testid=chart-empty]")).to_have_text("No data for this period")


@pytest.mark.django_db(transaction=True)
def test_incident_timeline_hours_read_in_the_server_time_zone_not_the_browser_s(browser, live_server):
    """A browser in UTC (the demo's reader was 3 hours off) sees the incident's hour as the posts
    listed under it: 14:00 Moscow time for a post at 11:20 UTC."""
    from negativity.tests.factories import IncidentFactory, MentionFactory

    personas = make_personas()
    attack = IncidentFactory(workspace=personas.workspace)
    MentionFactory(
        workspace=personas.workspace, incident=attack, published_at=datetime(2026, 11, 3, 11, 20, tzinfo=UTC)
    )
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", timezone_id="UTC")
    try:
        page = context.new_page()
        sign_in(page, personas.owner.email, PASSWORD)
        switch_language(page, "ru")
        page.goto(f"/w/acme/inbox/incidents/{attack.pk}/")
        page.wait_for_function("() => window.Chart && Chart.getChart('incident-timeline')")
        labels = page.evaluate("() => Chart.getChart('incident-timeline').data.labels")
        assert labels == ["03.11, 14:00"]
        expect(page.locator("[data-testid=incident-mentions]")).to_contain_text("03.11.2026 14:20")
    finally:
        context.close()
