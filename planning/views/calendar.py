"""The calendar (month, week, list) and plan item pages: create, move, edit, transition, publish,
comment, attach, download an attachment."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError
from smm_platform.files import private_file_response
from smm_platform.validation import bounded_date

from .. import hooks, selectors, services, workflow
from ..enums import ItemStatus
from ..forms import AttachmentForm, CalendarFilterForm, CommentForm, PlanItemForm, PublishForm
from ..models import PlanItem, PlanItemAttachment
from .common import ActionView


def _parse_day(value: str | None) -> date:
    """The calendar's ``?date=``: today when missing, unreadable or outside the years the
    calendar can page through (``9999-12-31`` has no next month)."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        day = None
    return bounded_date(day) or timezone.localdate()


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


class AttachmentDownloadView(WorkspaceViewMixin, View):
    """A plan item's file, to members of its workspace only (no public URL serves uploads)."""

    model = PlanItemAttachment

    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(
            PlanItemAttachment.objects.for_workspace(self.workspace), pk=kwargs["pk"]
        )
        return private_file_response(attachment.file, filename=str(attachment))
