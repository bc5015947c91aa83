"""Dashboard pages of webhooks (owners only)."""

from __future__ import annotations

import pytest

from integrations.models import WebhookDelivery, WebhookSubscription

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db
LIST = "/w/acme/integrations/"


def _login(client, user):
    client.force_login(user)
    return client


def test_owner_sees_subscriptions_with_counts(personas, client):
    sub = WebhookSubscriptionFactory(
        workspace=personas.workspace, url="https://crm.example.com/a", description="amoCRM <b>"
    )
    WebhookDeliveryFactory(subscription=sub, status="failed")
    WebhookDeliveryFactory(subscription=sub, status="succeeded", delivered_at="2026-01-01T00:00:00Z")
    WebhookSubscriptionFactory(workspace=personas.other_workspace, url="https://foreign.example.com/")
    response = _login(client, personas.owner).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://crm.example.com/a" in html
    assert "amoCRM &lt;b&gt;" in html
    assert "foreign.example.com" not in html
    row = response.context["subscriptions"][0]
    assert (row.deliveries_total, row.deliveries_failed) == (2, 1)


def test_empty_state_without_subscriptions(personas, client):
    response = _login(client, personas.owner).get(LIST)
    assert 'data-testid="empty-state"' in response.content.decode()


def test_owner_creates_subscription_from_form(personas, client):
    response = _login(client, personas.owner).post(
        LIST,
        {
            "url": "https://crm.example.com/in",
            "events": ["mention.created", "deal.stage_changed"],
            "is_active": "on",
        },
    )
    sub = WebhookSubscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/w/acme/integrations/{sub.pk}/"
    assert (sub.events, sub.is_active, sub.created_by) == (
        ["deal.stage_changed", "mention.created"],
        True,
        personas.owner,
    )


def test_create_form_shows_service_errors(personas, client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    response = _login(client, personas.owner).post(
        LIST, {"url": "http://10.0.0.5/hook", "events": ["mention.created"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == ["The address 10.0.0.5 is private or reserved."]
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.parametrize("role", ["manager", "marketer", "viewer"])
def test_non_owner_gets_403(personas, client, role):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    delivery = WebhookDeliveryFactory(subscription=sub)
    c = _login(client, personas.member(role))
    assert c.get(LIST).status_code == 403
    assert c.get(f"{LIST}{sub.pk}/").status_code == 403
    assert c.post(LIST, {"url": "https://x.example.com", "events": ["mention.created"]}).status_code == 403
    assert c.post(f"{LIST}{sub.pk}/test/").status_code == 403
    assert c.post(f"{LIST}{sub.pk}/delete/").status_code == 403
    assert c.post(f"{LIST}deliveries/{delivery.pk}/redeliver/").status_code == 403
    assert (WebhookSubscription.objects.count(), WebhookDelivery.objects.count()) == (1, 1)


def test_sidebar_link_only_for_owner(personas, client):
    assert 'data-testid="nav-webhooks"' in _login(client, personas.owner).get(LIST).content.decode()
    client.force_login(personas.manager)
    assert 'data-testid="nav-webhooks"' not in client.get("/w/acme/members/").content.decode()


def test_detail_shows_secret_and_delivery_log(personas, client):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    WebhookDeliveryFactory(
        subscription=sub, status="failed", last_status_code=502, last_error="<script>x</script>"
    )
    response = _login(client, personas.owner).get(f"{LIST}{sub.pk}/")
    html = response.content.decode()
    assert sub.secret in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x</script>" not in html
    assert len(response.context["deliveries"]) == 1


def test_detail_log_partial_for_htmx_filtered_by_status(personas, client):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    WebhookDeliveryFactory(subscription=sub, status="failed")
    ok = WebhookDeliveryFactory(subscription=sub, status="succeeded", delivered_at="2026-01-01T00:00:00Z")
    response = _login(client, personas.owner).get(
        f"{LIST}{sub.pk}/?part=log&status=succeeded", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert [d.pk for d in response.context["deliveries"]] == [ok.pk]
    assert "<html" not in response.content.decode()


def test_edit_subscription_from_detail(personas, client):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, events=["mention.created"])
    response = _login(client, personas.owner).post(
        f"{LIST}{sub.pk}/", {"url": sub.url, "events": ["report.completed"]}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.events, sub.is_active) == (["report.completed"], False)


def test_send_test_and_redeliver_buttons(personas, client, receiver, allow_loopback):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    c = _login(client, personas.owner)
    assert c.post(f"{LIST}{sub.pk}/test/").status_code == 302
    test_delivery = WebhookDelivery.objects.get(event="webhook.test")
    failed = WebhookDeliveryFactory(subscription=sub, status="failed")
    response = c.post(f"{LIST}deliveries/{failed.pk}/redeliver/")
    assert response["Location"] == f"/w/acme/integrations/{sub.pk}/"
    assert WebhookDelivery.objects.filter(redelivery_of=failed).count() == 1
    assert test_delivery.subscription == sub


def test_rotate_secret_and_delete(personas, client):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    old = sub.secret
    c = _login(client, personas.owner)
    assert c.post(f"{LIST}{sub.pk}/rotate-secret/").status_code == 302
    sub.refresh_from_db()
    assert sub.secret != old
    assert c.post(f"{LIST}{sub.pk}/delete/")["Location"] == LIST
    assert WebhookSubscription.objects.count() == 0


def test_outsider_gets_404(personas, client):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    c = _login(client, personas.outsider)
    assert c.get(LIST).status_code == 404
    assert c.get(f"{LIST}{sub.pk}/").status_code == 404
    assert c.get(f"/w/other/integrations/{sub.pk}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_pages_run_constant_queries(personas, client, django_assert_num_queries, rows):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    for _ in range(rows):
        WebhookSubscriptionFactory(workspace=personas.workspace)
        WebhookDeliveryFactory(subscription=sub)
    c = _login(client, personas.owner)
    c.get(LIST)
    # session, user, membership, navbar (workspaces, unread notifications), subscriptions
    with django_assert_num_queries(6):
        assert c.get(LIST).status_code == 200
    with django_assert_num_queries(8):
        assert c.get(f"{LIST}{sub.pk}/").status_code == 200


def test_pages_in_russian_for_russian_speaking_owner(personas, client):
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    c = _login(client, personas.owner)
    assert "Новый вебхук" in c.get(LIST).content.decode()
    assert "Журнал доставок" in c.get(f"{LIST}{sub.pk}/").content.decode()
