"""The one seam between deals and the calendar: every deliverable is mirrored as a plan item.

Partners build on planning (DESIGN: campaigns <- planning <- partners), so the mirror goes through
planning's own services: the plan item is validated, audited and checked for honesty (a paid
publication without ad marking is flagged) like any other. The link is the plan item's
``source_kind = "deal_deliverable"`` and ``source_ref = <deliverable id>`` (unique per workspace).
"""

from __future__ import annotations

from planning import services as planning
from planning.enums import ItemKind, ItemStatus
from planning.models import PlanItem

SOURCE_KIND = "deal_deliverable"


def _mirrored(workspace, deliverable_id: int) -> PlanItem | None:
    return (
        PlanItem.objects.for_workspace(workspace)
        .filter(source_kind=SOURCE_KIND, source_ref=deliverable_id)
        .first()
    )


def sync_deliverable(deliverable, *, actor=None) -> PlanItem:
    """Create or update the plan item of ``deliverable`` (a published item is history and stays
    as it is). Call inside the partners service's transaction."""
    deal = deliverable.deal
    fields = {
        "title": f"{deal.partner.name}: {deliverable.title}"[:200],
        "kind": ItemKind.PARTNER_PUBLICATION,
        "channel": deliverable.channel,
        "scheduled_at": deliverable.due_at,
        "campaign": deal.campaign,
        "text": deal.terms,
        "erid": deliverable.erid or deal.erid,
    }
    item = _mirrored(deliverable.workspace, deliverable.pk)
    if item is None:
        return planning.plan_item_create(
            workspace=deliverable.workspace,
            actor=actor,
            source_kind=SOURCE_KIND,
            source_ref=deliverable.pk,
            **fields,
        )
    if item.status == ItemStatus.PUBLISHED:
        return item
    return planning.plan_item_update(item=item, actor=actor, **fields)


def remove_deliverable(deliverable_id: int, workspace, *, actor=None) -> None:
    """Take the plan item of a cancelled deliverable out of the calendar (unless published)."""
    item = _mirrored(workspace, deliverable_id)
    if item is not None and item.status != ItemStatus.PUBLISHED:
        planning.plan_item_delete(item=item, actor=actor)
