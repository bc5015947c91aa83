"""Dashboard pages of planning: the calendar (month, week, list), item details, the kanban board,
brainstorms, proposals, client share links; and the two public pages behind a
secret (the iCalendar feed and the client's shared plan)."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError
from smm_platform.files import private_file_response
from smm_platform.validation import bounded_date

from . import hooks, selectors, services, workflow
from .enums import BrainstormPhase, ItemStatus, ProposalStatus, TaskStatus
from .forms import (
    AttachmentForm,
    BrainstormForm,
    CalendarFilterForm,
    ClientDecisionForm,
    CommentForm,
    DecisionForm,
    IdeaForm,
    MilestoneForm,
    PlanItemForm,
    ProposalForm,
    PublishForm,
    ShareLinkForm,
    TaskForm,
)
from .ics import feed_validators, stream_feed
from .models import BrainstormSession, Idea, PlanItem, PlanItemAttachment, Proposal, ShareLink, Task
from .pptx_export import proposal_pptx


def _parse_day(value: str | None) -> date:
    """The calendar's ``?date=``: today when missing, unreadable or outside the years the
    calendar can page through (``9999-12-31`` has no next month)."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        day = None
    return bounded_date(day) or timezone.localdate()


class ActionView(WorkspaceViewMixin, View):
    """A POST that calls one service and returns to ``next`` (or the object's page) with a note."""

    http_method_names = ["post"]
    model = None

    def get_object(self):
        return get_object_or_404(self.model.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def back(self, fallback: str):
        target = self.request.POST.get("next") or fallback
        if not target.startswith("/") or target.startswith("//"):
            target = fallback
        return redirect(target)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            note = self.act(obj)
        except AppError as exc:
            messages.error(
                request,
                exc.message
                + (
                    " " + ", ".join(map(str, _flatten(exc.errors)))
                    if exc.errors and "acknowledge_flags" not in exc.errors  # codes: the message names them
                    else ""
                ),
            )
        else:
            if note:
                messages.success(request, note)
        return self.back(self.fallback(obj))

    def svc(self, **kwargs):
        return {"actor": self.request.user, **kwargs}


def _flatten(errors: dict) -> list:
    out = []
    for value in errors.values():
        out += value if isinstance(value, list) else [value]
    return out


# --- calendar -----------------------------------------------------------------------------------
class CalendarView(WorkspaceViewMixin, TemplateView):
    """Month (default), week or list view of plan items with filters, overload and gaps."""

    template_name = "planning/calendar.html"
    section = "calendar"
    model = PlanItem

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mode = self.request.GET.get("view", "month")
        if mode not in ("month", "week", "list"):
            mode = "month"
        anchor = _parse_day(self.request.GET.get("date"))
        form = CalendarFilterForm(self.request.GET or None, workspace=self.workspace)
        filters = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "campaign": data["campaign"].pk if data["campaign"] else None,
                "channel": data["channel"],
                "assignee": data["assignee"].pk if data["assignee"] else None,
                "status": data["status"],
            }
        if mode == "week":
            start = anchor - timedelta(days=anchor.weekday())
            end = start + timedelta(days=6)
            prev, nxt = start - timedelta(days=7), start + timedelta(days=7)
        else:
            first = anchor.replace(day=1)
            last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
            start = first - timedelta(days=first.weekday())
            end = last + timedelta(days=6 - last.weekday())
            prev = (first - timedelta(days=1)).replace(day=1)
            nxt = last + timedelta(days=1)
            if mode == "list":
                start, end = first, last
        querystring = self.request.GET.copy()
        querystring.pop("date", None)
        querystring.pop("page", None)
        context.update(
            mode=mode,
            anchor=anchor,
            start=start,
            end=end,
            prev=prev,
            next=nxt,
            form=form,
            filters_qs=querystring.urlencode(),
            today=timezone.localdate(),
            overload_threshold=_settings("PLANNING_OVERLOAD_PER_CHANNEL_DAY"),
            gap_days_setting=_settings("PLANNING_GAP_DAYS"),
        )
        if mode == "list":
            rows = selectors.plan_items_between(
                workspace=self.workspace, start=start, end=end, filters=filters
            )
            context["page_obj"] = Paginator(rows, 50).get_page(self.request.GET.get("page"))
            shown = list(context["page_obj"].object_list)
            context["page_obj"].object_list = shown
        else:
            grid = selectors.calendar_grid(workspace=self.workspace, start=start, end=end, filters=filters)
            weeks = [grid["days"][i : i + 7] for i in range(0, len(grid["days"]), 7)]
            context.update(
                grid=grid, weeks=[[self._cell(d, grid, anchor, mode) for d in week] for week in weeks]
            )
            shown = [item for items in grid["by_day"].values() for item in items]
        badges = hooks.badges_for(self.workspace, [item.pk for item in shown])
        for item in shown:
            item.extension_badges = badges.get(item.pk, [])
        return context

    @staticmethod
    def _cell(day, grid, anchor, mode):
        items = grid["by_day"].get(day, [])
        total = grid["per_day"].get(day, 0)
        return {
            "day": day,
            "items": items,
            "more": total - len(items),
            "overloaded": day in grid["overloaded_days"],
            "overloaded_channels": sorted(ch for d, ch in grid["overload"] if d == day),
            "gaps": sorted((ch, n) for (d, ch), n in grid["gap_starts"].items() if d == day),
            "outside": mode == "month" and day.month != anchor.month,
        }


