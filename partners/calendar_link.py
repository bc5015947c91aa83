"""The one seam between deals and the calendar of the planning app.

Deliverables live in this app; each one is mirrored as a plan item (``source_kind =
"deal_deliverable"``, ``source_ref = <deliverable id>``) once ``planning.PlanItem`` exists. Until
then ``sync_deliverable`` does nothing. The model is looked up by name, never imported, so the
partners app keeps working (and keeps depending one way) whatever state planning is in.

Assumed ``PlanItem`` fields: ``workspace``, ``title``, ``kind``, ``channel``, ``scheduled_at``,
``status``, ``campaign`` (FK), ``text``, ``source_kind``, ``source_ref``. Fields the model lacks are
skipped; ``kind``/``status`` use a value from the model's choices when ours is not among them.
"""

from __future__ import annotations

import logging

from django.apps import apps

logger = logging.getLogger(__name__)

SOURCE_KIND = "deal_deliverable"
STATUS_MAP = {
    "planned": "scheduled",
    "published": "published",
    "accepted": "published",
    "missed": "cancelled",
}


def plan_item_model():
    try:
        return apps.get_model("planning", "PlanItem")
    except LookupError:
        return None


def _choice(model, name: str, wanted: list[str]) -> str | None:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    values = [value for value, _label in field.choices or []]
    if not values:
        return wanted[0]
    for value in wanted:
        if value in values:
            return value
    return field.default if field.has_default() else values[0]


def sync_deliverable(deliverable) -> object | None:
    """Create or update the plan item mirroring ``deliverable``; None when planning has no
    PlanItem yet. Call inside the service's transaction."""
    model = plan_item_model()
    if model is None:
        return None
    names = {f.name for f in model._meta.get_fields()}
    if not {"source_kind", "source_ref", "workspace"} <= names:
        logger.warning("planning.PlanItem lacks source_kind/source_ref: deliverables are not mirrored")
        return None
    deal = deliverable.deal
    values = {
        "title": f"{deal.partner.name}: {deliverable.title}"[:200],
        "kind": _choice(model, "kind", [deliverable.kind, "partner", "post"]),
        "channel": _choice(model, "channel", [deliverable.channel]),
        "scheduled_at": deliverable.due_at,
        "status": _choice(
            model, "status", [STATUS_MAP.get(deliverable.status, "scheduled"), "planned", "draft"]
        ),
        "campaign": deal.campaign,
        "text": "\n".join(
            part
            for part in (
                deal.terms,
                f"erid: {deliverable.erid or deal.erid}" if deliverable.erid or deal.erid else "",
            )
            if part
        ),
    }
    defaults = {key: value for key, value in values.items() if key in names and value is not None}
    item, _created = model.objects.update_or_create(
        workspace=deliverable.workspace,
        source_kind=SOURCE_KIND,
        source_ref=str(deliverable.pk),
        defaults=defaults,
    )
    return item


def remove_deliverable(deliverable_id: int, workspace) -> None:
    """Drop the mirrored plan item of a deleted or cancelled deliverable (if planning has any)."""
    model = plan_item_model()
    if model is None:
        return
    names = {f.name for f in model._meta.get_fields()}
    if {"source_kind", "source_ref"} <= names:
        model.objects.filter(
            workspace=workspace, source_kind=SOURCE_KIND, source_ref=str(deliverable_id)
        ).delete()
