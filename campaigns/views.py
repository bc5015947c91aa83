"""Dashboard pages of the campaigns area: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from smm_platform import tabular
from smm_platform.errors import AppError

from . import alignment, figures, importing, selectors, services
from .enums import CampaignStatus, TrendStatus, Verdict
from .forms import (
    AlignmentSettingsForm,
    CampaignForm,
    GoalForm,
    KPIFormSet,
    MetricsUploadForm,
    SegmentForm,
    TemplateStartForm,
    TrendForm,
    TrendTrialForm,
)
from .models import AudienceSegment, BusinessGoal, Campaign, CampaignTemplate, Conversion, Trend
from .workflow import TRANSITIONS, available_actions

VERDICT_STYLE = {
    Verdict.ALIGNED: "success",
    Verdict.AT_RISK: "warning",
    Verdict.MISALIGNED: "danger",
    Verdict.INSUFFICIENT_DATA: "secondary",
}


class CampaignsSection(WorkspaceViewMixin):
    section = "campaigns"

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"campaigns:{name}", kwargs={"workspace_slug": self.workspace.slug, **kwargs})


# --- campaigns -------------------------------------------------------------------------------


class CampaignListView(CampaignsSection, ListView):
    """Campaigns with goal, status, verdict and spend: a constant number of queries per page."""

    model = Campaign
    template_name = "campaigns/campaign_list.html"
    paginate_by = 25
    context_object_name = "campaigns"

    def get_queryset(self):
        qs = selectors.campaigns_with_totals(workspace=self.workspace)
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
        series = selectors.campaign_daily_series(campaign=campaign)
        kpis = _kpi_rows(campaign, totals)
        cumulative, spend_acc, result_acc = [], Decimal(0), 0
        chain = alignment.chain_for(campaign.goal.kind if campaign.goal else None, campaign.objective)
        result_unit = chain[0][-1] if chain else "sales"
        for day in series:
            spend_acc += day["spend"] or 0
            result_acc += day.get(result_unit) or 0
            cumulative.append(
                {"date": day["date"].isoformat(), "spend": float(spend_acc), "result": float(result_acc)}
            )
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
            chart_data={
                "funnel": {
                    "labels": [
                        str(alignment.UNIT_LABELS[m])
                        for m in ("impressions", "reach", "clicks", "leads", "sales")
                    ],
                    "values": [
                        float(totals[m]) for m in ("impressions", "reach", "clicks", "leads", "sales")
                    ],
                },
                "pace": {
                    "labels": [r["kpi"].get_metric_display() for r in kpis],
                    "actual": [float(r["actual"] or 0) for r in kpis],
                    "expected": [float(r["expected"]) for r in kpis],
                    "target": [float(r["kpi"].target_value) for r in kpis],
                    "legend": [_("Actual"), _("Expected by now"), _("Target")],
                },
                "spend": {
                    "labels": [d["date"] for d in cumulative],
                    "spend": [d["spend"] for d in cumulative],
                    "result": [d["result"] for d in cumulative],
                    "legend": [
                        _("Spend, cumulative"),
                        str(alignment.UNIT_LABELS.get(result_unit, result_unit)).capitalize(),
                    ],
                },
            },
            recent_conversions=Conversion.objects.for_workspace(self.workspace).filter(campaign=campaign)[
                :10
            ],
            has_metrics=bool(series),
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


# --- goals -----------------------------------------------------------------------------------


class GoalTreeView(CampaignsSection, TemplateView):
    """Goal -> campaigns -> KPIs, with progress toward each goal's target."""

    template_name = "campaigns/goal_tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goals = list(selectors.goals_for(workspace=self.workspace).prefetch_related("campaigns__kpis"))
        found = figures.goal_figures(workspace=self.workspace, goals=goals)
        by_parent = defaultdict(list)
        for goal in goals:
            goal.figure = found[goal.pk]
            by_parent[goal.parent_id].append(goal)

        def tree(parent_id, depth=0):
            nodes = []
            for goal in by_parent.get(parent_id, []):
                nodes.append({"goal": goal, "depth": depth})
                nodes += tree(goal.pk, depth + 1)
            return nodes

        context.update(
            nodes=tree(None),
            verdict_style=VERDICT_STYLE,
            unassigned=Campaign.objects.for_workspace(self.workspace).filter(goal__isnull=True).count(),
        )
        return context


