"""A marketer sets a business goal, plans a campaign with a KPI, a manager approves and starts it,
the marketer uploads a CSV of daily metrics (preview, then store) and sees the alignment verdict
with its reasons, in Russian and then in English."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from campaigns.models import BusinessGoal, Campaign, MetricDaily

from .conftest import sign_in, switch_language


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """The "Check now" button queues a task; run it in the live server's process."""
    from smm_platform.celery import app

    previous = app.conf.CELERY_TASK_ALWAYS_EAGER
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = previous


@pytest.mark.django_db(transaction=True)
def test_goal_campaign_approval_metrics_upload_and_verdict(page, browser, live_server, tmp_path):
    personas = make_personas()
    today = timezone.localdate()
    start = today - timedelta(days=20)

    sign_in(page, personas.marketer.email, PASSWORD)
    switch_language(page, "ru")
    page.click("[data-testid=nav-campaigns]")
    expect(page.locator("main h1")).to_have_text("Кампании и цели")

    page.click("[data-testid=nav-goals]")
    page.click("[data-testid=new-goal]")
    form = page.locator("[data-testid=page-form]")
    form.locator("input[name=name]").fill("Заказы тортов к юбилею сети")
    form.locator("select[name=kind]").select_option("sales")
    form.locator("select[name=target_metric]").select_option("sales")
    form.locator("input[name=target_value]").fill("300")
    form.locator("input[name=starts_on]").fill(start.isoformat())
    form.locator("input[name=ends_on]").fill((today + timedelta(days=40)).isoformat())
    form.locator("input[name=max_cost_per_result]").fill("700")
    form.locator("[data-testid=save]").click()
    expect(page.locator("[data-testid=goal-tree]")).to_contain_text("Заказы тортов к юбилею сети")
    goal = BusinessGoal.objects.get(name="Заказы тортов к юбилею сети")

    page.goto(f"/w/acme/campaigns/new/?goal={goal.pk}")
    form = page.locator("[data-testid=campaign-form]")
    form.locator("input[name=name]").fill("Юбилейные торты ВКонтакте")
    form.locator("select[name=objective]").select_option("traffic")
    form.locator("input[name=channels][value=vk]").check()
    form.locator("input[name=budget]").fill("90000")
    form.locator("input[name=starts_on]").fill(start.isoformat())
    form.locator("input[name=ends_on]").fill((today + timedelta(days=30)).isoformat())
    form.locator("select[name=kpi-0-metric]").select_option("sales")
    form.locator("input[name=kpi-0-target_value]").fill("100")
    form.locator("[data-testid=save-campaign]").click()
    expect(page.locator("[data-testid=campaign-name]")).to_have_text("Юбилейные торты ВКонтакте")
    campaign = Campaign.objects.get(name="Юбилейные торты ВКонтакте")
    page.click("[data-testid=action-submit]")
    expect(page.locator("[data-testid=campaign-status]")).to_have_text("На согласовании")
    assert page.locator("[data-testid=action-approve]").count() == 0

    manager = browser.new_context(base_url=live_server.url, locale="ru-RU").new_page()
    sign_in(manager, personas.manager.email, PASSWORD)
    switch_language(manager, "ru")
    manager.goto(f"/w/acme/campaigns/{campaign.pk}/")
    manager.click("[data-testid=action-approve]")
    expect(manager.locator("[data-testid=campaign-status]")).to_have_text("Одобрена")
    manager.click("[data-testid=action-start]")
    expect(manager.locator("[data-testid=campaign-status]")).to_have_text("Идёт")
    manager.context.close()

    lines = ["channel;date;impressions;reach;clicks;engagements;followers;posts;leads;sales;revenue;spend"]
    for i in range(14):
        day = start + timedelta(days=i)
        lines.append(f"vk;{day.isoformat()};3000;2000;90;150;{5000 + i * 10};1;8;4;9600;1200,50")
    lines.append(f"vk;{start.isoformat()};-5;0;0;0;0;0;0;0;0;0")
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines), encoding="utf-8")
    page.click("[data-testid=nav-campaigns]")
    page.click("[data-testid=nav-upload]")
    page.select_option("[data-testid=upload-form] select[name=campaign]", str(campaign.pk))
    page.set_input_files("[data-testid=upload-form] input[name=file]", str(broken))
    page.click("[data-testid=preview-upload]")
    expect(page.locator("[data-testid=upload-errors]")).to_contain_text("Строка 16")
    assert MetricDaily.objects.count() == 0

    good = tmp_path / "good.csv"
    good.write_text("\n".join(lines[:-1]), encoding="utf-8")
    page.select_option("[data-testid=upload-form] select[name=campaign]", str(campaign.pk))
    page.set_input_files("[data-testid=upload-form] input[name=file]", str(good))
    page.click("[data-testid=preview-upload]")
    expect(page.locator("[data-testid=upload-valid]")).to_contain_text("14")
    page.click("[data-testid=confirm-upload]")
    expect(page.locator("[data-testid=campaign-table]")).to_contain_text("Юбилейные торты ВКонтакте")
    assert MetricDaily.objects.filter(campaign=campaign).count() == 14

    page.goto(f"/w/acme/campaigns/{campaign.pk}/")
    page.click("[data-testid=recheck]")
    reasons = page.locator("[data-testid=alignment-reasons]")
    expect(reasons).to_contain_text("клики -> заявки -> продажи")
    expect(page.locator("[data-testid=alignment-timeline]")).to_be_visible()
    expect(page.locator("#chart-funnel")).to_be_visible()
    verdict = page.locator("[data-testid=alignment-card] [data-testid=verdict]").get_attribute("data-verdict")
    assert verdict in {"aligned", "at_risk", "misaligned"}
    campaign.refresh_from_db()
    assert campaign.alignment_verdict == verdict

    switch_language(page, "en")
    expect(page.locator("[data-testid=alignment-reasons]")).to_contain_text("clicks -> leads -> sales")
    expect(page).to_have_url(re.compile(rf"/campaigns/{campaign.pk}/$"))
    page.click("[data-testid=save-template]")
    expect(page.locator("[data-testid=template-table]")).to_contain_text("Юбилейные торты ВКонтакте")
