"""What the outsider walk needs to know about integrations' URLs."""

from integrations.models import DeletedObject, WebhookDelivery, WebhookSubscription

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

FACTORIES = {
    WebhookSubscription: lambda ws: WebhookSubscriptionFactory(workspace=ws),
    WebhookDelivery: lambda ws: WebhookDeliveryFactory(subscription=WebhookSubscriptionFactory(workspace=ws)),
    DeletedObject: lambda ws: DeletedObject.objects.create(
        workspace=ws, kind="campaign", object_id=1, deleted_at="2026-01-01T00:00:00Z"
    ),
}

PUBLIC: dict = {}
