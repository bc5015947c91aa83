"""The triage queue (filters, attack groups, bulk actions) and the root causes of what lands in it."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from smm_platform.errors import AppError

from .. import selectors, services
from ..enums import MentionStatus, Priority, Topic
from ..forms import BulkActionForm, InboxFilterForm
from ..models import Mention
from ._common import InboxSection


class InboxView(InboxSection, TemplateView):
    """The triage queue: riskiest first, then the nearest SLA deadline; filters; bulk actions."""

    template_name = "negativity/inbox.html"
    tab = "inbox"
    model = Mention

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = InboxFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        status = data.get("status")
        qs = selectors.triage_queue(workspace=self.workspace, include_closed=bool(status))
        if status and status != "all":
            qs = qs.filter(status=status)
        for name in ("category", "topic"):
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        if data.get("source"):
            qs = qs.filter(source=data["source"])
        if data.get("risk_min") is not None:
            qs = qs.filter(risk__gte=data["risk_min"])
        if data.get("risk_max") is not None:
            qs = qs.filter(risk__lte=data["risk_max"])
        tz = timezone.get_current_timezone()
        if data.get("published_after"):
            qs = qs.filter(published_at__gte=datetime.combine(data["published_after"], time.min, tzinfo=tz))
        if data.get("published_before"):
            qs = qs.filter(published_at__lte=datetime.combine(data["published_before"], time.max, tzinfo=tz))
        if data.get("sla") == "breached":
            qs = qs.filter(sla_deadline__lt=timezone.now())
        if data.get("mine"):
            qs = qs.filter(assignee=self.request.user)
        # An attack is triaged as one: its posts show as one row per incident (unless asked).
        groups = [] if data.get("one_by_one") else selectors.attack_groups(queue=qs)
        if groups:
            qs = selectors.without_attack_posts(qs)
        page = Paginator(qs, 50).get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            page_obj=page,
            mentions=page.object_list,
            attack_groups=groups if page.number == 1 else [],
            members=selectors.members_for(workspace=self.workspace),
            statuses=MentionStatus.choices,
            priorities=Priority.choices,
            bulk_actions=BulkActionForm.ACTIONS,
            counts=selectors.inbox_counts(workspace=self.workspace),
            now=timezone.now(),
            filtered=bool(self.request.GET.dict().keys() - {"page"}),
        )
        return context


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class BulkActionView(InboxSection, View):
    model = Mention

    def post(self, request, *args, **kwargs):
        ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
        form = BulkActionForm(request.POST, ids=ids)
        back = _safe_next(request, self.url("inbox"))
        if not form.is_valid():  # nothing changes; the message names what is missing
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect(back)
        try:
            changed = services.mentions_bulk_update(
                workspace=self.workspace,
                ids=form.cleaned_data["ids"],
                action=form.cleaned_data["action"],
                value=form.cleaned_data["value"],
                actor=request.user,
            )
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect(back)
        messages.success(request, _("%(n)s mentions updated.") % {"n": changed})
        return redirect(back)


class RootCausesView(InboxSection, TemplateView):
    template_name = "negativity/root_causes.html"
    tab = "causes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = selectors.root_causes(workspace=self.workspace, now=timezone.now())
        labels = dict(Topic.choices)
        context.update(
            chart={
                "weeks": data["weeks"],
                "series": [{"label": str(labels.get(t, t)), "data": v} for t, v in data["series"].items()],
            },
            totals=[
                {"topic": labels.get(r["topic"], r["topic"]), "n": r["n"], "open": r["open"]}
                for r in data["totals"]
            ],
        )
        return context
