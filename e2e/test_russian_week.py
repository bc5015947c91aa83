"""A Russian team's day, in Russian (issue 13's "Done when"): the home page's "Сегодня" names and
links what needs attention (an open incident, a campaign off its goal with its reason, an overdue
task, an item waiting for my approval); a cp1251, semicolon-separated CSV from Russian Excel with
Russian headers and decimal commas goes through "Загрузить метрики" (a bad row is named by row and
column, the column mapping is shown and fixed in the preview, the rows land); a campaign started
from a template keeps its plan inside its own dates and its segments; a report made with the
form's default dates (ISO values in the date inputs) completes and reads in Russian numbers."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from campaigns.models import Campaign, MetricDaily
from campaigns.tests.factories import CampaignFactory, SegmentFactory, TemplateFactory
from negativity.tests.factories import IncidentFactory
from planning.models import PlanItem
from planning.tests.factories import PlanItemFactory, TaskFactory
from reports.models import ReportRun

from .conftest import sign_in, switch_language

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    """Report generation and the alignment re-check run in the live server's process."""
    from smm_platform.celery import app

    settings.REPORTS_STEP_PAUSE_SECONDS = 0
    previous = app.conf.CELERY_TASK_ALWAYS_EAGER
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = previous


def _week(personas):
    ws = personas.workspace
    today = timezone.localdate()
    IncidentFactory(workspace=ws, kind="coordinated", status="open", mention_count=11)
    maslenitsa = CampaignFactory(
        workspace=ws,
        name="Масленица в пекарнях",
        status="running",
        utm_campaign="maslenitsa",
        alignment_verdict="misaligned",
        alignment_reasons=[
            {"code": "zero_effect", "params": {"spend": "131346.78", "days": 12, "unit": "sales"}}
        ],
    )
    TaskFactory(
        workspace=ws,
        title="Фотосессия блинов",
        assignee=personas.manager,
        due_on=today - timedelta(days=2),
        campaign=maslenitsa,
    )
    PlanItemFactory(workspace=ws, title="Пост о скидке на блины", status="in_review", campaign=maslenitsa)
    return maslenitsa


