"""Labels of progress bars are never cut at 1280 px, in Russian and in English: the campaign page's
KPI pace ("109,1 %" / "109.1%") and the goals page's progress ("0,0 %" / "0.0%" of a goal with
nothing done yet) sit beside their bars, whole, however narrow the bar is."""

from decimal import Decimal

import pytest

from accounts.tests.factories import PASSWORD, make_personas
from campaigns.tests.factories import GoalFactory, KPIFactory

from .conftest import ARTIFACTS, campaign_ahead_of_clicks_pace, sign_in, switch_language

# every label is whole: not clipped by its own box nor by a parent that hides overflow
CLIPPED = """(selector) => Array.from(document.querySelectorAll(selector)).map((el) => {
  const box = el.getBoundingClientRect();
  let clipped = el.scrollWidth > el.clientWidth + 1;
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX === "visible") continue;
    const outer = p.getBoundingClientRect();
    if (box.left < outer.left - 1 || box.right > outer.right + 1) clipped = true;
  }
  return { text: el.textContent.trim(), clipped: clipped, width: box.width };
})"""

LOCALE = {"ru": "ru-RU", "en": "en-US"}
ZERO = {"ru": "0,0\xa0%", "en": "0.0%"}


def _percent(text: str, language: str) -> float:
    """ "109,1 %" (Russian) or "1,109.1%" (English) as the number it shows."""
    number = text.replace("\xa0", "").replace(" ", "").rstrip("%")
    return float(number.replace(",", ".") if language == "ru" else number.replace(",", ""))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_pace_and_progress_labels_are_whole_at_1280(browser, live_server, language):
    personas = make_personas()
    campaign = campaign_ahead_of_clicks_pace(
        personas
    )  # clicks over 100 % of pace  # ahead of pace: over 100 %
    KPIFactory(campaign=campaign, metric="reach", target_value=Decimal("200000"))  # far behind: an empty bar
    GoalFactory(workspace=personas.workspace, name="Пустая цель", target_metric="leads", target_value=1000)

    context = browser.new_context(
        base_url=live_server.url, locale=LOCALE[language], viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        sign_in(page, personas.owner.email, PASSWORD)
        switch_language(page, language)
        ARTIFACTS.mkdir(exist_ok=True)

        page.goto(f"/w/acme/campaigns/{campaign.pk}/")
        assert page.evaluate("document.documentElement.lang") == language
        page.screenshot(path=str(ARTIFACTS / f"kpi-pace-{language}-1280.png"), full_page=True)
        labels = page.evaluate(CLIPPED, "[data-testid=kpi-pace]")
        texts = [label["text"] for label in labels]
        assert len(texts) == 2 and texts[1] == ZERO[language], texts
        assert _percent(texts[0], language) > 100, texts
        assert not [label for label in labels if label["clipped"]], labels

        page.goto("/w/acme/campaigns/goals/")
        page.screenshot(path=str(ARTIFACTS / f"goal-progress-{language}-1280.png"), full_page=True)
        labels = page.evaluate(CLIPPED, "[data-testid=goal-progress]")
        assert ZERO[language] in [label["text"] for label in labels]
        assert not [label for label in labels if label["clipped"]], labels
    finally:
        context.close()
