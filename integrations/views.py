"""Dashboard of integrations (owners): webhook subscriptions and their delivery log."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError

from . import selectors, services
from .enums import EVENT_LABELS
from .forms import DeliveryFilterForm, WebhookSubscriptionForm
from .models import WebhookDelivery, WebhookSubscription

LOG_PAGE_SIZE = 25


class OwnerOnlyMixin(WorkspaceViewMixin):
    permission = perms.ADMIN
    write_permission = perms.ADMIN
    section = "webhooks"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("workspace", None)
        return kwargs

    def subscription(self, pk: int) -> WebhookSubscription:
        subscription = WebhookSubscription.objects.for_workspace(self.workspace).filter(pk=pk).first()
        if subscription is None:
            raise Http404
        return subscription


class WebhookListView(OwnerOnlyMixin, FormView):
    """Subscriptions with delivery counts; a form subscribes a new URL."""

    template_name = "integrations/webhooks.html"
    form_class = WebhookSubscriptionForm
    model = WebhookSubscription

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriptions"] = selectors.subscriptions_of(workspace=self.workspace)
        context["event_labels"] = EVENT_LABELS
        return context

    def form_valid(self, form):
        try:
            subscription = services.subscription_create(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(
            self.request, _("Webhook created. Configure its signing secret on the receiving side.")
        )
        return redirect("integrations:webhook", workspace_slug=self.workspace.slug, pk=subscription.pk)


class WebhookDetailView(OwnerOnlyMixin, FormView):
    """One subscription: its secret, settings, test button and the delivery log."""

    template_name = "integrations/webhook_detail.html"
    form_class = WebhookSubscriptionForm
    model = WebhookSubscription

    def get(self, request, *args, **kwargs):
        self.object = self.subscription(kwargs["pk"])
        if request.htmx and request.GET.get("part") == "log":
            return render(request, "integrations/includes/delivery_log.html", self._log_context())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.subscription(kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        s = self.object
        return {"url": s.url, "description": s.description, "events": s.events, "is_active": s.is_active}

    def _log_context(self) -> dict:
        filter_form = DeliveryFilterForm(self.request.GET or None)
        deliveries = selectors.deliveries_of(workspace=self.workspace, subscription=self.object)
        if filter_form.is_valid() and filter_form.cleaned_data["status"]:
            deliveries = deliveries.filter(status=filter_form.cleaned_data["status"])
        page = Paginator(deliveries, LOG_PAGE_SIZE).get_page(self.request.GET.get("page"))
        for delivery in page.object_list:
            delivery.payload_pretty = json.dumps(delivery.payload, ensure_ascii=False, indent=2)
        return {
            "workspace": self.workspace,
            "subscription": self.object,
            "filter_form": filter_form,
            "page_obj": page,
            "deliveries": page.object_list,
            "request": self.request,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self._log_context())
        context["event_labels"] = EVENT_LABELS
        return context

    def form_valid(self, form):
        try:
            services.subscription_update(
                subscription=self.object, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Webhook saved."))
        return redirect("integrations:webhook", workspace_slug=self.workspace.slug, pk=self.object.pk)


class WebhookTestView(OwnerOnlyMixin, View):
    model = WebhookSubscription

    def post(self, request, workspace_slug, pk):
        subscription = self.subscription(pk)
        services.webhook_send_test(subscription=subscription, actor=request.user)
        messages.success(request, _("A test event was queued; its delivery appears in the log below."))
        return redirect("integrations:webhook", workspace_slug=workspace_slug, pk=pk)


class WebhookRotateSecretView(OwnerOnlyMixin, View):
    model = WebhookSubscription

    def post(self, request, workspace_slug, pk):
        services.subscription_rotate_secret(subscription=self.subscription(pk), actor=request.user)
        messages.success(request, _("A new signing secret was made; update it on the receiving side."))
        return redirect("integrations:webhook", workspace_slug=workspace_slug, pk=pk)


class WebhookDeleteView(OwnerOnlyMixin, View):
    model = WebhookSubscription

    def post(self, request, workspace_slug, pk):
        services.subscription_delete(subscription=self.subscription(pk), actor=request.user)
        messages.success(request, _("Webhook deleted."))
        return redirect("integrations:webhooks", workspace_slug=workspace_slug)


class DeliveryRedeliverView(OwnerOnlyMixin, View):
    """Send a delivery's event again as a new delivery, then back to the log."""

    model = WebhookDelivery

    def post(self, request, workspace_slug, pk):
        delivery = (
            WebhookDelivery.objects.for_workspace(self.workspace)
            .select_related("subscription")
            .filter(pk=pk)
            .first()
        )
        if delivery is None:
            raise Http404
        try:
            services.delivery_redeliver(delivery=delivery, actor=request.user)
            messages.success(request, _("The event was queued for delivery again."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect("integrations:webhook", workspace_slug=workspace_slug, pk=delivery.subscription_id)