def _cp1251_csv(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_a_russian_day_agenda_excel_import_template_and_report(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    personas = make_personas()
    ws = personas.workspace
    today = timezone.localdate()
    maslenitsa = _week(personas)

    sign_in(page, personas.manager.email, PASSWORD)
    switch_language(page, "ru")

    # --- the agenda ------------------------------------------------------------------------------
    page.goto("/w/acme/")
    agenda = page.locator("[data-testid=agenda]")
    expect(agenda.locator("h2")).to_contain_text("Сегодня")
    incidents = agenda.locator("[data-testid=agenda-incidents]")
    expect(incidents).to_contain_text("11 упоминаний")
    assert "coordinated" not in incidents.inner_text()
    campaigns = agenda.locator("[data-testid=agenda-campaigns]")
    expect(campaigns.get_by_role("link", name="Масленица в пекарнях")).to_have_attribute(
        "href", f"/w/acme/campaigns/{maslenitsa.pk}/"
    )
    expect(campaigns).to_contain_text(f"131{NBSP}346,78{NBSP}₽")  # its reason, in Russian numbers
    assert "misaligned" not in campaigns.inner_text()
    tasks = agenda.locator("[data-testid=agenda-tasks]")
    expect(tasks.get_by_role("link", name="Фотосессия блинов")).to_be_visible()
    expect(tasks.locator(".text-danger")).to_have_text((today - timedelta(days=2)).strftime("%d.%m.%Y"))
    approvals = agenda.locator("[data-testid=agenda-approvals]")
    expect(approvals.get_by_role("link", name="Пост о скидке на блины")).to_be_visible()
    campaigns.get_by_role("link", name="Масленица в пекарнях").click()
    expect(page).to_have_url(re.compile(rf"/campaigns/{maslenitsa.pk}/$"))
    expect(page.locator("[data-testid=campaign-name]")).to_have_text("Масленица в пекарнях")

    # --- metrics from Russian Excel: cp1251, ";", Russian headers, decimal commas -----------------
    day1, day2 = today - timedelta(days=3), today - timedelta(days=2)
    header = "Кампания;Канал;Дата;Показы;Клики;Заказы;Выручка;Затраты, руб."
    bad = _cp1251_csv(
        tmp_path,
        "плохой.csv",
        [
            header,
            f"Масленица в пекарнях;ВКонтакте;{day1:%d.%m.%Y};12 000;340;3;4 500,50;1 234,56",
            f"Масленица в пекарнях;ВКонтакте;{day2:%d.%m.%Y};много;310;2;3 000,00;1 000,00",
        ],
    )
    page.get_by_role("link", name="Загрузить метрики").click()  # on the campaign page's sub-menu
    expect(page.locator("main h1")).to_have_text("Загрузка метрик по дням")
    page.set_input_files("[data-testid=upload-form] input[name=file]", bad)
    page.click("[data-testid=preview-upload]")
    errors = page.locator("[data-testid=upload-errors]")
    expect(errors).to_contain_text("Строка 3, столбец «Показы»")
    assert "codec" not in errors.inner_text() and "Traceback" not in page.content()
    expect(page.locator("[data-testid=upload-file-info]")).to_contain_text("cp1251")
    expect(page.locator("[data-testid=upload-file-info]")).to_contain_text("«;»")
    assert page.locator("[data-testid=confirm-upload]").count() == 0
    assert MetricDaily.objects.filter(campaign=maslenitsa).count() == 0

    good = _cp1251_csv(
        tmp_path,
        "метрики.csv",
        [
            header,
            f"Масленица в пекарнях;ВКонтакте;{day1:%d.%m.%Y};12 000;340;3;4 500,50;1 234,56",
            f"maslenitsa;Телеграм;{day2:%d.%m.%Y};8 000;210;2;3 000,00;1 000,00",
        ],
    )
    page.set_input_files("[data-testid=upload-form] input[name=file]", good)
    page.click("[data-testid=preview-upload]")
    mapping = page.locator("[data-testid=upload-mapping]")
    # The mapping is shown: Russian headers read as the columns they name.
    expect(mapping.locator("[data-testid=map-0]")).to_have_value("campaign")
    expect(mapping.locator("[data-testid=map-1]")).to_have_value("channel")
    expect(mapping.locator("[data-testid=map-2]")).to_have_value("date")
    expect(mapping.locator("[data-testid=map-5]")).to_have_value("sales")
    expect(mapping.locator("[data-testid=map-6]")).to_have_value("revenue")
    # "Затраты, руб." is not a header it knows: the person maps it to the spend.
    expect(mapping.locator("[data-testid=map-7]")).to_have_value("")
    mapping.locator("[data-testid=map-7]").select_option("spend")
    mapping.locator("[data-testid=apply-mapping]").click()
    expect(page.locator("[data-testid=map-7]")).to_have_value("spend")
    expect(page.locator("[data-testid=upload-valid]")).to_contain_text("2 строки")
    page.click("[data-testid=confirm-upload]")
    expect(page.locator("[data-testid=campaign-table]")).to_contain_text("Масленица в пекарнях")
    rows = {m.channel: m for m in MetricDaily.objects.filter(campaign=maslenitsa)}
    assert set(rows) == {"vk", "telegram"}
    assert (rows["vk"].date, rows["vk"].impressions, rows["vk"].sales) == (day1, 12000, 3)
    assert (rows["vk"].revenue, rows["vk"].spend) == (Decimal("4500.50"), Decimal("1234.56"))
    assert (rows["telegram"].date, rows["telegram"].spend) == (day2, Decimal("1000.00"))

    # --- a campaign from a template: the plan inside its dates, the segments kept -----------------
    segments = [SegmentFactory(workspace=ws, name="Мамы в декрете"), SegmentFactory(workspace=ws)]
    source = CampaignFactory(workspace=ws, name="Масленица 2026", status="completed")
    source.segments.set(segments)
    template = TemplateFactory(
        workspace=ws,
        name="Масленица",
        source_campaign=source,
        duration_days=60,
        plan=[
            {"day_offset": offset, "title": f"Пост {n}", "kind": "post", "channel": "vk"}
            for n, offset in enumerate((0, 10, 30, 45, 59), start=1)
        ],
    )
    page.goto("/w/acme/campaigns/templates/")
    page.locator("[data-testid=template-row]", has_text="Масленица").locator(
        "[data-testid=start-from-template]"
    ).click()
    form = page.locator("[data-testid=template-start-form]")
    expect(form.locator("input[name=starts_on]")).to_have_value(today.isoformat())
    ends = today + timedelta(days=13)
    form.locator("input[name=name]").fill("Масленица 2027")
    form.locator("input[name=ends_on]").fill(ends.isoformat())
    form.locator("select[name=goal]").select_option(str(maslenitsa.goal_id))
    form.locator("[data-testid=start]").click()
    expect(page).to_have_url(re.compile(r"/campaigns/\d+/$"))
    expect(page.locator("[data-testid=campaign-name]")).to_have_text("Масленица 2027")
    new = Campaign.objects.get(name="Масленица 2027", template=template)
    assert (new.starts_on, new.ends_on) == (today, ends)
    days = sorted(timezone.localtime(i.scheduled_at).date() for i in PlanItem.objects.filter(campaign=new))
    assert len(days) == 5
    assert days[0] == today and days[-1] <= ends and all(today <= d <= ends for d in days)
    assert set(new.segments.all()) == set(segments)

    # --- a report with the form's default dates ---------------------------------------------------
    page.click("[data-testid=nav-reports]")
    form = page.locator("[data-testid=run-form]")
    expect(form.locator("input[name=period_start]")).to_have_value((today - timedelta(days=29)).isoformat())
    expect(form.locator("input[name=period_end]")).to_have_value(today.isoformat())
    form.locator("select[name=kind]").select_option("workspace")
    form.locator("input[value=pdf]").uncheck()
    form.get_by_role("button", name="Сформировать отчёт").click()
    expect(page).to_have_url(re.compile(r"/w/acme/reports/\d+/$"))
    expect(page.locator("[data-testid=run-status]")).to_have_text("Готов", timeout=30_000)
    run = ReportRun.objects.get()
    assert (run.status, run.language, run.period_start) == ("done", "ru", today - timedelta(days=29))
    results = page.locator("[data-testid=section-results]")
    expect(results).to_contain_text("Масленица в пекарнях")
    text = page.locator("main").inner_text()
    # The imported figures, in Russian numbers: 4 500,50 + 3 000,00 revenue, 2 234,56 spend.
    assert f"7{NBSP}500,50" in text or "7 500,50" in text, text
    assert f"2{NBSP}234,56" in text or "2 234,56" in text, text
    assert "7,500.50" not in text and "2234.56" not in text
