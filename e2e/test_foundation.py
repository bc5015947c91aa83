"""A user signs in, opens every section in Russian and English, creates a workspace, invites a
colleague and creates an integration token whose key is shown once."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import ApiToken, Invitation, Membership
from accounts.tests.factories import PASSWORD, make_personas

from .conftest import sign_in, switch_language

SECTIONS = {
    "ru": ["Кампании и цели", "Календарь", "Партнёры", "Негатив", "Отчёты", "Идеи"],
    "en": ["Campaigns & goals", "Calendar", "Partners", "Negativity inbox", "Reports", "Ideas"],
}
NAV_IDS = ["nav-campaigns", "nav-calendar", "nav-partners", "nav-inbox", "nav-reports", "nav-ideas"]


@pytest.mark.django_db(transaction=True)
def test_sign_in_and_open_every_section_in_both_languages(page):
    personas = make_personas()
    sign_in(page, personas.owner.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/w/acme/$"))

    for language in ("ru", "en"):
        switch_language(page, language)
        assert page.locator("html").get_attribute("lang") == language
        sidebar = page.locator("[data-testid=sections]")
        for label in SECTIONS[language]:
            expect(sidebar).to_contain_text(label)
        for nav_id in NAV_IDS:
            page.click(f"[data-testid={nav_id}]")
            page.wait_for_load_state("networkidle")
            expect(page.locator("main h1").first).to_be_visible()
            assert page.locator(f"[data-testid={nav_id}].active").count() == 1
    personas.owner.refresh_from_db()
    assert personas.owner.language == "en"


@pytest.mark.django_db(transaction=True)
def test_owner_creates_workspace_invites_and_creates_token(page):
    personas = make_personas()
    sign_in(page, personas.owner.email, PASSWORD)
    switch_language(page, "en")

    page.goto("/workspaces/")
    page.fill("[data-testid=workspace-form] input[name=name]", "Северный ветер")
    page.fill("[data-testid=workspace-form] input[name=slug]", "north-wind")
    page.click("[data-testid=workspace-form] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/w/north-wind/$"))

    page.goto("/w/north-wind/members/")
    page.fill("[data-testid=invite-form] input[name=email]", "newcomer@example.test")
    page.select_option("[data-testid=invite-form] select[name=role]", "manager")
    page.click("[data-testid=invite-form] button[type=submit]")
    expect(page.locator("[data-testid=invitations]")).to_contain_text("newcomer@example.test")
    assert Invitation.objects.filter(
        workspace__slug="north-wind", email="newcomer@example.test", role="manager"
    ).exists()

    page.goto("/w/north-wind/tokens/")
    page.fill("[data-testid=token-form] input[name=name]", "CRM")
    page.check("[data-testid=token-form] input[value='conversions:write']")
    page.click("[data-testid=token-form] button[type=submit]")
    key = page.locator("#new-key").inner_text().strip()
    assert key.startswith("smm_")
    token = ApiToken.objects.get(workspace__slug="north-wind", name="CRM")
    assert token.scopes == ["conversions:write"]
    assert key not in (token.key_hash, token.prefix)
    page.reload()
    assert page.locator("#new-key").count() == 0, "the key is shown once only"
    assert Membership.objects.filter(workspace__slug="north-wind", user=personas.owner, role="owner").exists()


@pytest.mark.django_db(transaction=True)
def test_viewer_sees_no_admin_links_and_gets_403_on_tokens(page):
    personas = make_personas()
    sign_in(page, personas.viewer.email, PASSWORD)
    switch_language(page, "en")
    expect(page.locator("#sidebar")).not_to_contain_text("Integration tokens")
    response = page.goto("/w/acme/tokens/")
    assert response.status == 403
