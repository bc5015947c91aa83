"""The demo data of integrations is realistic and consistent."""

import pytest

from accounts.demo import DemoPeople
from integrations import demo
from integrations.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db


def test_demo_seeds_subscription_and_delivery_log(personas):
    people = DemoPeople(
        owner=personas.owner, manager=personas.manager, marketer=personas.marketer, viewer=personas.viewer
    )
    demo.seed(workspace=personas.workspace, people=people)
    sub = WebhookSubscription.objects.get(workspace=personas.workspace)
    assert sub.url == demo.CRM_URL
    statuses = sorted(WebhookDelivery.objects.filter(subscription=sub).values_list("status", flat=True))
    assert statuses == ["failed", "retrying", "succeeded", "succeeded", "succeeded", "succeeded"]
    redelivery = WebhookDelivery.objects.get(redelivery_of__isnull=False)
    assert (redelivery.event_id, redelivery.status) == (redelivery.redelivery_of.event_id, "succeeded")
    assert (
        "Колоске"
        in WebhookDelivery.objects.filter(event="mention.created").first().payload["data"]["mention"]["text"]
    )
