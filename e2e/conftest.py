"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: ``executable_path`` points at /usr/bin/chromium (CHROMIUM_PATH
overrides). Screenshots of failures go to e2e/artifacts/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the real login form."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state("networkidle")


def switch_language(page, code: str) -> None:
    """Switch the interface language with the navbar buttons."""
    page.click(f"[data-testid=lang-{code}]")
    page.wait_for_load_state("networkidle")


def campaign_ahead_of_clicks_pace(personas):
    """ "Торты": 10 days into its 21, with 50 clicks, 100 reach and 1 000 ₽ spend a day, and a clicks
    KPI of 917 that it runs ahead of (its pace bar reads over 100 %)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from campaigns.tests.factories import CampaignFactory, KPIFactory, MetricFactory

    start = timezone.localdate() - timedelta(days=10)
    campaign = CampaignFactory(
        workspace=personas.workspace, name="Торты", starts_on=start, ends_on=start + timedelta(days=20)
    )
    for i in range(10):
        MetricFactory(
            campaign=campaign, date=start + timedelta(days=i), clicks=50, reach=100, spend=Decimal("1000")
        )
    KPIFactory(campaign=campaign, metric="clicks", target_value=Decimal("917"))
    return campaign
