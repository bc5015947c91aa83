"""Ideas: the ideas page, brainstorm sessions (ideas, votes, close) and converting an idea."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError

from .. import selectors, services
from ..enums import BrainstormPhase
from ..forms import BrainstormForm, IdeaForm
from ..models import BrainstormSession, Idea, PlanItem, Proposal, Task
from .common import ActionView


# --- ideas: brainstorms and proposals -----------------------------------------------------------
class IdeasView(WorkspaceViewMixin, TemplateView):
    template_name = "planning/ideas.html"
    section = "ideas"
    model = BrainstormSession

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sessions=selectors.brainstorms_for(workspace=self.workspace)[:50],
            proposals=selectors.proposals_for(workspace=self.workspace)[:50],
            brainstorm_form=BrainstormForm(
                workspace=self.workspace, initial={"ends_at": timezone.localtime() + timedelta(days=2)}
            ),
        )
        return context


class BrainstormCreateView(WorkspaceViewMixin, View):
    http_method_names = ["post"]
    model = BrainstormSession

    def post(self, request, *args, **kwargs):
        form = BrainstormForm(request.POST, workspace=self.workspace)
        if not form.is_valid():
            messages.error(request, "; ".join(" ".join(v) for v in form.errors.values()))
            return redirect("planning:ideas", workspace_slug=self.workspace.slug)
        data = dict(form.cleaned_data)
        session = services.brainstorm_create(
            workspace=self.workspace, actor=request.user, participants=list(data.pop("participants")), **data
        )
        return redirect("planning:brainstorm", workspace_slug=self.workspace.slug, pk=session.pk)


class BrainstormDetailView(WorkspaceViewMixin, DetailView):
    template_name = "planning/brainstorm.html"
    section = "ideas"
    model = BrainstormSession
    context_object_name = "session"

    def get_context_data(self, **kwargs):
        from django.db.models import Count, Q

        context = super().get_context_data(**kwargs)
        session = self.object
        user = self.request.user
        ideas = selectors.session_ideas(session).annotate(
            my_votes=Count("votes", filter=Q(votes__voter=user))
        )
        used = session.votes.filter(voter=user).count()
        context.update(
            ideas=ideas,
            hide_authors=session.anonymous_until_vote and session.phase != BrainstormPhase.CLOSED,
            is_participant=session.participants.filter(pk=user.pk).exists(),
            votes_left=max(session.votes_per_participant - used, 0),
            idea_form=IdeaForm(),
            goals=_goals(self.workspace),
            default_goal_id=session.campaign.goal_id if session.campaign_id else None,
        )
        return context


def _goals(workspace):
    from campaigns.models import BusinessGoal

    return BusinessGoal.objects.for_workspace(workspace)


class BrainstormActionView(ActionView):
    model = BrainstormSession

    def act(self, session):
        op = self.kwargs["op"]
        if op == "idea":
            services.idea_add(session=session, text=self.request.POST.get("text", ""), **self.svc())
            return _("Idea added.")
        if op == "voting":
            services.brainstorm_start_voting(session=session, **self.svc())
            return _("Voting started.")
        if op == "vote":
            idea = session.ideas.filter(pk=self.request.POST.get("idea") or 0).first()
            if idea is None:
                raise AppError(_("Unknown idea."))
            services.vote_cast(session=session, idea=idea, voter=self.request.user)
            return None
        if op == "close":
            shortlist = services.brainstorm_close(session=session, **self.svc())
            return _("The session is closed; %(n)s ideas in the shortlist.") % {"n": len(shortlist)}
        raise Http404

    def fallback(self, session):
        return reverse(
            "planning:brainstorm", kwargs={"workspace_slug": self.workspace.slug, "pk": session.pk}
        )


class IdeaConvertView(ActionView):
    model = Idea

    def act(self, idea):
        goal = None
        if self.request.POST.get("goal"):
            goal = _goals(self.workspace).filter(pk=self.request.POST["goal"]).first()
        target = services.idea_convert(idea=idea, to=self.request.POST.get("to", ""), goal=goal, **self.svc())
        self._target = target
        return _("Converted.")

    def fallback(self, idea):
        target = getattr(self, "_target", None)
        slug = self.workspace.slug
        if isinstance(target, PlanItem):
            return reverse("planning:item", kwargs={"workspace_slug": slug, "pk": target.pk})
        if isinstance(target, Proposal):
            return reverse("planning:proposal", kwargs={"workspace_slug": slug, "pk": target.pk})
        if isinstance(target, Task):
            return reverse("planning:board", kwargs={"workspace_slug": slug})
        return reverse("planning:brainstorm", kwargs={"workspace_slug": slug, "pk": idea.session_id})
