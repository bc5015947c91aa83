"""Dashboard pages of the negativity inbox (thin: selectors to read, services to write)."""

from __future__ import annotations

import secrets
from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from smm_platform import tabular
from smm_platform.errors import AppError

from . import hooks, imports, rules, selectors, services
from .enums import Category, IncidentKind, MentionStatus, Priority, Topic
from .forms import (
    BulkActionForm,
    CorrectionForm,
    InboxFilterForm,
    IncidentStatusForm,
    ReplyForm,
    ResolveForm,
    ResponseTemplateForm,
    RoutingRuleForm,
    UploadForm,
)
from .models import Incident, Mention, Reply, ResponseTemplate, RoutingRule, WebhookSecret


class InboxSection(WorkspaceViewMixin):
    section = "inbox"
    tab = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"negativity:{name}", kwargs={"workspace_slug": self.workspace.slug, **kwargs})


class InboxView(InboxSection, TemplateView):
    """The triage queue: riskiest first, then the nearest SLA deadline; filters; bulk actions."""

    template_name = "negativity/inbox.html"
    tab = "inbox"
    model = Mention

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = InboxFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        status = data.get("status")
        qs = selectors.triage_queue(workspace=self.workspace, include_closed=bool(status))
        if status and status != "all":
            qs = qs.filter(status=status)
        for name in ("category", "topic"):
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        if data.get("source"):
            qs = qs.filter(source=data["source"])
        if data.get("risk_min") is not None:
            qs = qs.filter(risk__gte=data["risk_min"])
        if data.get("risk_max") is not None:
            qs = qs.filter(risk__lte=data["risk_max"])
        tz = timezone.get_current_timezone()
        if data.get("published_after"):
            qs = qs.filter(published_at__gte=datetime.combine(data["published_after"], time.min, tzinfo=tz))
        if data.get("published_before"):
            qs = qs.filter(published_at__lte=datetime.combine(data["published_before"], time.max, tzinfo=tz))
        if data.get("sla") == "breached":
            qs = qs.filter(sla_deadline__lt=timezone.now())
        if data.get("mine"):
            qs = qs.filter(assignee=self.request.user)
        # An attack is triaged as one: its posts show as one row per incident (unless asked).
        groups = [] if data.get("one_by_one") else selectors.attack_groups(queue=qs)
        if groups:
            qs = selectors.without_attack_posts(qs)
        page = Paginator(qs, 50).get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            page_obj=page,
            mentions=page.object_list,
            attack_groups=groups if page.number == 1 else [],
            members=selectors.members_for(workspace=self.workspace),
            statuses=MentionStatus.choices,
            priorities=Priority.choices,
            bulk_actions=BulkActionForm.ACTIONS,
            counts=selectors.inbox_counts(workspace=self.workspace),
            now=timezone.now(),
            filtered=bool(self.request.GET.dict().keys() - {"page"}),
        )
        return context


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class BulkActionView(InboxSection, View):
    model = Mention

    def post(self, request, *args, **kwargs):
        ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
        form = BulkActionForm(request.POST, ids=ids)
        back = _safe_next(request, self.url("inbox"))
        if not form.is_valid():  # nothing changes; the message names what is missing
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect(back)
        try:
            changed = services.mentions_bulk_update(
                workspace=self.workspace,
                ids=form.cleaned_data["ids"],
                action=form.cleaned_data["action"],
                value=form.cleaned_data["value"],
                actor=request.user,
            )
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect(back)
        messages.success(request, _("%(n)s mentions updated.") % {"n": changed})
        return redirect(back)


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


class IncidentListView(InboxSection, TemplateView):
    template_name = "negativity/incidents.html"
    tab = "incidents"
    model = Incident

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.incidents_for(workspace=self.workspace), 30).get_page(
            self.request.GET.get("page")
        )
        context.update(page_obj=page, incidents=page.object_list)
        return context


