"""Campaign pages: list, detail (figures, KPI pace, charts), create/edit, workflow actions,
re-check and save-as-template."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import alignment, figures, hooks, selectors, services
from ..enums import CampaignStatus, Verdict
from ..forms import CampaignForm, KPIFormSet
from ..models import Campaign, Conversion
from ..workflow import TRANSITIONS, available_actions
from ._common import VERDICT_STYLE, CampaignsSection


class CampaignListView(CampaignsSection, ListView):
    """Campaigns with goal, status, verdict and spend (``campaigns.figures``, as on the campaign
    page): a constant number of queries per page."""

    model = Campaign
    template_name = "campaigns/campaign_list.html"
    paginate_by = 25
    context_object_name = "campaigns"

    def get_queryset(self):
        qs = selectors.campaigns_for(workspace=self.workspace)
        status, verdict = self.request.GET.get("status"), self.request.GET.get("verdict")
        if status in CampaignStatus.values:
            qs = qs.filter(status=status)
        if verdict in Verdict.values:
            qs = qs.filter(alignment_verdict=verdict)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            statuses=CampaignStatus.choices,
            verdicts=Verdict.choices,
            verdict_style=VERDICT_STYLE,
            current_status=self.request.GET.get("status", ""),
            current_verdict=self.request.GET.get("verdict", ""),
        )
        found = figures.campaign_figures(campaigns=context["campaigns"])
        for campaign in context["campaigns"]:
            campaign.figure = found[campaign.pk]
        counts = dict(
            Campaign.objects.for_workspace(self.workspace)
            .values_list("alignment_verdict")
            .annotate(n=Count("id"))
            .order_by()
        )
        context["verdict_counts"] = [(value, label, counts.get(value, 0)) for value, label in Verdict.choices]
        return context


def _kpi_rows(campaign: Campaign, totals: dict) -> list[dict]:
    window = alignment.Window(days=1, totals={k: v for k, v in totals.items() if k != "source"})
    today = timezone.localdate()
    facts = alignment.CampaignFacts(
        objective=campaign.objective,
        status=campaign.status,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        as_of=min(today, campaign.ends_on),
        budget=campaign.budget,
    )
    share = alignment.elapsed_share(facts)
    rows = []
    for kpi in campaign.kpis.all():
        actual = alignment.metric_value(kpi.metric, window)
        lower_is_better = kpi.metric in alignment.COST_KPIS
        prorated = kpi.metric not in alignment.COST_KPIS and kpi.metric not in alignment.RATE_KPIS
        expected = kpi.target_value * share if prorated else kpi.target_value
        if actual is None:
            pace = None
        elif lower_is_better:
            pace = (kpi.target_value / actual) if actual else Decimal(1)
        else:
            pace = (actual / expected) if expected else Decimal(1)
        rows.append(
            {
                "kpi": kpi,
                "actual": actual,
                "expected": expected,
                "pace_pct": None if pace is None else int(min(pace, Decimal(2)) * 100),
                "lower_is_better": lower_is_better,
            }
        )
    return rows


FUNNEL = ("impressions", "reach", "clicks", "leads", "sales")


def _chart_data(results, kpis: list[dict], series, result_unit: str) -> dict:
    """What the page's charts draw (``campaigns/static/campaigns/charts.js``); a chart with
    nothing to show is left out, and the page shows "No data for this period" in its place."""
    charts = {}
    if any(getattr(results, m) for m in FUNNEL):
        charts["funnel"] = {
            "labels": [str(alignment.UNIT_LABELS[m]) for m in FUNNEL],
            "values": [getattr(results, m) for m in FUNNEL],
        }
    if kpis:
        charts["pace"] = {
            "labels": [r["kpi"].get_metric_display() for r in kpis],
            "actual": [float(r["actual"] or 0) for r in kpis],
            "expected": [float(r["expected"]) for r in kpis],
            "target": [float(r["kpi"].target_value) for r in kpis],
            "legend": [_("Actual"), _("Expected by now"), _("Target")],
        }
    spend, result, labels, spend_acc, result_acc = [], [], [], Decimal(0), Decimal(0)
    for day, found in series:
        spend_acc += found.spend
        result_acc += Decimal(found.value(result_unit) or 0)
        labels.append(day.isoformat())
        spend.append(float(spend_acc))
        result.append(float(result_acc))
    if spend_acc or result_acc:
        charts["spend"] = {
            "labels": labels,
            "spend": spend,
            "result": result,
            "result_format": "money" if result_unit == "revenue" else "int",
            "legend": [
                _("Spend, cumulative"),
                str(alignment.UNIT_LABELS.get(result_unit, result_unit)).capitalize(),
            ],
        }
    return charts


class CampaignDetailView(CampaignsSection, DetailView):
    model = Campaign
    template_name = "campaigns/campaign_detail.html"
    context_object_name = "campaign"

    def get_queryset(self):
        return selectors.campaigns_for(workspace=self.workspace).prefetch_related("segments", "kpis")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        figure = figures.campaign_figure(campaign=campaign)
        totals = figure.results.totals()
        series = figures.daily_results(campaign=campaign)
        kpis = _kpi_rows(campaign, totals)
        chain = alignment.chain_for(campaign.goal.kind if campaign.goal else None, campaign.objective)
        actions = [t for t in available_actions(campaign.status) if self.ctx.allows(t.permission)]
        context.update(
            totals=totals,
            figure=figure,
            cost_per_result=figure.results.cost_per_result(
                campaign.goal.target_metric if campaign.goal else None
            ),
            kpis=kpis,
            reasons=[
                {"text": alignment.render_reason(r), "severity": r.get("severity", "ok")}
                for r in campaign.alignment_reasons
            ],
            history=[
                {
                    "check": h,
                    "reasons": [alignment.render_reason(r) for r in h.reasons if r.get("severity") != "ok"],
                    "style": VERDICT_STYLE.get(h.verdict, "secondary"),
                }
                for h in selectors.alignment_history(campaign=campaign)[:30]
            ],
            verdict_style=VERDICT_STYLE.get(campaign.alignment_verdict, "secondary"),
            actions=actions,
            chain_steps=[str(alignment.UNIT_LABELS.get(s, s)) for s in chain[0]] if chain else [],
            chart_data=_chart_data(figure.results, kpis, series, chain[0][-1] if chain else "sales"),
            recent_conversions=Conversion.objects.for_workspace(self.workspace).filter(campaign=campaign)[
                :10
            ],
            has_metrics=bool(series),
            origins=hooks.origins_of(campaign),
        )
        return context


class CampaignFormMixin:
    permission = perms.EDIT
    form_class = CampaignForm
    template_name = "campaigns/campaign_form.html"

    def kpi_formset(self, initial=None):
        if self.request.method == "POST":
            return KPIFormSet(self.request.POST, prefix="kpi")
        return KPIFormSet(prefix="kpi", initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("kpi_formset", self.kpi_formset(self.kpi_initial()))
        return context

    def kpi_initial(self):
        return []

    def form_valid(self, form):
        formset = self.kpi_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(form=form, kpi_formset=formset))
        kpis = [
            {"metric": f.cleaned_data["metric"], "target_value": f.cleaned_data["target_value"]}
            for f in formset
            if f.cleaned_data.get("metric")
        ]
        data = dict(form.cleaned_data)
        segments = data.pop("segments", [])
        try:
            campaign = self.save(data=data, segments=segments, kpis=kpis)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Campaign “%(name)s” saved.") % {"name": campaign.name})
        return redirect(self.url("detail", pk=campaign.pk))


class CampaignCreateView(CampaignFormMixin, CampaignsSection, FormView):
    def get_initial(self):
        goal = self.request.GET.get("goal")
        return {"goal": goal} if goal and goal.isdigit() else {}

    def save(self, *, data, segments, kpis):
        return services.campaign_create(
            workspace=self.workspace, actor=self.request.user, segments=segments, kpis=kpis, **data
        )


class CampaignUpdateView(CampaignFormMixin, CampaignsSection, FormView):
    model = Campaign

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                Campaign.objects.for_workspace(self.workspace), pk=self.kwargs["pk"]
            )
        return self._object

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_object()
        return kwargs

    def kpi_initial(self):
        return [{"metric": k.metric, "target_value": k.target_value} for k in self.get_object().kpis.all()]

    def save(self, *, data, segments, kpis):
        campaign = Campaign.objects.for_workspace(self.workspace).get(pk=self.get_object().pk)
        return services.campaign_update(
            campaign=campaign, actor=self.request.user, segments=segments, kpis=kpis, **data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(campaign=self.get_object(), **kwargs)


class CampaignTransitionView(CampaignsSection, View):
    """POST ``action`` (submit, approve, start, ...): the role needed is the transition's own."""

    model = Campaign

    def post(self, request, workspace_slug, pk):
        campaign = get_object_or_404(Campaign.objects.for_workspace(self.workspace), pk=pk)
        transition = TRANSITIONS.get(request.POST.get("action", ""))
        if transition is None:
            messages.error(request, _("Unknown action."))
            return redirect(self.url("detail", pk=pk))
        if not self.ctx.allows(transition.permission):
            raise PermissionDenied
        try:
            campaign, changed = services.campaign_transition(
                campaign=campaign, action=transition.action, actor=request.user
            )
        except AppError as exc:
            messages.error(request, exc.message)
        else:
            if changed:
                messages.success(
                    request, _("Status: %(status)s.") % {"status": campaign.get_status_display()}
                )
            else:
                messages.info(
                    request,
                    _("The campaign already was “%(status)s”.") % {"status": campaign.get_status_display()},
                )
        return redirect(self.url("detail", pk=pk))


class CampaignRecheckView(CampaignsSection, View):
    model = Campaign

    def post(self, request, workspace_slug, pk):
        campaign = get_object_or_404(Campaign.objects.for_workspace(self.workspace), pk=pk)
        services.alignment_request_check(campaign=campaign)
        messages.info(request, _("The alignment check is queued; refresh in a moment."))
        return redirect(self.url("detail", pk=pk))


class CampaignSaveTemplateView(CampaignsSection, View):
    model = Campaign

    def post(self, request, workspace_slug, pk):
        campaign = get_object_or_404(Campaign.objects.for_workspace(self.workspace), pk=pk)
        try:
            template = services.template_from_campaign(campaign=campaign, actor=request.user)
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect(self.url("detail", pk=pk))
        messages.success(request, _("Saved as template “%(name)s”.") % {"name": template.name})
        return redirect(self.url("templates"))
