"""The campaign list fits a 1280 px screen: no column (the budget last of all) is cut or needs a
horizontal scroll, in Russian and in English, with long names like the demo's and seven-figure
budgets."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, make_personas
from campaigns.tests.factories import CampaignFactory, GoalFactory, MetricFactory

from .conftest import ARTIFACTS, sign_in, switch_language

FITS = """() => {
  const table = document.querySelector("[data-testid=campaign-table]");
  const wrapper = table.parentElement;
  const main = document.getElementById("main").getBoundingClientRect();
  const budget = Array.from(table.querySelectorAll("tr > :last-child")).map((c) => c.getBoundingClientRect().right);
  return {
    scrolls: wrapper.scrollWidth > wrapper.clientWidth + 1,
    page_scrolls: document.documentElement.scrollWidth > window.innerWidth,
    budget_cut: budget.some((right) => right > main.right + 1),
  };
}"""

LOCALE = {"ru": "ru-RU", "en": "en-US"}
GOAL = {
    "ru": "Выручка кондитерского направления за IV квартал",
    "en": "Revenue of the confectionery line in the fourth quarter",
}
CAMPAIGNS = {
    "ru": (
        ("Новогодние торты на заказ: ВКонтакте и Telegram", "sales"),
        ("Завтраки для офисов (B2B) — охватная кампания", "reach"),
        ("Вовлечение подписчиков сообщества «Колосок»", "engagement"),
    ),
    "en": (
        ("New Year cakes made to order: VKontakte and Telegram", "sales"),
        ("Breakfasts for offices (B2B): a campaign for reach", "reach"),
        ("Engaging the subscribers of the “Kolosok” community", "engagement"),
    ),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_campaign_list_fits_1280_without_cutting_the_budget(browser, live_server, language):
    personas = make_personas()
    goal = GoalFactory(workspace=personas.workspace, name=GOAL[language])
    start = timezone.localdate() - timedelta(days=20)
    for name, objective in CAMPAIGNS[language]:
        campaign = CampaignFactory(
            workspace=personas.workspace,
            goal=goal,
            name=name,
            objective=objective,
            channels=["vk", "telegram", "ok"],
            budget=Decimal("1250000"),
            starts_on=start,
            ends_on=start + timedelta(days=60),
        )
        MetricFactory(campaign=campaign, date=start, spend=Decimal("845320.55"))

    context = browser.new_context(
        base_url=live_server.url, locale=LOCALE[language], viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        sign_in(page, personas.owner.email, PASSWORD)
        switch_language(page, language)
        page.goto("/w/acme/campaigns/")
        assert page.evaluate("document.documentElement.lang") == language
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"campaign-list-{language}-1280.png"), full_page=True)
        assert page.evaluate(FITS) == {"scrolls": False, "page_scrolls": False, "budget_cut": False}
    finally:
        context.close()
