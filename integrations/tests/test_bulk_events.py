"""Events in bulk: ``emit_many`` sends one batch after commit, the webhook receiver reads the
workspace's subscriptions from a cache (no query per event), and a subscription change is seen
by the very next event."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integrations import services
from integrations.models import WebhookDelivery
from smm_platform.events import domain_event, domain_events, emit_many

from .factories import WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db


def _payloads(n: int) -> list[dict]:
    return [{"mention": {"id": i, "category": "natural"}} for i in range(n)]


def test_emit_many_sends_one_batch_after_commit_and_each_event_to_single_listeners(
    personas, django_capture_on_commit_callbacks
):
    batches, singles = [], []

    def on_batch(sender, **kw):
        batches.append(kw["payloads"])

    def on_one(sender, **kw):
        singles.append(kw["payload"])

    domain_events.connect(on_batch, weak=False, dispatch_uid="t-batch")
    domain_event.connect(on_one, weak=False, dispatch_uid="t-one")
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            emit_many(workspace=personas.workspace, event="mention.created", payloads=_payloads(3))
            assert batches == []  # nothing before commit
        assert len(callbacks) == 1
        callbacks[0]()
    finally:
        domain_events.disconnect(dispatch_uid="t-batch")
        domain_event.disconnect(dispatch_uid="t-one")
    assert batches == [_payloads(3)]
    assert singles == _payloads(3)


def test_emit_many_refuses_an_unknown_event(personas):
    with pytest.raises(ValueError):
        emit_many(workspace=personas.workspace, event="mention.exploded", payloads=[{}])


def test_batch_of_events_makes_one_delivery_per_event_and_subscriber(
    personas, django_capture_on_commit_callbacks
):
    listening = WebhookSubscriptionFactory(workspace=personas.workspace, events=["mention.created"])
    WebhookSubscriptionFactory(workspace=personas.workspace, events=["report.completed"])
    WebhookSubscriptionFactory(workspace=personas.other_workspace, events=["mention.created"])
    with django_capture_on_commit_callbacks(execute=False):
        emit_many(workspace=personas.workspace, event="mention.created", payloads=_payloads(4))
    with django_capture_on_commit_callbacks(execute=False) as outer:
        services.deliveries_create_for_events(
            workspace=personas.workspace, event="mention.created", payloads=_payloads(4)
        )
    deliveries = list(WebhookDelivery.objects.order_by("pk"))
    assert [d.subscription_id for d in deliveries] == [listening.pk] * 4
    assert [d.payload["data"]["mention"]["id"] for d in deliveries] == [0, 1, 2, 3]
    assert len({d.event_id for d in deliveries}) == 4
    assert len(outer) == 4  # one send task per delivery, queued after commit


def _delivery_queries(personas, n: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        services.deliveries_create_for_events(
            workspace=personas.workspace, event="mention.created", payloads=_payloads(n)
        )
    return len(ctx.captured_queries)


def test_delivery_queries_do_not_grow_with_the_batch(personas, django_capture_on_commit_callbacks):
    WebhookSubscriptionFactory(workspace=personas.workspace, events=["mention.created"])
    with django_capture_on_commit_callbacks(execute=False):
        services.active_subscriptions(workspace=personas.workspace)  # warm the cache
        assert _delivery_queries(personas, 10) == _delivery_queries(personas, 900)
    assert WebhookDelivery.objects.count() == 910


def test_events_nobody_listens_to_cost_no_query_once_cached(personas):
    WebhookSubscriptionFactory(workspace=personas.workspace, events=["report.completed"])
    services.active_subscriptions(workspace=personas.workspace)
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(20):
            services.deliveries_create_for_events(
                workspace=personas.workspace, event="mention.created", payloads=_payloads(50)
            )
    assert len(ctx.captured_queries) == 0
    assert not WebhookDelivery.objects.exists()


def test_subscription_change_is_seen_by_the_next_event(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.active_subscriptions(workspace=personas.workspace) == []
        sub = WebhookSubscriptionFactory(workspace=personas.workspace, events=["mention.created"])
    assert services.active_subscriptions(workspace=personas.workspace) == [
        (sub.pk, frozenset({"mention.created"}))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_update(subscription=sub, actor=personas.owner, is_active=False)
    assert services.active_subscriptions(workspace=personas.workspace) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_update(subscription=sub, actor=personas.owner, is_active=True)
        services.subscription_delete(subscription=sub, actor=personas.owner)
    assert services.active_subscriptions(workspace=personas.workspace) == []
