"""Thin Celery tasks of the negativity inbox: load by id, call one service."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="negativity.detect_attacks", acks_late=True)
def detect_attacks(*, workspace_id: int) -> int:
    """Detection for one workspace (beat); skipped while another run holds the workspace."""
    from accounts.models import Workspace

    from .incidents import incidents_detect_locked

    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        logger.info("detect_attacks: workspace %s is gone", workspace_id)
        return 0
    return len(incidents_detect_locked(workspace=workspace) or [])


@shared_task(name="negativity.detect_attacks_on_ingest", acks_late=True)
def detect_attacks_on_ingest(*, workspace_id: int) -> int:
    """Debounced detection after ingest: only the caller that takes the workspace's "new
    mentions" flag runs it; duplicates find the flag gone and return."""
    from accounts.models import Workspace

    from .incidents import detection_claim, incidents_detect_locked

    if not detection_claim(workspace_id=workspace_id):
        return 0
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        logger.info("detect_attacks_on_ingest: workspace %s is gone", workspace_id)
        return 0
    return len(incidents_detect_locked(workspace=workspace) or [])


@shared_task(name="negativity.detect_attacks_all", acks_late=True)
def detect_attacks_all() -> int:
    """Beat, every minute: detection for each workspace with mentions in the recent window, and
    for any whose debounced task never came (its flag is stale)."""
    from .incidents import detection_claim, stale_dirty_workspaces
    from .selectors import workspaces_with_recent_mentions

    now = timezone.now()
    stale = [pk for pk in stale_dirty_workspaces(now=now) if detection_claim(workspace_id=pk)]
    ids = sorted({*workspaces_with_recent_mentions(since=now - timedelta(hours=1)), *stale})
    for workspace_id in ids:
        detect_attacks.apply_async(kwargs={"workspace_id": workspace_id})
    return len(ids)


@shared_task(name="negativity.escalate_sla_breaches", acks_late=True)
def escalate_sla_breaches() -> int:
    from accounts.models import Workspace

    from .selectors import workspaces_with_sla_breaches
    from .services import sla_escalate

    total = 0
    for workspace in Workspace.objects.filter(pk__in=list(workspaces_with_sla_breaches(now=timezone.now()))):
        total += sla_escalate(workspace=workspace)
    return total


@shared_task(name="negativity.train_workspace_classifier", acks_late=True)
def train_workspace_classifier(*, classifier_id: int) -> str:
    from .models import ClassifierModel
    from .services import classifier_version_train

    row = ClassifierModel.objects.select_related("workspace").filter(pk=classifier_id).first()
    if row is None:
        logger.info("train_workspace_classifier: version %s is gone", classifier_id)
        return "missing"
    return classifier_version_train(row=row).status
