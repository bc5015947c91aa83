"""Factories of integrations."""

from __future__ import annotations

import uuid

import factory

from accounts.tests.factories import WorkspaceFactory
from integrations.models import WebhookDelivery, WebhookSubscription


class WebhookSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookSubscription

    workspace = factory.SubFactory(WorkspaceFactory)
    url = factory.Sequence(lambda n: f"https://crm{n}.example.com/hooks/smm")
    events = factory.LazyFunction(lambda: ["mention.created", "incident.opened"])
    secret = factory.Sequence(lambda n: f"whsec_test_secret_{n:04d}")
    is_active = True


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    subscription = factory.SubFactory(WebhookSubscriptionFactory)
    workspace = factory.SelfAttribute("subscription.workspace")
    event = "mention.created"
    event_id = factory.LazyFunction(uuid.uuid4)
    payload = factory.LazyAttribute(
        lambda o: {"id": str(o.event_id), "event": o.event, "data": {"mention": 1}}
    )
    status = "failed"
    attempts = 1
    last_status_code = 500
