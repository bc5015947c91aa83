"""Audience segments and the trend radar (trends and trend trials)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import selectors, services
from ..enums import TrendStatus
from ..forms import SegmentForm, TrendForm, TrendTrialForm
from ..models import AudienceSegment, Trend
from ._common import CampaignsSection


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
