"""The owner connects the CRM: subscribes a URL to events, sends a test event that a live HTTP
server receives signed, reads the delivery log and redelivers, in Russian and English."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from integrations import rules
from integrations.models import WebhookDelivery, WebhookSubscription
from integrations.tests.conftest import receiver  # noqa: F401 - the live HTTP receiver fixture

from .conftest import sign_in, switch_language


@pytest.mark.django_db(transaction=True)
def test_owner_subscribes_crm_sends_test_event_and_redelivers(page, receiver, settings):  # noqa: F811
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    personas = make_personas()
    sign_in(page, personas.owner.email, PASSWORD)
    switch_language(page, "ru")

    page.click("[data-testid=nav-webhooks]")
    expect(page.locator("main h1")).to_have_text("Вебхуки")
    expect(page.locator("[data-testid=empty-state]")).to_be_visible()
    form = page.locator("[data-testid=webhook-form]")
    form.locator("input[name=url]").fill(receiver.url())
    form.locator("input[name=description]").fill("amoCRM")
    form.locator("input[value='mention.created']").check()
    form.locator("input[value='incident.opened']").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    subscription = WebhookSubscription.objects.get()
    expect(page).to_have_url(re.compile(rf"/w/acme/integrations/{subscription.pk}/$"))
    expect(page.locator("[data-testid=webhook-secret]")).to_have_text(subscription.secret)
    expect(page.locator("[data-testid=delivery-log]")).to_contain_text("Доставок пока нет")

    page.click("[data-testid=send-test]")
    page.wait_for_load_state("networkidle")
    assert receiver.arrived.wait(timeout=10)
    got = receiver.requests[0]
    assert json.loads(got.body)["event"] == "webhook.test"
    assert rules.verify_signature(
        secret=subscription.secret, header=got.headers["X-SMM-Signature"], body=got.body, now=int(time.time())
    )
    rows = page.locator("[data-testid=delivery-row]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("webhook.test")
    expect(rows.first).to_contain_text("Доставлено")
    expect(rows.first).to_contain_text("200")

    switch_language(page, "en")
    expect(page.locator("[data-testid=delivery-log]")).to_contain_text("Delivery log")
    page.locator("[data-testid=redeliver]").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=delivery-row]")).to_have_count(2)
    expect(page.locator("[data-testid=delivery-row]").first).to_contain_text("redelivery")
    expect(page.locator("[data-testid=delivery-row]").first).to_contain_text("Succeeded")
    assert len(receiver.requests) == 2
    assert WebhookDelivery.objects.filter(redelivery_of__isnull=False).count() == 1
