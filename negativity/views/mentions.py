"""One mention: its page, the POST actions on it (correct, resolve, reply) and its replies'
life (approve or reject, edit, mark sent)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import hooks, rules, selectors, services
from ..enums import Category, MentionStatus
from ..forms import CorrectionForm, ReplyForm, ResolveForm
from ..models import Mention, Reply
from ._common import InboxSection


class MentionDetailView(InboxSection, TemplateView):
    template_name = "negativity/mention.html"
    tab = "inbox"
    model = Mention

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mention = get_object_or_404(selectors.mentions_for(workspace=self.workspace), pk=kwargs["pk"])
        playbooks, other_playbooks = selectors.split_by_language(
            list(selectors.playbooks_for(workspace=self.workspace, category=mention.category)),
            selectors.playbook_languages(workspace=self.workspace, mention=mention),
        )
        reply_form = ReplyForm(workspace=self.workspace, preferred=playbooks, others=other_playbooks)
        context.update(
            mention=mention,
            reasons=[rules.describe_reason(r) for r in mention.explanation],
            history=selectors.author_history(workspace=self.workspace, mention=mention),
            replies=list(selectors.replies_of(workspace=self.workspace, mention=mention)),
            playbooks=playbooks,
            other_playbooks=other_playbooks,
            reply_form=reply_form,
            resolve_form=ResolveForm(),
            correction_form=CorrectionForm(initial={"category": mention.category, "topic": mention.topic}),
            categories=Category.choices,
            members=selectors.members_for(workspace=self.workspace),
            statuses=MentionStatus.choices,
            high_risk=mention.risk >= rules.HIGH_RISK,
            editable_reply_statuses=services.REPLY_EDITABLE,
            reply_max_text=settings.NEGATIVITY_MAX_TEXT,
            now=timezone.now(),
            extension_panels=hooks.panels_for(self.request, mention),
        )
        return context


class MentionActionView(InboxSection, View):
    """Base of the POST-only actions on one mention."""

    model = Mention

    def mention(self) -> Mention:
        return get_object_or_404(
            Mention.objects.for_workspace(self.workspace).select_related("author"), pk=self.kwargs["pk"]
        )

    def back(self) -> str:
        return self.url("mention", pk=self.kwargs["pk"])


class MentionCorrectView(MentionActionView):
    def post(self, request, *args, **kwargs):
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.mention_correct(
                    workspace=self.workspace, mention=self.mention(), actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Classification corrected; the model learns from it."))
            except AppError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, _("Choose a category."))
        return redirect(self.back())


class MentionResolveView(MentionActionView):
    def post(self, request, *args, **kwargs):
        form = ResolveForm(request.POST)
        if form.is_valid():
            services.mention_resolve(
                workspace=self.workspace, mention=self.mention(), actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("The mention is resolved."))
        else:
            messages.error(request, _("Choose an outcome."))
        return redirect(self.back())


class MentionReplyView(MentionActionView):
    def post(self, request, *args, **kwargs):
        form = ReplyForm(request.POST, workspace=self.workspace)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect(self.back())
        mention = self.mention()
        reply = services.reply_draft(
            workspace=self.workspace,
            mention=mention,
            template=form.cleaned_data["template"],
            text=form.cleaned_data["text"] or "",
            actor=request.user,
            needs_approval=(
                True if not self.ctx.allows(perms.APPROVE) and hooks.requires_approval(mention) else None
            ),
        )
        if reply.needs_approval and mention.risk < rules.HIGH_RISK:
            messages.warning(request, _("The reply waits for a manager's approval."))
        elif reply.needs_approval:
            messages.warning(request, _("High-risk mention: the reply waits for a manager's approval."))
        else:
            messages.success(request, _("Reply drafted."))
        return redirect(self.back())


class ReplyDecideView(InboxSection, View):
    model = Reply
    write_permission = perms.APPROVE

    def post(self, request, *args, **kwargs):
        reply = get_object_or_404(Reply.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        try:
            services.reply_decide(
                workspace=self.workspace,
                reply=reply,
                approve=request.POST.get("decision") == "approve",
                actor=request.user,
                role=self.ctx.role,
            )
            messages.success(request, _("Decision recorded."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect(self.url("mention", pk=reply.mention_id))


class ReplyEditView(InboxSection, View):
    """Save a reply's edited text (before it is sent)."""

    model = Reply

    def post(self, request, *args, **kwargs):
        reply = get_object_or_404(Reply.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        try:
            edited = services.reply_edit(
                workspace=self.workspace,
                reply=reply,
                text=request.POST.get("text", ""),
                actor=request.user,
                role=self.ctx.role,
            )
        except AppError as exc:
            messages.error(request, exc.message)
        else:
            if edited.status != reply.status:
                messages.warning(request, _("Reply saved; the edited text waits for a manager's approval."))
            else:
                messages.success(request, _("Reply saved."))
        return redirect(self.url("mention", pk=reply.mention_id))


class ReplySentView(InboxSection, View):
    """Mark a reply sent, with the text as edited in the same form when it is posted."""

    model = Reply

    def post(self, request, *args, **kwargs):
        reply = get_object_or_404(Reply.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        try:
            services.reply_mark_sent(
                workspace=self.workspace,
                reply=reply,
                actor=request.user,
                text=request.POST.get("text"),
                role=self.ctx.role,
            )
            messages.success(request, _("Marked as sent."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect(self.url("mention", pk=reply.mention_id))
