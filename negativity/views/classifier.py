"""The classifier page: versions, the shipped evaluation, corpora; training a new version."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from smm_platform.errors import AppError

from .. import selectors, services
from ._common import InboxSection


class ClassifierView(InboxSection, TemplateView):
    template_name = "negativity/classifier.html"
    tab = "classifier"

    def get_context_data(self, **kwargs):
        from ..classification import shipped_evaluation
        from ..ml.corpora import CORPORA
        from ..models import ClassificationCorrection

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