class IncidentDetailView(InboxSection, TemplateView):
    template_name = "negativity/incident.html"
    tab = "incidents"
    model = Incident

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = get_object_or_404(selectors.incidents_for(workspace=self.workspace), pk=kwargs["pk"])
        mentions = Paginator(
            selectors.mentions_for(workspace=self.workspace)
            .filter(incident=incident)
            .order_by("published_at", "pk"),
            50,
        ).get_page(self.request.GET.get("page"))
        context.update(
            incident=incident,
            page_obj=mentions,
            mentions=mentions.object_list,
            timeline=selectors.incident_timeline(workspace=self.workspace, incident=incident),
            status_form=IncidentStatusForm(initial={"status": incident.status}),
        )
        context["playbooks"], context["other_playbooks"] = selectors.split_by_language(
            list(
                selectors.playbooks_for(
                    workspace=self.workspace,
                    category=Category.NATURAL if incident.kind == IncidentKind.CRISIS else Category.ORDERED,
                )
            ),
            selectors.playbook_languages(workspace=self.workspace),
        )
        return context


class IncidentStatusView(InboxSection, View):
    model = Incident

    def post(self, request, *args, **kwargs):
        incident = get_object_or_404(Incident.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        form = IncidentStatusForm(request.POST)
        if form.is_valid():
            services.incident_set_status(
                workspace=self.workspace,
                incident=incident,
                status=form.cleaned_data["status"],
                actor=request.user,
            )
            messages.success(request, _("Incident status changed."))
        return redirect(self.url("incident", pk=incident.pk))


class PlaybookListView(InboxSection, TemplateView):
    template_name = "negativity/playbooks.html"
    tab = "playbooks"
    model = ResponseTemplate

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ResponseTemplateForm(workspace=self.workspace))
        context["playbooks"], context["other_playbooks"] = selectors.split_by_language(
            list(selectors.playbooks_for(workspace=self.workspace)),
            selectors.playbook_languages(workspace=self.workspace),
        )
        context["sla_policies"] = list(selectors.sla_policies_for(workspace=self.workspace))
        return context

    def post(self, request, *args, **kwargs):
        form = ResponseTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.response_template_save(
                    workspace=self.workspace, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Playbook saved."))
                return redirect(self.url("playbooks"))
            except AppError as exc:
                for field, errs in exc.errors.items():
                    for e in errs if isinstance(errs, list) else [errs]:
                        form.add_error(field if field in form.fields else None, str(e))
        return self.render_to_response(self.get_context_data(form=form))


class PlaybookEditView(InboxSection, TemplateView):
    template_name = "negativity/playbook_edit.html"
    tab = "playbooks"
    model = ResponseTemplate

    def get_object(self) -> ResponseTemplate:
        return get_object_or_404(ResponseTemplate.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        playbook = self.get_object()
        context.setdefault("form", ResponseTemplateForm(instance=playbook))
        context["playbook"] = playbook
        return context

    def post(self, request, *args, **kwargs):
        playbook = self.get_object()
        if request.POST.get("delete"):
            services.response_template_delete(workspace=self.workspace, template=playbook, actor=request.user)
            messages.success(request, _("Playbook deleted."))
            return redirect(self.url("playbooks"))
        form = ResponseTemplateForm(request.POST, instance=ResponseTemplate.objects.get(pk=playbook.pk))
        if form.is_valid():
            try:
                services.response_template_save(
                    workspace=self.workspace, template=playbook, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Playbook saved."))
                return redirect(self.url("playbooks"))
            except AppError as exc:
                form.add_error(None, exc.message)
        return self.render_to_response(self.get_context_data(form=form))


class SlaView(InboxSection, View):
    model = Mention
    write_permission = perms.APPROVE

    def post(self, request, *args, **kwargs):
        minutes = {}
        for key, value in request.POST.items():
            if key.startswith("sla-") and key[4:].isdigit() and value.strip().isdigit() and int(value) > 0:
                minutes[int(key[4:])] = int(value)
        changed = services.sla_policies_save(workspace=self.workspace, minutes=minutes, actor=request.user)
        messages.success(request, _("%(n)s SLA policies changed.") % {"n": changed})
        return redirect(self.url("playbooks"))


class RoutingRuleListView(InboxSection, TemplateView):
    template_name = "negativity/rules.html"
    tab = "rules"
    model = RoutingRule
    write_permission = perms.APPROVE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = selectors.members_for(workspace=self.workspace)
        context.setdefault("form", RoutingRuleForm(members=members))
        context.update(
            rules=list(selectors.routing_rules_for(workspace=self.workspace)),
            log=selectors.routing_log_for(workspace=self.workspace),
            member_names={str(u.pk): u.display_name for u in members},
        )
        return context

    def post(self, request, *args, **kwargs):
        members = selectors.members_for(workspace=self.workspace)
        form = RoutingRuleForm(request.POST, members=members)
        if form.is_valid():
            try:
                services.routing_rule_save(workspace=self.workspace, actor=request.user, **form.to_rule())
                messages.success(request, _("Routing rule saved."))
                return redirect(self.url("rules"))
            except AppError as exc:
                for errs in exc.errors.values():
                    for e in errs:
                        form.add_error(None, str(e))
        return self.render_to_response(self.get_context_data(form=form))


class RoutingRuleEditView(InboxSection, TemplateView):
    template_name = "negativity/rule_edit.html"
    tab = "rules"
    model = RoutingRule
    write_permission = perms.APPROVE

    def get_object(self) -> RoutingRule:
        return get_object_or_404(RoutingRule.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rule = self.get_object()
        context.setdefault(
            "form",
            RoutingRuleForm(
                initial=RoutingRuleForm.initial_from(rule),
                members=selectors.members_for(workspace=self.workspace),
            ),
        )
        context["rule"] = rule
        return context

    def post(self, request, *args, **kwargs):
        rule = self.get_object()
        if request.POST.get("delete"):
            services.routing_rule_delete(workspace=self.workspace, rule=rule, actor=request.user)
            messages.success(request, _("Routing rule deleted."))
            return redirect(self.url("rules"))
        form = RoutingRuleForm(request.POST, members=selectors.members_for(workspace=self.workspace))
        if form.is_valid():
            try:
                services.routing_rule_save(
                    workspace=self.workspace, rule=rule, actor=request.user, **form.to_rule()
                )
                messages.success(request, _("Routing rule saved."))
                return redirect(self.url("rules"))
            except AppError as exc:
                for errs in exc.errors.values():
                    for e in errs:
                        form.add_error(None, str(e))
        return self.render_to_response(self.get_context_data(form=form))


class RootCausesView(InboxSection, TemplateView):
    template_name = "negativity/root_causes.html"
    tab = "causes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = selectors.root_causes(workspace=self.workspace, now=timezone.now())
        labels = dict(Topic.choices)
        context.update(
            chart={
                "weeks": data["weeks"],
                "series": [{"label": str(labels.get(t, t)), "data": v} for t, v in data["series"].items()],
            },
            totals=[
                {"topic": labels.get(r["topic"], r["topic"]), "n": r["n"], "open": r["open"]}
                for r in data["totals"]
            ],
        )
        return context


class ClassifierView(InboxSection, TemplateView):
    template_name = "negativity/classifier.html"
    tab = "classifier"

    def get_context_data(self, **kwargs):
        from .classification import shipped_evaluation
        from .ml.corpora import CORPORA
        from .models import ClassificationCorrection

        context = super().get_context_data(**kwargs)
        versions = list(selectors.classifier_versions_for(workspace=self.workspace))
        context.update(
            versions=versions,
            active_version=next((v for v in versions if v.is_active), None),
            evaluation=shipped_evaluation(),
            corpora=CORPORA,
            corrections=ClassificationCorrection.objects.for_workspace(self.workspace).count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.classifier_version_create(workspace=self.workspace, actor=request.user)
            messages.success(request, _("A new version is training; it takes under a minute."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect(self.url("classifier"))


STASH_SECONDS = 30 * 60


class UploadView(InboxSection, TemplateView):
    """CSV/XLSX upload: the first POST shows a preview: the column mapping (which the person can fix,
    POST ``remap``), every row and every problem naming its row and column; confirming stores the
    whole file (nothing when any row is invalid). The file waits in the cache between the steps,
    under a token and the uploader's name, for 30 minutes."""

    template_name = "negativity/upload.html"
    tab = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        secret = WebhookSecret.objects.for_workspace(self.workspace).first()
        context.update(
            webhook_url=self.request.build_absolute_uri(
                reverse("api:mentions-inbound", kwargs={"workspace_slug": self.workspace.slug})
            ),
            webhook_secret=secret.secret if secret and self.ctx.allows(perms.ADMIN) else "",
            has_secret=secret is not None,
            max_batch=settings.NEGATIVITY_MAX_BATCH,
            max_text=settings.NEGATIVITY_MAX_TEXT,
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("rotate"):
            if not self.ctx.allows(perms.ADMIN):
                messages.error(request, _("Only owners manage the webhook secret."))
            else:
                services.webhook_secret_rotate(workspace=self.workspace, actor=request.user)
                messages.success(request, _("A new webhook secret was created."))
            return redirect(self.url("upload"))
        token = request.POST.get("token", "")
        if "confirm" in request.POST or "remap" in request.POST:
            stash = cache.get(self._stash_key(token)) if token else None
            if stash is None:
                messages.error(request, _("The preview expired; upload the file again."))
                return redirect(self.url("upload"))
            table = tabular.Table.from_stash(stash["table"])
            if "remap" in request.POST:
                stash["mapping"] = tabular.mapping_from_post(request.POST, table.header, imports.COLUMNS)
                cache.set(self._stash_key(token), stash, STASH_SECONDS)
                return self._preview(UploadForm(), table, stash["mapping"], token)
            result = imports.check(table, stash["mapping"], workspace=self.workspace)
            if not result["valid"]:
                messages.error(request, _("The file still has errors; nothing was stored."))
                return self._preview(UploadForm(), table, stash["mapping"], token)
            try:
                stored = services.mentions_ingest(
                    workspace=self.workspace,
                    rows=result["rows"],
                    actor=request.user,
                    via="file",
                    max_batch=imports.MAX_FILE_ROWS,
                )
            except AppError as exc:
                messages.error(request, exc.message)
                return redirect(self.url("upload"))
            cache.delete(self._stash_key(token))
            messages.success(
                request,
                _("%(c)s mentions added, %(u)s updated.") % {"c": stored.created, "u": stored.updated},
            )
            return redirect(self.url("inbox"))
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            table = imports.read_table(form.cleaned_data["file"])
        except AppError as exc:
            form.add_error("file", exc.message)
            return self.render_to_response(self.get_context_data(form=form))
        token = secrets.token_urlsafe(16)
        mapping = tabular.auto_mapping(table.header, imports.COLUMNS)
        cache.set(self._stash_key(token), {"table": table.as_stash(), "mapping": mapping}, STASH_SECONDS)
        return self._preview(form, table, mapping, token)

    def _stash_key(self, token: str) -> str:
        return f"negativity:upload:{self.workspace.pk}:{self.request.user.pk}:{token}"

    def _preview(self, form, table, mapping, token):
        result = imports.check(table, mapping, workspace=self.workspace)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                **tabular.preview_context(table, mapping, imports.COLUMNS, bad_rows=result["errors"]),
                error_messages=result["messages"][:100],
                invalid=len(result["errors"]),
                valid=result["valid"],
                token=token,
                can_remap=True,
            )
        )
