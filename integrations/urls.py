from django.urls import path

from . import views

app_name = "integrations"

urlpatterns = [
    path("", views.WebhookListView.as_view(), name="webhooks"),
    path("<int:pk>/", views.WebhookDetailView.as_view(), name="webhook"),
    path("<int:pk>/test/", views.WebhookTestView.as_view(), name="webhook-test"),
    path("<int:pk>/rotate-secret/", views.WebhookRotateSecretView.as_view(), name="webhook-rotate-secret"),
    path("<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="webhook-delete"),
    path("deliveries/<int:pk>/redeliver/", views.DeliveryRedeliverView.as_view(), name="delivery-redeliver"),
]
