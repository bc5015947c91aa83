"""What the outsider walk needs to know about integrations' URLs."""

from integrations.models import WebhookDelivery, WebhookSubscription

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

FACTORIES = {
    WebhookSubscription: lambda ws: WebhookSubscriptionFactory(workspace=ws),
    WebhookDelivery: lambda ws: WebhookDeliveryFactory(subscription=WebhookSubscriptionFactory(workspace=ws)),
}

PUBLIC: dict = {}
