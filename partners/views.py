"""Dashboard pages of partners: directory, partner page, kanban board, imports, shortlist, deals."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.views_base import WorkspaceViewMixin
from campaigns.enums import Channel
from campaigns.models import Campaign
from smm_platform import tabular
from smm_platform.errors import AppError

from . import importing, rules, scoring, selectors, services
from .enums import DealStatus, ImportStatus, PartnerKind, Stage
from .forms import (
    ChannelForm,
    DealForm,
    DeliverableFormSet,
    DeliverableProgressForm,
    ImportForm,
    MoveForm,
    NegotiationForm,
    PartnerForm,
    ShortlistForm,
)
from .models import Deal, Deliverable, Partner, PartnerImport

PAGE_SIZE = 25


class PartnerPageMixin(WorkspaceViewMixin):
    section = "partners"
    model = Partner

    def get_partner(self) -> Partner:
        partner = Partner.objects.for_workspace(self.workspace).filter(pk=self.kwargs["pk"]).first()
        if partner is None:
            raise Http404
        return partner

    def detail_url(self, pk) -> str:
        return reverse("partners:detail", kwargs={"workspace_slug": self.workspace.slug, "pk": pk})


class DirectoryView(PartnerPageMixin, TemplateView):
    """The directory with filters (kind, stage, platform, topic, audience) and search."""

    template_name = "partners/directory.html"
    FILTERS = ("q", "kind", "stage", "platform", "topic", "audience_min", "audience_max")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = {k: self.request.GET.get(k, "").strip() for k in self.FILTERS}
        for key in ("audience_min", "audience_max"):
            if filters[key] and not filters[key].isdigit():
                filters[key] = ""
        partners = selectors.partners_for(workspace=self.workspace, filters=filters).order_by("name", "id")
        page = Paginator(partners, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            partners=page.object_list,
            filters=filters,
            filtered=any(filters.values()),
            kinds=PartnerKind.choices,
            stages=Stage.choices,
            platforms=Channel.choices,
            has_any=Partner.objects.for_workspace(self.workspace).exists(),
        )
        return context


class PartnerCreateView(PartnerPageMixin, FormView):
    template_name = "partners/partner_form.html"
    form_class = PartnerForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channel_form"] = kwargs.get("channel_form") or ChannelForm(prefix="channel")
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        channel_form = ChannelForm(request.POST, prefix="channel")
        if not (form.is_valid() and channel_form.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, channel_form=channel_form))
        data = form.to_data()
        data["channels"] = [channel_form.cleaned_data]
        try:
            partner = services.partner_create(workspace=self.workspace, actor=request.user, data=data)
        except AppError as exc:
            messages.error(request, exc.message)
            return self.render_to_response(self.get_context_data(form=form, channel_form=channel_form))
        messages.success(request, _("Partner added."))
        return redirect(self.detail_url(partner.pk))


class PartnerEditView(PartnerPageMixin, FormView):
    template_name = "partners/partner_form.html"
    form_class = PartnerForm

    def get_initial(self):
        self.partner = self.get_partner()
        return PartnerForm.initial_for(self.partner)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner"] = self.partner
        return context

    def form_valid(self, form):
        try:
            services.partner_update(partner=self.partner, actor=self.request.user, data=form.to_data())
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Partner saved."))
        return redirect(self.detail_url(self.partner.pk))


class PartnerDetailView(PartnerPageMixin, TemplateView):
    """Channels, the negotiation timeline, deals with results and the "work again?" verdict."""

    template_name = "partners/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.get_partner()
        results = selectors.partner_results(partner=partner)
        allowed = [
            (value, label)
            for value, label in Stage.choices
            if value in rules.TRANSITIONS.get(partner.stage, set())
        ]
        context.update(
            partner=partner,
            channels=partner.channels.all(),
            negotiations=selectors.negotiations_for(workspace=self.workspace, partner=partner),
            results=results,
            negotiation_form=NegotiationForm(),
            channel_form=ChannelForm(),
            next_stages=allowed,
            stages=Stage.choices,
            today=timezone.localdate(),
        )
        return context


class ChannelAddView(PartnerPageMixin, View):
    def post(self, request, workspace_slug, pk):
        partner = self.get_partner()
        form = ChannelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the channel: %(errors)s") % {"errors": _errors_text(form)})
        else:
            try:
                services.channel_add(partner=partner, actor=request.user, data=form.cleaned_data)
                messages.success(request, _("Channel added."))
            except AppError as exc:
                messages.error(request, exc.message)
        return redirect(self.detail_url(partner.pk))


class NegotiationAddView(PartnerPageMixin, View):
    def post(self, request, workspace_slug, pk):
        partner = self.get_partner()
        form = NegotiationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the step: %(errors)s") % {"errors": _errors_text(form)})
        else:
            try:
                services.negotiation_log(
                    partner=partner,
                    actor=request.user,
                    data={**form.cleaned_data, "happened_at": timezone.now()},
                )
                messages.success(request, _("Negotiation step logged."))
            except AppError as exc:
                messages.error(request, _error_text(exc))
        return redirect(self.detail_url(partner.pk))


class PartnerMoveView(PartnerPageMixin, View):
    """Move a partner along the pipeline: JSON for the board's drag and drop, a redirect for forms."""

    def post(self, request, workspace_slug, pk):
        partner = self.get_partner()
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        form = MoveForm(request.POST)
        if not form.is_valid():
            message = _("Choose a stage.")
            if wants_json:
                return JsonResponse({"detail": message, "errors": {"stage": [message]}}, status=400)
            messages.error(request, message)
            return redirect(request.POST.get("next") or self.detail_url(partner.pk))
        try:
            moved = services.partner_move(
                partner=partner, stage=form.cleaned_data["stage"], actor=request.user
            )
        except AppError as exc:
            if wants_json:
                return JsonResponse({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
            messages.error(request, exc.message)
            return redirect(_safe_next(request, self.detail_url(partner.pk)))
        label = Stage(form.cleaned_data["stage"]).label
        message = (
            _("%(name)s moved to “%(stage)s”.") if moved else _("%(name)s is already in “%(stage)s”.")
        ) % {"name": partner.name, "stage": label}
        if wants_json:
            return JsonResponse({"detail": message, "stage": form.cleaned_data["stage"]})
        messages.success(request, message)
        return redirect(_safe_next(request, self.detail_url(partner.pk)))


class BoardView(PartnerPageMixin, TemplateView):
    """Kanban pipeline: drag a card to another column to move the partner."""

    template_name = "partners/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = selectors.board_for(workspace=self.workspace)
        context["columns"] = [(value, label, columns[value]) for value, label in Stage.choices]
        context["stages"] = Stage.choices
        return context


class DealCreateView(PartnerPageMixin, FormView):
    """Close a deal: terms, price, payment, erid, landing page and deliverables with due dates."""

    template_name = "partners/deal_form.html"
    form_class = DealForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner"] = self.get_partner()
        context["formset"] = kwargs.get("formset") or DeliverableFormSet(prefix="items")
        return context

    def get_initial(self):
        campaign = self.request.GET.get("campaign")
        return {"campaign": campaign} if campaign and campaign.isdigit() else {}

    def post(self, request, *args, **kwargs):
        partner = self.get_partner()
        form = self.get_form()
        formset = DeliverableFormSet(request.POST, prefix="items")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        data = dict(form.cleaned_data)
        campaign = data.pop("campaign")
        data["deliverables"] = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            deal = services.deal_close(partner=partner, campaign=campaign, actor=request.user, data=data)
        except AppError as exc:
            messages.error(request, _error_text(exc))
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("Deal closed; its deliverables are in the plan."))
        return redirect("partners:deal", workspace_slug=self.workspace.slug, pk=deal.pk)


class DealView(WorkspaceViewMixin, TemplateView):
    """A deal: terms, tracking link, deliverables with progress, results and the verdict."""

    template_name = "partners/deal.html"
    section = "partners"
    model = Deal

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deal = (
            selectors.deals_for(workspace=self.workspace)
            .select_related("campaign__goal")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if deal is None:
            raise Http404
        results = selectors.results_of(deal)
        goal = deal.campaign.goal
        verdict, reasons = rules.work_again_verdict(
            results, max_cpa=goal.max_cost_per_result if goal else None
        )
        series = selectors.conversions_by_day(deal=deal)
        deliverables = list(deal.deliverables.all())
        context.update(
            deal=deal,
            partner=deal.partner,
            results=results,
            verdict=verdict,
            verdict_label=dict(_verdict_choices()).get(verdict, verdict),
            reasons=reasons,
            deliverables=[
                (d, DeliverableProgressForm(initial=_progress_initial(d), prefix=f"d{d.pk}"))
                for d in deliverables
            ],
            chart={
                "labels": [day for day, _n in series],
                "values": [n for _day, n in series],
                "label": _("Conversions"),
            },
            open_deal=deal.status in (DealStatus.SIGNED, DealStatus.IN_PROGRESS),
        )
        return context


class DealCompleteView(WorkspaceViewMixin, View):
    model = Deal

    def post(self, request, workspace_slug, pk):
        deal = Deal.objects.for_workspace(self.workspace).filter(pk=pk).first()
        if deal is None:
            raise Http404
        try:
            services.deal_complete(deal=deal, actor=request.user)
            messages.success(request, _("Deal completed; the partner's rating was updated."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect("partners:deal", workspace_slug=workspace_slug, pk=pk)


class DeliverableUpdateView(WorkspaceViewMixin, View):
    model = Deliverable

    def post(self, request, workspace_slug, pk):
        deliverable = (
            Deliverable.objects.for_workspace(self.workspace)
            .select_related("deal__partner")
            .filter(pk=pk)
            .first()
        )
        if deliverable is None:
            raise Http404
        form = DeliverableProgressForm(request.POST, prefix=f"d{pk}")
        if not form.is_valid():
            messages.error(request, _("Check the deliverable: %(errors)s") % {"errors": _errors_text(form)})
        else:
            data = {k: v for k, v in form.cleaned_data.items() if v is not None}
            try:
                services.deliverable_update(deliverable=deliverable, actor=request.user, data=data)
                messages.success(request, _("Deliverable updated."))
            except AppError as exc:
                messages.error(request, _error_text(exc))
        return redirect("partners:deal", workspace_slug=workspace_slug, pk=deliverable.deal_id)


class ImportView(PartnerPageMixin, FormView):
    """Upload a CSV/XLSX of candidates; the next page previews the column mapping (which the person
    can fix), rows, errors and duplicates."""

    template_name = "partners/import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = importing.TABLE_COLUMNS
        context["imports"] = PartnerImport.objects.for_workspace(self.workspace)[:10]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            table = importing.read_table(upload.name, upload.read())
            mapping = tabular.auto_mapping(table.header, importing.TABLE_COLUMNS)
            partner_import = services.partner_import_preview(
                workspace=self.workspace,
                actor=self.request.user,
                file_name=upload.name,
                rows=importing.rows_from_table(table, mapping),
                table=table.as_stash(),
                mapping=mapping,
            )
        except AppError as exc:
            return self.app_error(exc, form)
        return redirect("partners:import-preview", workspace_slug=self.workspace.slug, pk=partner_import.pk)


class ImportPreviewView(WorkspaceViewMixin, TemplateView):
    """The file with the column each of its cells is imported as, every row's problems naming the
    row and the column, duplicates; POST ``remap`` reads the file again with the mapping chosen,
    any other POST applies the import (nothing is stored while a row has errors)."""

    template_name = "partners/import_preview.html"
    section = "partners"
    model = PartnerImport

    def get_import(self) -> PartnerImport:
        partner_import = (
            PartnerImport.objects.for_workspace(self.workspace).filter(pk=self.kwargs["pk"]).first()
        )
        if partner_import is None:
            raise Http404
        return partner_import

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner_import = self.get_import()
        in_preview = partner_import.status == ImportStatus.PREVIEW
        context.update(
            importing.preview(partner_import),
            partner_import=partner_import,
            row_count=len(partner_import.rows),
            error_count=len(partner_import.errors),
            duplicate_count=len(partner_import.duplicates),
            can_apply=in_preview and not partner_import.errors,
            can_remap=in_preview and bool(partner_import.table) and context.get("can_edit"),
        )
        return context

    def post(self, request, workspace_slug, pk):
        partner_import = self.get_import()
        here = redirect("partners:import-preview", workspace_slug=workspace_slug, pk=pk)
        try:
            if "remap" in request.POST:
                header = (partner_import.table or {}).get("header") or []
                mapping = tabular.mapping_from_post(request.POST, header, importing.TABLE_COLUMNS)
                services.partner_import_remap(
                    partner_import=partner_import, actor=request.user, mapping=mapping
                )
                return here
            created = services.partner_import_apply(partner_import=partner_import, actor=request.user)
        except AppError as exc:
            messages.error(request, exc.message)
            return here
        messages.success(request, _("%(n)s partners imported.") % {"n": created})
        return redirect("partners:index", workspace_slug=workspace_slug)


class ShortlistPickView(WorkspaceViewMixin, FormView):
    template_name = "partners/shortlist_pick.html"
    form_class = ShortlistForm
    section = "partners"

    def get(self, request, *args, **kwargs):
        campaign = request.GET.get("campaign")
        if campaign and campaign.isdigit():
            return redirect("partners:shortlist", workspace_slug=self.workspace.slug, pk=int(campaign))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        return redirect(
            "partners:shortlist", workspace_slug=self.workspace.slug, pk=form.cleaned_data["campaign"].pk
        )


class ShortlistView(WorkspaceViewMixin, TemplateView):
    """The ranked partners for a campaign, each score explained line by line."""

    template_name = "partners/shortlist.html"
    section = "partners"
    model = Campaign

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = Campaign.objects.for_workspace(self.workspace).filter(pk=self.kwargs["pk"]).first()
        if campaign is None:
            raise Http404
        count, entries = selectors.shortlist(campaign=campaign, limit=30)
        context.update(
            campaign=campaign,
            candidates=count,
            entries=[
                {
                    "partner": e.partner,
                    "score": e.score,
                    "reasons": [
                        (r["code"].startswith("risk_"), scoring.reason_text(r["code"], r["params"]))
                        for r in e.reasons
                    ],
                }
                for e in entries
            ],
            form=ShortlistForm(workspace=self.workspace, initial={"campaign": campaign.pk}),
        )
        return context


def _errors_text(form) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
        for f, e in form.errors.items()
    )


def _error_text(exc: AppError) -> str:
    details = []
    for value in exc.errors.values():
        if isinstance(value, dict):
            details += [json.dumps(value, ensure_ascii=False)]
        elif isinstance(value, list):
            details += [str(v) for v in value]
    return f"{exc.message} {' '.join(details)}".strip()


def _safe_next(request, fallback: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return (
        target
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        else fallback
    )


def _progress_initial(d: Deliverable) -> dict:
    return {
        "status": d.status,
        "published_url": d.published_url,
        "erid": d.erid,
        "reach": d.reach,
        "clicks": d.clicks,
    }


def _verdict_choices():
    from .enums import Verdict

    return Verdict.choices
