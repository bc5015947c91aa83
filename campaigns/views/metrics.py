"""Upload of daily metric rows from CSV/XLSX: preview with column mapping, then confirm."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from accounts import permissions as perms
from smm_platform import tabular
from smm_platform.errors import AppError

from .. import importing, services
from ..forms import MetricsUploadForm
from ..models import Campaign
from ._common import CampaignsSection

UPLOAD_SESSION_KEY = "campaigns-upload"


class MetricsUploadView(CampaignsSection, FormView):
    """Step 1: upload a CSV/XLSX and see a preview: the column mapping (which the person can fix)
    and every row with its errors. Step 2 (``confirm``): store. The parsed file waits in the session
    between the steps, so fixing the mapping needs no second upload."""

    permission = perms.EDIT

    form_class = MetricsUploadForm
    template_name = "campaigns/metrics_upload.html"

    def post(self, request, *args, **kwargs):
        if "remap" in request.POST:
            stash = _upload_stash(request)
            if stash is None:
                messages.error(request, _("The preview has expired; upload the file again."))
                return redirect(self.url("metrics-upload"))
            table = tabular.Table.from_stash(stash["table"])
            stash["mapping"] = tabular.mapping_from_post(request.POST, table.header, importing.COLUMNS)
            request.session[UPLOAD_SESSION_KEY] = stash
            return self._preview(self.get_form_class()(workspace=self.workspace), stash)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        table = form.cleaned_data["file"]
        campaign = form.cleaned_data.get("campaign")
        stash = {
            "token": uuid.uuid4().hex,
            "table": table.as_stash(),
            "mapping": tabular.auto_mapping(table.header, importing.COLUMNS),
            "campaign": campaign.pk if campaign else None,
        }
        self.request.session[UPLOAD_SESSION_KEY] = stash
        return self._preview(form, stash)

    def _preview(self, form, stash):
        table = tabular.Table.from_stash(stash["table"])
        mapping = stash["mapping"]
        try:
            result = importing.check(
                workspace=self.workspace,
                table=table,
                mapping=mapping,
                default_campaign=_default_campaign(self.workspace, stash),
            )
        except AppError as exc:
            return self.app_error(exc, form)
        errors = result["errors"]
        return self.render_to_response(
            self.get_context_data(
                form=form,
                **tabular.preview_context(table, mapping, importing.COLUMNS, bad_rows=errors),
                error_messages=result["messages"][:100],
                error_rows=len(errors),
                valid=result["valid"],
                token=stash["token"],
            )
        )


def _upload_stash(request, token: str | None = None) -> dict | None:
    stash = request.session.get(UPLOAD_SESSION_KEY) or {}
    if not stash or stash.get("token") != (token or request.POST.get("token")):
        return None
    return stash


def _default_campaign(workspace, stash):
    if not stash.get("campaign"):
        return None
    return Campaign.objects.for_workspace(workspace).filter(pk=stash["campaign"]).first()


class MetricsUploadConfirmView(CampaignsSection, View):
    permission = perms.EDIT

    def post(self, request, workspace_slug):
        stash = _upload_stash(request)
        if stash is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect(self.url("metrics-upload"))
        result = importing.check(
            workspace=self.workspace,
            table=tabular.Table.from_stash(stash["table"]),
            mapping=stash["mapping"],
            default_campaign=_default_campaign(self.workspace, stash),
        )
        if not result["valid"]:
            messages.error(request, _("The file still has errors; nothing was stored."))
            return redirect(self.url("metrics-upload"))
        try:
            stored = services.metrics_upsert(
                workspace=self.workspace, actor=request.user, rows=result["rows"]
            )
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect(self.url("metrics-upload"))
        request.session.pop(UPLOAD_SESSION_KEY, None)
        messages.success(
            request,
            _(
                "%(created)s rows added, %(updated)s updated, %(unchanged)s already up to date; "
                "the alignment re-check is queued."
            )
            % {"created": stored["created"], "updated": stored["updated"], "unchanged": stored["unchanged"]},
        )
        return redirect(self.url("index"))
