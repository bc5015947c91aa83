"""Sharing: client links and the calendar feed; and the two public pages behind a secret (the
iCalendar feed and the client's shared plan)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponseNotModified, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError

from .. import selectors, services
from ..forms import ClientDecisionForm, ShareLinkForm
from ..ics import feed_validators, stream_feed
from ..models import ShareLink
from .common import ActionView


# --- sharing: client links and the calendar feed ------------------------------------------------
class SharingView(WorkspaceViewMixin, TemplateView):
    template_name = "planning/sharing.html"
    section = "calendar"
    model = ShareLink

    def get_context_data(self, **kwargs):
        from ..api import feed_url

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
