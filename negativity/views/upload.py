"""Importing mentions: the CSV/XLSX upload with its preview and the inbound webhook's secret."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts import permissions as perms
from smm_platform import tabular
from smm_platform.errors import AppError

from .. import imports, services
from ..forms import UploadForm
from ..models import WebhookSecret
from ._common import InboxSection

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