class GoalCreateView(CampaignsSection, FormView):
    permission = perms.EDIT
    form_class = GoalForm
    template_name = "campaigns/form_page.html"

    def form_valid(self, form):
        try:
            goal = services.goal_create(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Goal “%(name)s” saved.") % {"name": goal.name})
        return redirect(self.url("goals"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New business goal"), back=self.url("goals"), **kwargs)


class GoalUpdateView(CampaignsSection, FormView):
    permission = perms.EDIT
    model = BusinessGoal
    form_class = GoalForm
    template_name = "campaigns/form_page.html"

    def get_object(self):
        return get_object_or_404(BusinessGoal.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        goal = BusinessGoal.objects.for_workspace(self.workspace).get(pk=self.kwargs["pk"])
        try:
            services.goal_update(goal=goal, actor=self.request.user, **form.cleaned_data)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Goal “%(name)s” saved.") % {"name": goal.name})
        return redirect(self.url("goals"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit business goal"), back=self.url("goals"), **kwargs)


# --- metrics upload --------------------------------------------------------------------------

UPLOAD_SESSION_KEY = "campaigns-upload"


class MetricsUploadView(CampaignsSection, FormView):
    """Step 1: upload a CSV/XLSX and see a preview: the column mapping (which the person can fix)
    and every row with its errors. Step 2 (``confirm``): store. The parsed file waits in the session
    between the steps, so fixing the mapping needs no second upload."""

    permission = perms.EDIT

    form_class = MetricsUploadForm
    template_name = "campaigns/metrics_upload.html"

    def post(self, request, *args, **kwargs):
        if "remap" in request.POST:
            stash = _upload_stash(request)
            if stash is None:
                messages.error(request, _("The preview has expired; upload the file again."))
                return redirect(self.url("metrics-upload"))
            table = tabular.Table.from_stash(stash["table"])
            stash["mapping"] = tabular.mapping_from_post(request.POST, table.header, importing.COLUMNS)
            request.session[UPLOAD_SESSION_KEY] = stash
            return self._preview(self.get_form_class()(workspace=self.workspace), stash)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        table = form.cleaned_data["file"]
        campaign = form.cleaned_data.get("campaign")
        stash = {
            "token": uuid.uuid4().hex,
            "table": table.as_stash(),
            "mapping": tabular.auto_mapping(table.header, importing.COLUMNS),
            "campaign": campaign.pk if campaign else None,
        }
        self.request.session[UPLOAD_SESSION_KEY] = stash
        return self._preview(form, stash)

    def _preview(self, form, stash):
        table = tabular.Table.from_stash(stash["table"])
        mapping = stash["mapping"]
        try:
            result = importing.check(
                workspace=self.workspace,
                table=table,
                mapping=mapping,
                default_campaign=_default_campaign(self.workspace, stash),
            )
        except AppError as exc:
            return self.app_error(exc, form)
        errors = result["errors"]
        preview = [
            {"line": result["lines"][index], "cells": cells, "errors": bool(errors.get(str(index)))}
            for index, cells in enumerate(table.rows[:200])
        ]
        choices = [(tabular.IGNORE, _("— do not import —"))] + [(c.key, c.label) for c in importing.COLUMNS]
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=preview,
                header=[
                    {"index": i, "name": name, "key": mapping[i] if i < len(mapping) else ""}
                    for i, name in enumerate(table.header)
                ],
                choices=choices,
                error_messages=result["messages"][:100],
                error_rows=len(errors),
                total=len(table.rows),
                valid=result["valid"],
                token=stash["token"],
                file_info={"encoding": table.encoding, "delimiter": table.delimiter, "kind": table.kind},
            )
        )


def _upload_stash(request, token: str | None = None) -> dict | None:
    stash = request.session.get(UPLOAD_SESSION_KEY) or {}
    if not stash or stash.get("token") != (token or request.POST.get("token")):
        return None
    return stash


def _default_campaign(workspace, stash):
    if not stash.get("campaign"):
        return None
    return Campaign.objects.for_workspace(workspace).filter(pk=stash["campaign"]).first()


class MetricsUploadConfirmView(CampaignsSection, View):
    permission = perms.EDIT

    def post(self, request, workspace_slug):
        stash = _upload_stash(request)
        if stash is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect(self.url("metrics-upload"))
        result = importing.check(
            workspace=self.workspace,
            table=tabular.Table.from_stash(stash["table"]),
            mapping=stash["mapping"],
            default_campaign=_default_campaign(self.workspace, stash),
        )
        if not result["valid"]:
            messages.error(request, _("The file still has errors; nothing was stored."))
            return redirect(self.url("metrics-upload"))
        try:
            stored = services.metrics_upsert(
                workspace=self.workspace, actor=request.user, rows=result["rows"]
            )
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect(self.url("metrics-upload"))
        request.session.pop(UPLOAD_SESSION_KEY, None)
        messages.success(
            request,
            _("%(created)s rows added and %(updated)s updated; the alignment re-check is queued.")
            % {"created": stored["created"], "updated": stored["updated"]},
        )
        return redirect(self.url("index"))


# --- segments --------------------------------------------------------------------------------


class SegmentListView(CampaignsSection, ListView):
    model = AudienceSegment
    template_name = "campaigns/segment_list.html"
    context_object_name = "segments"
    paginate_by = 24

    def get_queryset(self):
        return (
            selectors.segments_for(workspace=self.workspace)
            .annotate(campaign_count=Count("campaigns"))
            .order_by("name", "id")
        )


class SegmentCreateView(CampaignsSection, FormView):
    permission = perms.EDIT
    form_class = SegmentForm
    template_name = "campaigns/form_page.html"

    def form_valid(self, form):
        try:
            services.segment_create(workspace=self.workspace, actor=self.request.user, **form.cleaned_data)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Segment saved."))
        return redirect(self.url("segments"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New audience segment"), back=self.url("segments"), **kwargs)


class SegmentUpdateView(CampaignsSection, FormView):
    permission = perms.EDIT
    model = AudienceSegment
    form_class = SegmentForm
    template_name = "campaigns/form_page.html"

    def get_object(self):
        return get_object_or_404(AudienceSegment.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        segment = self.get_object()
        try:
            services.segment_update(segment=segment, actor=self.request.user, **form.cleaned_data)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Segment saved."))
        return redirect(self.url("segments"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit audience segment"), back=self.url("segments"), **kwargs)


# --- trends ----------------------------------------------------------------------------------


class TrendRadarView(CampaignsSection, TemplateView):
    template_name = "campaigns/trend_radar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trends = list(selectors.trends_for(workspace=self.workspace))
        columns = [
            {"status": value, "label": label, "trends": [t for t in trends if t.status == value]}
            for value, label in TrendStatus.choices
        ]
        context.update(columns=columns, has_trends=bool(trends))
        return context


class TrendCreateView(CampaignsSection, FormView):
    permission = perms.EDIT
    form_class = TrendForm
    template_name = "campaigns/form_page.html"

    def get_initial(self):
        return {"noticed_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            services.trend_create(workspace=self.workspace, actor=self.request.user, **form.cleaned_data)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Trend saved."))
        return redirect(self.url("trends"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New trend"), back=self.url("trends"), **kwargs)


class TrendUpdateView(CampaignsSection, FormView):
    permission = perms.EDIT
    model = Trend
    form_class = TrendForm
    template_name = "campaigns/trend_form.html"

    def get_object(self):
        if not hasattr(self, "_trend"):
            self._trend = get_object_or_404(Trend.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])
        return self._trend

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        trend = Trend.objects.for_workspace(self.workspace).get(pk=self.kwargs["pk"])
        try:
            services.trend_update(trend=trend, actor=self.request.user, **form.cleaned_data)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Trend saved."))
        return redirect(self.url("trends"))

    def get_context_data(self, **kwargs):
        trial_form = kwargs.pop("trial_form", None) or TrendTrialForm(
            workspace=self.workspace, prefix="trial"
        )
        return super().get_context_data(
            trend=self.get_object(),
            trials=self.get_object().trials.select_related("campaign"),
            trial_form=trial_form,
            back=self.url("trends"),
            **kwargs,
        )


class TrendTrialView(TrendUpdateView):
    """POST: record a campaign that tried the trend (the effect is measured from its metrics)."""

    def post(self, request, *args, **kwargs):
        trend = self.get_object()
        form = TrendTrialForm(request.POST, workspace=self.workspace, prefix="trial")
        if form.is_valid():
            try:
                services.trend_trial_record(trend=trend, actor=request.user, **form.cleaned_data)
            except AppError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Trial recorded."))
                return redirect(self.url("trend-edit", pk=trend.pk))
        return self.render_to_response(self.get_context_data(form=self.get_form(), trial_form=form))

    def get_form(self, form_class=None):
        return TrendForm(instance=self.get_object(), workspace=self.workspace)


# --- templates -------------------------------------------------------------------------------


class TemplateLibraryView(CampaignsSection, ListView):
    model = CampaignTemplate
    template_name = "campaigns/template_library.html"
    context_object_name = "templates"
    paginate_by = 24

    def get_queryset(self):
        return selectors.templates_with_performance(workspace=self.workspace).order_by("name", "id")


class TemplateStartView(CampaignsSection, FormView):
    permission = perms.EDIT
    model = CampaignTemplate
    form_class = TemplateStartForm
    template_name = "campaigns/template_start.html"

    def get_object(self):
        return get_object_or_404(CampaignTemplate.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_initial(self):
        template = self.get_object()
        return {"name": template.name, "starts_on": timezone.localdate(), "budget": template.budget}

    def form_valid(self, form):
        try:
            campaign, plan = services.template_instantiate(
                template=self.get_object(), actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(
            self.request,
            _("Campaign started from the template with %(n)s plan entries shifted to the new dates.")
            % {"n": len(plan)},
        )
        return redirect(self.url("detail", pk=campaign.pk))

    def get_context_data(self, **kwargs):
        return super().get_context_data(template=self.get_object(), **kwargs)


# --- settings --------------------------------------------------------------------------------


class AlignmentSettingsView(CampaignsSection, FormView):
    """Thresholds of the alignment engine; managers change them."""

    form_class = AlignmentSettingsForm
    template_name = "campaigns/form_page.html"
    write_permission = perms.APPROVE

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": selectors.alignment_settings_for(workspace=self.workspace),
        }

    def form_valid(self, form):
        try:
            services.alignment_settings_update(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Thresholds saved; running campaigns will be re-checked."))
        return redirect(self.url("alignment-settings"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Alignment thresholds"),
            back=self.url("index"),
            readonly=not self.ctx.allows(perms.APPROVE),
            **kwargs,
        )
