"""Pages and files read dates and money by the one rule of docs/FIGURES.md in the reader's
language (``smm_platform.formatting``): "22.11.2026" and "12 000,00 ₽" in Russian, "Nov 22, 2026"
and "₽12,000.00" in English, never Django's US short date ("11/22/2026") nor a rouble sign glued
after an English number."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from campaigns.tests.factories import CampaignFactory, GoalFactory, MetricFactory, TemplateFactory
from reports import services as report_services
from reports.tests.factories import RunFactory

NB = "\u00a0"
START, END = date(2026, 11, 22), date(2026, 12, 21)
FORMS = {
    "ru": {
        "start": "22.11.2026",
        "end": "21.12.2026",
        "budget": f"120{NB}000,00{NB}₽",
        "spend": f"1{NB}234,50{NB}₽",
    },
    "en": {"start": "Nov 22, 2026", "end": "Dec 21, 2026", "budget": "₽120,000.00", "spend": "₽1,234.50"},
}


def _as(personas, client, lang):
    personas.viewer.language = lang
    personas.viewer.save(update_fields=["language"])
    client.force_login(personas.viewer)


def _url(personas, name):
    return reverse(name, kwargs={"workspace_slug": personas.workspace.slug})


@pytest.fixture
def campaign(personas):
    goal = GoalFactory(workspace=personas.workspace, starts_on=START, ends_on=END)
    template = TemplateFactory(workspace=personas.workspace, budget=Decimal("120000"))
    campaign = CampaignFactory(
        workspace=personas.workspace,
        goal=goal,
        template=template,
        budget=Decimal("120000"),
        starts_on=START,
        ends_on=END,
    )
    MetricFactory(campaign=campaign, date=START, spend=Decimal("1234.50"))
    return campaign


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_campaign_list_goal_tree_and_template_library_read_dates_and_money_by_the_rule(
    personas, client, campaign, lang
):
    _as(personas, client, lang)
    want = FORMS[lang]
    listing = client.get(_url(personas, "campaigns:index")).content.decode()
    assert f"{want['start']} – {want['end']}" in listing
    assert f"{want['spend']} / {want['budget']}" in listing
    goals = client.get(_url(personas, "campaigns:goals")).content.decode()
    assert f"{want['start']} – {want['end']}" in goals
    library = client.get(_url(personas, "campaigns:templates")).content.decode()
    assert want["budget"] in library and want["spend"] in library
    for body in (listing, goals, library):
        assert "11/22/2026" not in body and "120 000 ₽" not in body and "120,000 ₽" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_report_period_reads_by_the_rule_on_the_page_and_in_the_files(personas, client, lang):
    run = RunFactory(workspace=personas.workspace, period_start=START, period_end=END, language=lang)
    want = FORMS[lang]
    snapshot = report_services.snapshot_compute(run)
    # the header of every file (PDF, XLSX, PPTX, CSV) is this label
    assert snapshot["meta"]["period_label"].endswith(f"{want['start']} – {want['end']}")
    assert "ноября" not in snapshot["meta"]["period_label"] and "Nov." not in snapshot["meta"]["period_label"]
    _as(personas, client, lang)
    page = client.get(
        reverse("reports:run", kwargs={"workspace_slug": personas.workspace.slug, "pk": run.pk})
    )
    assert f"{want['start']} – {want['end']}" in page.content.decode()


#: machine values may keep Django's ``|date`` (ISO days in links and inputs, ``c``), and the
#: calendar's own headers (weekday, day number, month and year) are names, not dates
MACHINE_OR_NAMES = {"Y-m-d", "c", "D", "j", "F Y"}


def _templates():
    for app_dir in (Path(settings.BASE_DIR) / d for d in sorted(Path(settings.BASE_DIR).iterdir())):
        if app_dir.name.startswith(".") or app_dir.name in ("node_modules", "static", "staticfiles"):
            continue
        yield from (p for p in app_dir.rglob("templates/**/*") if p.suffix in (".html", ".txt"))


def test_no_template_formats_a_date_or_money_on_its_own():
    dates, roubles = [], []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for filter_, fmt in re.findall(r"""\|(date|time):["']([^"']*)["']""", text):
            if filter_ == "time" or fmt not in MACHINE_OR_NAMES:
                dates.append(f"{path}: |{filter_}:{fmt!r}")
        if "₽" in text:
            roubles.append(str(path))
    assert list(_templates()), "no templates found"
    assert not dates, "use |fmt_date / |fmt_datetime / |fmt_time (smm_platform.formatting):\n" + "\n".join(
        dates
    )
    assert not roubles, "money goes through |fmt_money, not a literal ₽:\n" + "\n".join(roubles)


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "shown"), [("ru", f"250,0{NB}%"), ("en", "250.0%")])
def test_a_beaten_goal_reads_over_100_percent_on_the_dashboard_and_goals_page(personas, client, lang, shown):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    goal = GoalFactory(
        workspace=personas.workspace,
        target_value=Decimal("10"),
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=20),
    )
    campaign = CampaignFactory(
        workspace=personas.workspace, goal=goal, starts_on=goal.starts_on, ends_on=goal.ends_on
    )
    MetricFactory(campaign=campaign, date=goal.starts_on, sales=25, leads=0)  # 25 of 10 sales
    _as(personas, client, lang)
    for name in ("reports:home", "campaigns:goals"):
        body = client.get(_url(personas, name)).content.decode()
        assert shown in body, name
        assert f"100,0{NB}%" not in body and "100.0%" not in body, name  # not capped


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "shown"), [("ru", "22.11.2026 14:05"), ("en", "Nov 22, 2026, 2:05 PM")])
def test_moments_on_pages_read_by_the_rule_in_the_current_time_zone(personas, client, lang, shown):
    from datetime import UTC, datetime

    from accounts.tests.factories import IntegrationTokenFactory

    IntegrationTokenFactory(
        workspace=personas.workspace, last_used_at=datetime(2026, 11, 22, 11, 5, tzinfo=UTC)
    )
    personas.owner.language = lang
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)
    body = client.get(_url(personas, "accounts:tokens")).content.decode()
    assert shown in body  # 11:05 UTC is 14:05 in Moscow
    assert "p.m." not in body and "ноября" not in body