def _settings(name):
    from django.conf import settings

    return getattr(settings, name)


class PlanItemCreateView(WorkspaceViewMixin, FormView):
    """Create an item in place (an htmx modal on the calendar, or a page)."""

    form_class = PlanItemForm
    template_name = "planning/item_form.html"
    section = "calendar"
    permission = perms.EDIT
    model = PlanItem

    def get_template_names(self):
        if self.request.htmx:
            return ["planning/includes/item_form_modal.html"]
        return [self.template_name]

    def get_initial(self):
        day = _parse_day(self.request.GET.get("date"))
        return {
            "scheduled_at": timezone.make_aware(
                timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=12)
            )
        }

    def form_valid(self, form):
        try:
            item = services.plan_item_create(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("The item is in the plan."))
        url = (
            reverse("planning:calendar", kwargs={"workspace_slug": self.workspace.slug})
            + f"?date={timezone.localtime(item.scheduled_at).date()}"
        )
        if self.request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class PlanItemMoveView(WorkspaceViewMixin, View):
    """Drag and drop: POST ``date`` moves the item to that day (JSON answer for calendar.js)."""

    http_method_names = ["post"]
    model = PlanItem

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(PlanItem.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        try:
            day = date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            return JsonResponse(
                {"detail": _("The request is invalid."), "errors": {"date": [_("Enter a valid date.")]}},
                status=400,
            )
        try:
            item = services.plan_item_move(item=item, actor=request.user, day=day)
        except AppError as exc:
            return JsonResponse({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
        return JsonResponse({"id": item.pk, "scheduled_at": item.scheduled_at.isoformat()})


class PlanItemDetailView(WorkspaceViewMixin, DetailView):
    template_name = "planning/item_detail.html"
    section = "calendar"
    model = PlanItem
    context_object_name = "item"

    def get_queryset(self):
        return super().get_queryset().select_related("campaign", "assignee", "approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context.update(
            flags=services.item_flags(item),
            comments=item.comments.select_related("author"),
            attachments=item.attachments.all(),
            acknowledgements=item.acknowledgements.select_related("user")[:5],
            client_decisions=item.client_decisions.all()[:10],
            transitions=[(s, ItemStatus(s).label) for s in workflow.ITEM_TRANSITIONS.get(item.status, set())],
            can_publish=item.status in workflow.PUBLISHABLE,
            edit_form=PlanItemForm(instance=item, workspace=self.workspace),
            comment_form=CommentForm(),
            publish_form=PublishForm(),
            attachment_form=AttachmentForm(),
            extension_panels=hooks.panels_for(self.request, item),
        )
        return context


class PlanItemEditView(ActionView):
    model = PlanItem

    def act(self, item):
        form = PlanItemForm(
            self.request.POST, instance=PlanItem.objects.get(pk=item.pk), workspace=self.workspace
        )
        if not form.is_valid():
            raise AppError(
                _("The request is invalid."), errors={k: [str(e) for e in v] for k, v in form.errors.items()}
            )
        services.plan_item_update(item=item, **self.svc(**form.cleaned_data))
        return _("Saved.")

    def fallback(self, item):
        return reverse("planning:item", kwargs={"workspace_slug": self.workspace.slug, "pk": item.pk})


class PlanItemTransitionView(PlanItemEditView):
    def act(self, item):
        services.plan_item_transition(
            item=item,
            target=self.request.POST.get("status", ""),
            acknowledge=self.request.POST.getlist("acknowledge"),
            can_approve=self.ctx.allows(perms.APPROVE),
            **self.svc(),
        )
        return _("Status changed.")


class PlanItemPublishView(PlanItemEditView):
    def act(self, item):
        services.plan_item_publish(item=item, url=self.request.POST.get("url", ""), **self.svc())
        return _("Published.")


class PlanItemCommentView(PlanItemEditView):
    def act(self, item):
        services.plan_item_comment(item=item, body=self.request.POST.get("body", ""), **self.svc())
        return _("Comment added.")


class PlanItemAttachView(PlanItemEditView):
    def act(self, item):
        upload = self.request.FILES.get("file")
        if upload is None:
            raise AppError(_("Choose a file."), errors={"file": [_("Required.")]})
        services.plan_item_attach(item=item, file=upload, **self.svc())
        return _("File attached.")


# --- kanban board -------------------------------------------------------------------------------
class AttachmentDownloadView(WorkspaceViewMixin, View):
    """A plan item's file, to members of its workspace only (no public URL serves uploads)."""

    model = PlanItemAttachment

    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(
            PlanItemAttachment.objects.for_workspace(self.workspace), pk=kwargs["pk"]
        )
        return private_file_response(attachment.file, filename=str(attachment))


class BoardView(WorkspaceViewMixin, TemplateView):
    template_name = "planning/board.html"
    section = "calendar"
    model = Task

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = selectors.tasks_for(workspace=self.workspace)
        campaign = self.request.GET.get("campaign")
        if campaign and campaign.isdigit():
            tasks = tasks.filter(campaign_id=int(campaign))
        columns = {s: [] for s in workflow.TASK_STATUSES}
        for task in tasks:
            columns[task.status].append(task)
        context.update(
            columns=[(s, TaskStatus(s).label, columns[s]) for s in workflow.TASK_STATUSES],
            statuses=TaskStatus.choices,
            progress=selectors.campaign_progress(workspace=self.workspace),
            milestones=self.workspace and selectors.milestones_for(workspace=self.workspace),
            task_form=TaskForm(workspace=self.workspace),
            milestone_form=MilestoneForm(workspace=self.workspace),
            today=timezone.localdate(),
        )
        return context


class TaskCreateView(WorkspaceViewMixin, View):
    http_method_names = ["post"]
    model = Task

    def post(self, request, *args, **kwargs):
        form = TaskForm(request.POST, workspace=self.workspace)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.task_create(
                    workspace=self.workspace,
                    actor=request.user,
                    depends_on=list(data.pop("depends_on")),
                    **data,
                )
                messages.success(request, _("Task created."))
            except AppError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(
                request,
                "; ".join(
                    f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
                    for k, v in form.errors.items()
                ),
            )
        return redirect("planning:board", workspace_slug=self.workspace.slug)


class MilestoneCreateView(WorkspaceViewMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = MilestoneForm(request.POST, workspace=self.workspace)
        if form.is_valid():
            services.milestone_create(workspace=self.workspace, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Milestone added."))
        else:
            messages.error(request, _("The request is invalid."))
        return redirect("planning:board", workspace_slug=self.workspace.slug)


class TaskStatusView(ActionView):
    model = Task

    def act(self, task):
        status = self.request.POST.get("status", "")
        if status not in TaskStatus.values:
            raise AppError(_("Unknown status."))
        services.task_update(task=task, status=status, **self.svc())
        return _("Task moved.")

    def fallback(self, task):
        return reverse("planning:board", kwargs={"workspace_slug": self.workspace.slug})


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
        ideas = session.ideas.select_related("author").annotate(
            my_votes=Count("votes", filter=Q(votes__voter=user))
        )
        if session.phase == BrainstormPhase.CLOSED:
            ideas = ideas.order_by("rank", "-votes_count", "created_at")
        used = session.votes.filter(voter=user).count()
        context.update(
            ideas=ideas,
            hide_authors=session.anonymous_until_vote and session.phase != BrainstormPhase.CLOSED,
            is_participant=session.participants.filter(pk=user.pk).exists(),
            votes_left=max(session.votes_per_participant - used, 0),
            idea_form=IdeaForm(),
            goals=_goals(self.workspace),
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
        return super().get_queryset().select_related("goal", "segment", "author", "decided_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        context.update(
            versions=proposal.versions.select_related("created_by"),
            events=proposal.events.select_related("author"),
            editable=proposal.status in workflow.PROPOSAL_EDITABLE,
            decidable=proposal.status == ProposalStatus.SUBMITTED,
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


# --- sharing: client links and the calendar feed ------------------------------------------------
class SharingView(WorkspaceViewMixin, TemplateView):
    template_name = "planning/sharing.html"
    section = "calendar"
    model = ShareLink

    def get_context_data(self, **kwargs):
        from .api import feed_url

        context = super().get_context_data(**kwargs)
        new_secret = self.request.session.pop("planning_new_share_secret", None)
        context.update(
            links=selectors.share_links_for(workspace=self.workspace)[:100],
            form=ShareLinkForm(
                workspace=self.workspace,
                initial={
                    "days": 14,
                    "starts_on": timezone.localdate(),
                    "ends_on": timezone.localdate() + timedelta(days=30),
                },
            ),
            new_url=self.request.build_absolute_uri(
                reverse(
                    "planning:shared", kwargs={"workspace_slug": self.workspace.slug, "secret": new_secret}
                )
            )
            if new_secret
            else None,
            feed_url=feed_url(
                services.calendar_feed_get(workspace=self.workspace, user=self.request.user), self.request
            )
            if self.ctx.allows(perms.APPROVE)
            else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ShareLinkForm(request.POST, workspace=self.workspace)
        if form.is_valid():
            try:
                _link, secret = services.share_link_create(
                    workspace=self.workspace, actor=request.user, **form.cleaned_data
                )
            except AppError as exc:
                messages.error(request, exc.message)
            else:
                # Shown once, after the redirect (post/redirect/get); only the hash is stored.
                request.session["planning_new_share_secret"] = secret
        else:
            messages.error(request, "; ".join(" ".join(v) for v in form.errors.values()))
        return redirect("planning:sharing", workspace_slug=self.workspace.slug)


class ShareLinkRevokeView(ActionView):
    model = ShareLink

    def act(self, link):
        services.share_link_revoke(link=link, **self.svc())
        return _("The link is revoked.")

    def fallback(self, link):
        return reverse("planning:sharing", kwargs={"workspace_slug": self.workspace.slug})


class FeedRotateView(WorkspaceViewMixin, View):
    http_method_names = ["post"]
    write_permission = perms.APPROVE

    def post(self, request, *args, **kwargs):
        services.calendar_feed_rotate(workspace=self.workspace, actor=request.user)
        messages.success(request, _("A new calendar URL is ready; the old one no longer works."))
        return redirect("planning:sharing", workspace_slug=self.workspace.slug)


def calendar_feed(request, workspace_slug: str, secret: str):
    """Public: the iCalendar feed behind its secret URL (404 for a wrong or rotated secret)."""
    feed = services.calendar_feed_resolve(workspace_slug=workspace_slug, secret=secret)
    if feed is None:
        raise Http404
    etag, last_modified = feed_validators(feed.workspace)
    if _feed_unchanged(request, etag, last_modified):
        response = HttpResponseNotModified()
    else:
        response = StreamingHttpResponse(
            stream_feed(feed.workspace), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="plan.ics"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "private, max-age=300"
    return response


def _feed_unchanged(request, etag: str, last_modified) -> bool:
    """RFC 9110: If-None-Match decides when sent; If-Modified-Since only without it."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and last_modified is not None and int(last_modified.timestamp()) <= since


def shared_plan(request, workspace_slug: str, secret: str):
    """Public: a client without an account sees the shared items, comments, approves or rejects."""
    try:
        link = services.share_link_resolve(secret=secret)
    except services.LinkGone:
        return render(request, "planning/shared_gone.html", status=410)
    if link.workspace.slug != workspace_slug:
        raise Http404
    if request.method == "POST":
        form = ClientDecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "comment":
                    services.client_comment(
                        link=link, item_id=data["item"], client_name=data["client_name"], body=data["comment"]
                    )
                else:
                    services.client_decide(
                        link=link,
                        item_id=data["item"],
                        decision=data["decision"],
                        client_name=data["client_name"],
                        comment=data["comment"],
                    )
                request.session["planning_client_name"] = data["client_name"]
                messages.success(request, _("Thank you, your answer is saved."))
            except AppError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, _("Give your name."))
        return redirect(request.path)
    items = services.share_link_items(link).prefetch_related("comments__author").select_related("campaign")
    return render(
        request,
        "planning/shared.html",
        {
            "link": link,
            "items": items,
            "client_name": request.session.get("planning_client_name", ""),
        },
    )
