"""The campaign page's small chart "KPI pace vs target" ("Темп KPI и цель") keeps its legend clear
of its plot and axes at the widths the page is read at: the legend's box (``Chart.getChart(canvas)
.legend``) crosses neither the chart area nor a scale's box nor any tick label (the y axis's top
label once sat on a three-row legend), every legend item is drawn whole, and the plot is not
squeezed into a strip."""

from decimal import Decimal

import pytest

from accounts.tests.factories import PASSWORD, make_personas
from campaigns.tests.factories import KPIFactory

from .conftest import ARTIFACTS, campaign_ahead_of_clicks_pace, sign_in, switch_language

# The legend's box, the plot's box and each scale's box with the box of every tick label: a
# vertical axis's labels sit centred on their grid lines, so the top one reaches half a line above
# the plot (where a legend above it may be).
BOXES = """() => {
  const chart = Chart.getChart("chart-pace");
  const box = (b) => ({ left: b.left, top: b.top, right: b.right, bottom: b.bottom });
  const labels = (scale) => {
    const half = Chart.helpers.toFont(scale.options.ticks.font).lineHeight / 2;
    return scale.ticks.map((tick, i) => {
      const at = scale.getPixelForTick(i);
      return scale.isHorizontal()
        ? { left: at - half, right: at + half, top: scale.top, bottom: scale.bottom }
        : { left: scale.left, right: scale.right, top: at - half, bottom: at + half };
    });
  };
  return {
    legend: box(chart.legend),
    area: box(chart.chartArea),
    scales: Object.fromEntries(Object.entries(chart.scales).map(([id, s]) => [id, [box(s), ...labels(s)]])),
    items: chart.legend.legendHitBoxes.map((b) => ({ left: b.left, top: b.top, right: b.left + b.width, bottom: b.top + b.height })),
    shown: chart.legend.legendItems.length,
    canvas: { width: chart.width, height: chart.height },
  };
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 768, 390])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_pace_chart_legend_stays_clear_of_the_plot_and_axes(browser, live_server, width, language):
    personas = make_personas()
    campaign = campaign_ahead_of_clicks_pace(personas)
    KPIFactory(campaign=campaign, metric="reach", target_value=Decimal("2000"))

    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": width, "height": 900}
    )
    try:
        page = context.new_page()
        sign_in(page, personas.owner.email, PASSWORD)
        switch_language(page, language)
        page.goto(f"/w/acme/campaigns/{campaign.pk}/")
        page.wait_for_function("() => window.Chart && Chart.getChart('chart-pace')")
        page.locator("#chart-pace").scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#chart-pace").screenshot(path=str(ARTIFACTS / f"pace-legend-{language}-{width}.png"))
        boxes = page.evaluate(BOXES)
        assert not _overlap(boxes["legend"], boxes["area"]), boxes
        crossed = [
            s for s, parts in boxes["scales"].items() if any(_overlap(boxes["legend"], b) for b in parts)
        ]
        assert crossed == [], boxes
        # every item of the legend is drawn whole inside the canvas
        assert len(boxes["items"]) == boxes["shown"] == 3, boxes
        assert all(b["top"] >= 0 and b["bottom"] <= boxes["canvas"]["height"] for b in boxes["items"]), boxes
        # the legend does not squeeze the plot into a strip (it had 29 % of a 1366 px page's canvas)
        area = boxes["area"]
        assert area["bottom"] - area["top"] >= boxes["canvas"]["height"] * 0.4, boxes
    finally:
        context.close()
