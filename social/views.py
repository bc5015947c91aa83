"""Dashboard of connected accounts: the list with the connect form, one connection page per
account (state, last sync, errors, posts published through it; the token is never shown), and
the pieces shown inside planning's and the inbox's pages (through their hooks)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from accounts import permissions as perms
from accounts.models import Membership
from accounts.views_base import WorkspaceViewMixin
from planning.models import PlanItem
from smm_platform.celery import enqueue_on_commit
from smm_platform.errors import AppError

from . import selectors, services, tasks
from .enums import PostState
from .forms import ConnectForm, ItemAccountForm, TokenForm
from .models import MentionLink, SocialAccount, SocialPost


class AccountsSection(WorkspaceViewMixin):
    section = "social"
    permission = perms.APPROVE
    write_permission = perms.APPROVE

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"social:{name}", kwargs={"workspace_slug": self.workspace.slug, **kwargs})


class AccountListView(AccountsSection, TemplateView):
    template_name = "social/accounts.html"
    model = SocialAccount

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            accounts=selectors.accounts_for(workspace=self.workspace),
            form=kwargs.get("form") or ConnectForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ConnectForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            account = services.account_create(
                workspace=self.workspace, actor=request.user, **form.cleaned_data
            )
        except AppError as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, str(error))
            if not exc.errors:
                form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form))
        account = services.account_check(account=account, actor=request.user)
        _say_state(request, account)
        return redirect(self.url("account", pk=account.pk))


def _say_state(request, account: SocialAccount) -> None:
    if account.state == "connected":
        messages.success(request, _("Connected: %(name)s.") % {"name": account.name})
    else:
        messages.error(request, _("The network refused: %(message)s") % {"message": account.state_message})


class AccountDetailView(AccountsSection, DetailView):
    template_name = "social/account.html"
    model = SocialAccount
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            posts=selectors.posts_of(account=self.object),
            token_form=TokenForm(),
            followers=list(self.object.follower_days.order_by("-date")[:30]),
        )
        return context


class AccountActionView(AccountsSection, View):
    model = SocialAccount

    def post(self, request, *args, **kwargs):
        account = get_object_or_404(SocialAccount.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        action = kwargs["action"]
        try:
            if action == "check":
                _say_state(request, services.account_check(account=account, actor=request.user))
            elif action == "sync":
                enqueue_on_commit(tasks.sync_account, account_id=account.pk)
                messages.success(request, _("Statistics and comments are being pulled."))
            elif action == "token":
                form = TokenForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Give the new token."))
                else:
                    account = services.account_update(
                        account=account, actor=request.user, access_token=form.cleaned_data["access_token"]
                    )
                    _say_state(request, services.account_check(account=account, actor=request.user))
            elif action == "delete":
                services.account_delete(account=account, actor=request.user)
                messages.success(request, _("The account is disconnected."))
                return redirect(self.url("accounts"))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect(self.url("account", pk=account.pk))


class PostRetryView(WorkspaceViewMixin, View):
    model = SocialPost

    def post(self, request, *args, **kwargs):
        post = get_object_or_404(
            SocialPost.objects.for_workspace(self.workspace).select_related("item"), pk=kwargs["pk"]
        )
        try:
            services.post_retry(post=post, actor=request.user)
            messages.success(request, _("The post is sent again."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect(
            request.POST.get("next")
            or reverse("planning:item", kwargs={"workspace_slug": self.workspace.slug, "pk": post.item_id})
        )


class ItemAccountView(WorkspaceViewMixin, View):
    model = PlanItem

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(PlanItem.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        form = ItemAccountForm(request.POST, workspace=self.workspace)
        if not form.is_valid():
            messages.error(request, _("Choose a connected account."))
        else:
            try:
                services.item_account_set(item=item, account=form.cleaned_data["account"], actor=request.user)
                messages.success(request, _("Saved."))
            except AppError as exc:
                messages.error(request, exc.message)
        return redirect(
            reverse("planning:item", kwargs={"workspace_slug": self.workspace.slug, "pk": item.pk})
        )


# --- pieces inside other areas' pages (registered in apps.py) ---------------------------------------
def item_panel(request, item) -> str:
    post = selectors.post_for_item(item=item)
    accounts = [a for a in selectors.accounts_for(workspace=item.workspace) if a.network == item.channel]
    role = (
        Membership.objects.filter(workspace=item.workspace, user=request.user)
        .values_list("role", flat=True)
        .first()
    )
    return render_to_string(
        "social/includes/item_panel.html",
        {
            "item": item,
            "post": post,
            "accounts": accounts,
            "workspace": item.workspace,
            "can_edit": perms.can_edit(role),
            "can_connect": perms.can_approve(role),
        },
        request=request,
    )


BADGE_CSS = {
    PostState.WAITING: "text-bg-light",
    PostState.SENDING: "text-bg-info",
    PostState.RETRY: "text-bg-warning",
    PostState.SENT: "text-bg-success",
    PostState.FAILED: "text-bg-danger",
}


def calendar_badges(workspace, item_ids: list[int]) -> dict[int, list[dict]]:
    return {
        item_id: [
            {
                "label": f"{post.account.get_network_display()}: {post.get_state_display()}",
                "css": BADGE_CSS.get(post.state, "text-bg-light"),
                "title": post.error_message or post.url,
            }
        ]
        for item_id, post in selectors.badges_for_items(workspace=workspace, item_ids=item_ids).items()
    }


def mention_panel(request, mention) -> str:
    link = MentionLink.objects.filter(mention=mention).select_related("account", "post", "post__item").first()
    if link is None:
        return ""
    return render_to_string("social/includes/mention_panel.html", {"link": link}, request=request)
