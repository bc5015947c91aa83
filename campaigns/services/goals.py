"""Business goals: create, update, delete."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform.errors import AppError

from ..models import (
    BusinessGoal,
)
from ._common import _apply, _check_same_workspace, _validated_save
from .alignment_checks import alignment_mark_dirty

GOAL_FIELDS = (
    "name",
    "kind",
    "target_metric",
    "target_value",
    "starts_on",
    "ends_on",
    "owner",
    "parent",
    "description",
    "max_cost_per_result",
)


def goal_create(*, workspace, actor, token=None, **fields) -> BusinessGoal:
    """Create a business goal (fields: ``GOAL_FIELDS``)."""
    _check_same_workspace(workspace, parent=fields.get("parent"))
    goal = BusinessGoal(workspace=workspace, **{k: v for k, v in fields.items() if k in GOAL_FIELDS})
    with transaction.atomic():
        _validated_save(goal)
        audit_record(workspace=workspace, actor=actor, token=token, action="goal.created", target=goal)
    return goal


def goal_update(*, goal: BusinessGoal, actor, token=None, **fields) -> BusinessGoal:
    _check_same_workspace(goal.workspace, parent=fields.get("parent"))
    parent = fields.get("parent")
    while parent is not None:
        if parent.pk == goal.pk:
            raise AppError(
                _("A goal cannot be placed under itself."), errors={"parent": [_("Creates a loop.")]}
            )
        parent = parent.parent
    changes = _apply(goal, {k: v for k, v in fields.items() if k in GOAL_FIELDS})
    with transaction.atomic():
        _validated_save(goal)
        audit_record(
            workspace=goal.workspace,
            actor=actor,
            token=token,
            action="goal.updated",
            target=goal,
            changes=changes,
        )
    return goal


def goal_delete(*, goal: BusinessGoal, actor, token=None) -> None:
    """Delete a goal; its campaigns stay and are flagged as serving no goal."""
    with transaction.atomic():
        audit_record(workspace=goal.workspace, actor=actor, token=token, action="goal.deleted", target=goal)
        campaign_ids = list(goal.campaigns.values_list("pk", flat=True))
        goal.delete()
        alignment_mark_dirty(campaign_ids=campaign_ids)
