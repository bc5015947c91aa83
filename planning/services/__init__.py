"""Writes and business rules of planning. Every write: ``full_clean()``, ``transaction.atomic``,
``audit_record``; status changes are conditional UPDATEs that proceed only if one row changed.

Split by concept:

- ``items``: plan items and their approval workflow (honesty flags acknowledged), publish, missed;
- ``tasks``: tasks of the board, milestones, overdue and due-tomorrow reminders;
- ``brainstorms``: brainstorm sessions, ideas, votes, converting an idea;
- ``proposals``: proposals, their decisions, and ``proposal_to_campaign``;
- ``sharing``: share links with clients and the clients' decisions and comments;
- ``feed``: the calendar feed's secret address;
- ``notifications``: notifying through the shared notification centre;
- ``_common``: validated save and the 403 error.

Callers keep using ``from planning import services`` and ``services.<name>``.
"""

from ._common import (
    Forbidden,
    _validate,
)
from .brainstorms import (
    _require_participant,
    brainstorm_close,
    brainstorm_create,
    brainstorm_start_voting,
    idea_add,
    idea_convert,
    vote_cast,
)
from .feed import (
    _feed_digest,
    _feed_holder_check,
    calendar_feed_get,
    calendar_feed_resolve,
    calendar_feed_rotate,
    calendar_feed_token,
)
from .items import (
    CONTENT_FIELDS,
    ITEM_FIELDS,
    UNAPPROVED,
    _forget_approval,
    _notify_assigned,
    item_flags,
    plan_item_attach,
    plan_item_comment,
    plan_item_create,
    plan_item_delete,
    plan_item_move,
    plan_item_publish,
    plan_item_transition,
    plan_item_update,
    plan_items_mark_missed,
)
from .notifications import (
    _approvers,
    _item_url,
    _notify,
)
from .proposals import (
    CAMPAIGN_DAYS_WITHOUT_GOAL_PERIOD,
    DECISIONS,
    OBJECTIVE_FOR_METRIC,
    PROPOSAL_FIELDS,
    _proposal_url,
    _snapshot,
    proposal_campaign_fields,
    proposal_comment,
    proposal_create,
    proposal_decide,
    proposal_submit,
    proposal_to_campaign,
    proposal_update,
)
from .sharing import (
    LinkGone,
    client_comment,
    client_decide,
    share_link_create,
    share_link_items,
    share_link_resolve,
    share_link_revoke,
)
from .tasks import (
    TASK_FIELDS,
    _check_can_start,
    _check_dependencies,
    _notify_open_tasks_once,
    _notify_task_assigned,
    milestone_create,
    task_create,
    task_move,
    task_update,
    tasks_flag_overdue,
    tasks_remind_due,
)

__all__ = [
    "CAMPAIGN_DAYS_WITHOUT_GOAL_PERIOD",
    "CONTENT_FIELDS",
    "DECISIONS",
    "ITEM_FIELDS",
    "OBJECTIVE_FOR_METRIC",
    "PROPOSAL_FIELDS",
    "TASK_FIELDS",
    "UNAPPROVED",
    "Forbidden",
    "LinkGone",
    "_approvers",
    "_check_can_start",
    "_check_dependencies",
    "_feed_digest",
    "_feed_holder_check",
    "_forget_approval",
    "_item_url",
    "_notify",
    "_notify_assigned",
    "_notify_open_tasks_once",
    "_notify_task_assigned",
    "_proposal_url",
    "_require_participant",
    "_snapshot",
    "_validate",
    "brainstorm_close",
    "brainstorm_create",
    "brainstorm_start_voting",
    "calendar_feed_get",
    "calendar_feed_resolve",
    "calendar_feed_rotate",
    "calendar_feed_token",
    "client_comment",
    "client_decide",
    "idea_add",
    "idea_convert",
    "item_flags",
    "milestone_create",
    "plan_item_attach",
    "plan_item_comment",
    "plan_item_create",
    "plan_item_delete",
    "plan_item_move",
    "plan_item_publish",
    "plan_item_transition",
    "plan_item_update",
    "plan_items_mark_missed",
    "proposal_campaign_fields",
    "proposal_comment",
    "proposal_create",
    "proposal_decide",
    "proposal_submit",
    "proposal_to_campaign",
    "proposal_update",
    "share_link_create",
    "share_link_items",
    "share_link_resolve",
    "share_link_revoke",
    "task_create",
    "task_move",
    "task_update",
    "tasks_flag_overdue",
    "tasks_remind_due",
    "vote_cast",
]
