"""Concept proposals: create, the proposal page, its actions and the PPTX deck."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError

from .. import services, workflow
from ..enums import ProposalStatus
from ..forms import DecisionForm, ProposalForm
from ..models import Proposal
from ..pptx_export import proposal_pptx
from .common import ActionView


class ProposalCreateView(WorkspaceViewMixin, FormView):
    form_class = ProposalForm
    template_name = "planning/proposal_form.html"
    section = "ideas"
    permission = perms.EDIT
    model = Proposal

    def form_valid(self, form):
        try:
            proposal = services.proposal_create(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        return redirect("planning:proposal", workspace_slug=self.workspace.slug, pk=proposal.pk)


class ProposalDetailView(WorkspaceViewMixin, DetailView):
    template_name = "planning/proposal.html"
    section = "ideas"
    model = Proposal
    context_object_name = "proposal"

    def get_queryset(self):
        return super().get_queryset().select_related("goal", "segment", "author", "decided_by", "campaign")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        context.update(
            versions=proposal.versions.select_related("created_by"),
            events=proposal.events.select_related("author"),
            editable=proposal.status in workflow.PROPOSAL_EDITABLE,
            decidable=proposal.status == ProposalStatus.SUBMITTED,
            approved=proposal.status == ProposalStatus.APPROVED,
            edit_form=ProposalForm(instance=proposal, workspace=self.workspace),
            decision_form=DecisionForm(),
        )
        return context


class ProposalActionView(ActionView):
    model = Proposal

    def act(self, proposal):
        op = self.kwargs["op"]
        comment = self.request.POST.get("comment", "")
        if op == "edit":
            form = ProposalForm(
                self.request.POST, instance=Proposal.objects.get(pk=proposal.pk), workspace=self.workspace
            )
            if not form.is_valid():
                raise AppError(
                    _("The request is invalid."),
                    errors={k: [str(e) for e in v] for k, v in form.errors.items()},
                )
            services.proposal_update(proposal=proposal, **self.svc(**form.cleaned_data))
            return _("A new version is saved.")
        if op == "submit":
            services.proposal_submit(proposal=proposal, **self.svc())
            return _("Submitted for review.")
        if op == "comment":
            services.proposal_comment(proposal=proposal, body=comment, **self.svc())
            return _("Comment added.")
        if op in ("approve", "reject", "request_changes"):
            services.proposal_decide(
                proposal=proposal,
                decision=op,
                comment=comment,
                can_approve=self.ctx.allows(perms.APPROVE),
                **self.svc(),
            )
            return _("Decision recorded.")
        raise Http404

    def fallback(self, proposal):
        return reverse("planning:proposal", kwargs={"workspace_slug": self.workspace.slug, "pk": proposal.pk})


class ProposalCampaignView(ActionView):
    """One click: the approved proposal becomes a draft campaign (or opens the one it became).
    Members who may create campaigns only (viewers: 403); not approved: an error note, nothing made."""

    model = Proposal

    def act(self, proposal):
        campaign, created = services.proposal_to_campaign(proposal=proposal, **self.svc())
        self._campaign = campaign
        if created:
            return _("The campaign is created from the proposal; check its dates and channels.")
        return None

    def fallback(self, proposal):
        campaign = getattr(self, "_campaign", None)
        if campaign is not None:
            return reverse(
                "campaigns:detail", kwargs={"workspace_slug": self.workspace.slug, "pk": campaign.pk}
            )
        return reverse("planning:proposal", kwargs={"workspace_slug": self.workspace.slug, "pk": proposal.pk})

    def back(self, fallback: str):
        return redirect(fallback)


class ProposalExportView(WorkspaceViewMixin, DetailView):
    model = Proposal

    def get(self, request, *args, **kwargs):
        proposal = self.get_object()
        response = HttpResponse(
            proposal_pptx(proposal),
            content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        )
        response["Content-Disposition"] = f'attachment; filename="proposal-{proposal.pk}.pptx"'
        return response
