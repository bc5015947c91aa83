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


def test_seeding_the_demo_sends_nothing_to_the_fictional_crm(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The other apps' demo data emits events (proposal decided, deal stages, mentions) while
    seeding; none may become a live delivery to the CRM nobody answers (each would fail and retry
    in the demo's log). After the seed the subscription is on, and its log is the seeded one."""
    import io

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", "--no-login", stdout=out)
    assert len(callbacks) > 1  # the seed's events did go out at commit
    sub = WebhookSubscription.objects.get(url=demo.CRM_URL)
    assert sub.is_active
    statuses = sorted(WebhookDelivery.objects.filter(subscription=sub).values_list("status", flat=True))
    assert statuses == ["failed", "retrying", "succeeded", "succeeded", "succeeded", "succeeded"]
    assert "Password" not in out.getvalue()  # scripts/demo prints the login once the server is up
