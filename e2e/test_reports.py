"""A marketer queues a workspace report, watches its progress bar move while a real Celery worker
generates it, downloads the XLSX (checksum shown on the page matches the file) and a manager
comments and marks it reviewed; in Russian and in English."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from reports.models import ReportRun
from reports.tests.data import known_campaigns
from smm_platform.celery import app

from .conftest import sign_in, switch_language

TEXT = {
    "ru": {
        "queue": "Сформировать отчёт",
        "done": "Готов",
        "kind": "Сводка по пространству",
        "review": "Отметить проверенным",
        "reviewed": "Проверил",
        "vanity": "метрики тщеславия",
    },
    "en": {
        "queue": "Queue report",
        "done": "Done",
        "kind": "Workspace summary",
        "review": "Mark reviewed",
        "reviewed": "Reviewed by",
        "vanity": "vanity metrics",
    },
}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_queue_watch_progress_download_and_review(page, language, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORTS_STEP_PAUSE_SECONDS = 1  # so the progress bar is seen moving
    text = TEXT[language]
    personas = make_personas()
    known_campaigns(personas.workspace)
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sign_in(page, personas.marketer.email, PASSWORD)
        switch_language(page, language)
        page.click("[data-testid=nav-reports]")
        form = page.locator("[data-testid=run-form]")
        form.locator("select[name=kind]").select_option("workspace")
        form.locator("input[name=period_start]").fill("2026-10-01")
        form.locator("input[name=period_end]").fill("2026-10-31")
        form.locator("input[value=pdf]").uncheck()
        form.locator("input[value=xlsx]").check()
        form.locator("input[value=csv]").check()
        form.get_by_role("button", name=text["queue"]).click()

        expect(page).to_have_url(re.compile(r"/w/acme/reports/\d+/$"))
        expect(page.locator("[data-testid=run-title]")).to_contain_text(text["kind"])
        progress = page.locator("[data-testid=run-progress-value]")
        expect(progress).not_to_have_text("0 %", timeout=20_000)  # polled by htmx while running
        expect(page.locator("[data-testid=run-status]")).to_have_text(text["done"], timeout=30_000)

    run = ReportRun.objects.get()
    assert (run.status, run.progress, run.language) == ("done", 100, language)
    expect(page.locator("[data-testid=snapshot-checksum]")).to_have_text(run.snapshot_sha256)
    expect(page.locator("[data-testid=section-results]")).to_contain_text("Осенние пироги")
    expect(page.locator("[data-testid=section-vanity]")).to_contain_text(text["vanity"])
    with page.expect_download() as info:
        page.click("[data-testid=download-xlsx]")
    content = Path(info.value.path()).read_bytes()
    assert content[:2] == b"PK"
    assert hashlib.sha256(content).hexdigest() == run.files.get(format="xlsx").sha256
    expect(page.locator("[data-testid=run-files]")).to_contain_text(run.files.get(format="xlsx").sha256)

    page.context.clear_cookies()
    sign_in(page, personas.manager.email, PASSWORD)
    switch_language(page, language)
    page.goto(f"/w/acme/reports/{run.pk}/")
    page.fill("[data-testid=comment-form] textarea[name=text]", "Покажите это на планёрке")
    page.click("[data-testid=comment-form] button[type=submit]")
    expect(page.locator("[data-testid=comments]")).to_contain_text("Покажите это на планёрке")
    page.get_by_role("button", name=text["review"]).click()
    expect(page.locator("[data-testid=review]")).to_contain_text(text["reviewed"])
    run.refresh_from_db()
    assert run.reviewed_by == personas.manager
