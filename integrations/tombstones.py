"""Tombstones: deleting an object a CRM syncs leaves ``DeletedObject(kind, object_id, deleted_at)``
behind, listed by ``GET workspaces/{slug}/deleted/`` (``?kind=``, ``?deleted_since=``, cursors).

Only direct deletions are recorded (the ``origin`` of the deletion is the object, or a queryset
of its model); objects removed with a parent (a campaign's metrics and conversions) are implied by
the parent's tombstone. Models are named by label, so no app is imported from here.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.signals import post_delete
from django.utils import timezone

# model label -> the ``kind`` a sync client sees
TOMBSTONE_KINDS = {
    "campaigns.BusinessGoal": "goal",
    "campaigns.Campaign": "campaign",
    "negativity.Mention": "mention",
    "negativity.Incident": "incident",
    "partners.Partner": "partner",
    "partners.Deal": "deal",
    "planning.PlanItem": "plan_item",
    "reports.ReportRun": "report",
}


def _direct(sender, origin) -> bool:
    if isinstance(origin, QuerySet):
        return issubclass(origin.model, sender)
    return isinstance(origin, sender)


def _record(sender, instance, origin=None, **kwargs) -> None:
    if not _direct(sender, origin) or not getattr(instance, "workspace_id", None):
        return
    from .models import DeletedObject

    DeletedObject.objects.create(
        workspace_id=instance.workspace_id,
        kind=TOMBSTONE_KINDS[sender._meta.label],
        object_id=instance.pk,
        deleted_at=timezone.now(),
    )


def connect() -> None:
    for label in TOMBSTONE_KINDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # an area that is not installed
        post_delete.connect(_record, sender=model, dispatch_uid=f"integrations.tombstone.{label}")
