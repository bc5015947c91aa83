"""Dashboard pages of planning: the calendar (month, week, list), item details, the kanban board,
brainstorms, proposals, client share links; and the two public pages behind a
secret (the iCalendar feed and the client's shared plan).

A package by concept; ``planning.urls`` takes its views from here."""

from .brainstorms import (
    BrainstormActionView,
    BrainstormCreateView,
    BrainstormDetailView,
    IdeaConvertView,
    IdeasView,
)
from .calendar import (
    AttachmentDownloadView,
    CalendarView,
    PlanItemAttachView,
    PlanItemCommentView,
    PlanItemCreateView,
    PlanItemDetailView,
    PlanItemEditView,
    PlanItemMoveView,
    PlanItemPublishView,
    PlanItemTransitionView,
)
from .common import ActionView
from .proposals import (
    ProposalActionView,
    ProposalCampaignView,
    ProposalCreateView,
    ProposalDetailView,
    ProposalExportView,
)
from .sharing import FeedRotateView, ShareLinkRevokeView, SharingView, calendar_feed, shared_plan
from .tasks import BoardView, MilestoneCreateView, TaskCreateView, TaskStatusView

__all__ = [
    "ActionView",
    "AttachmentDownloadView",
    "BoardView",
    "BrainstormActionView",
    "BrainstormCreateView",
    "BrainstormDetailView",
    "CalendarView",
    "FeedRotateView",
    "IdeaConvertView",
    "IdeasView",
    "MilestoneCreateView",
    "PlanItemAttachView",
    "PlanItemCommentView",
    "PlanItemCreateView",
    "PlanItemDetailView",
    "PlanItemEditView",
    "PlanItemMoveView",
    "PlanItemPublishView",
    "PlanItemTransitionView",
    "ProposalActionView",
    "ProposalCampaignView",
    "ProposalCreateView",
    "ProposalDetailView",
    "ProposalExportView",
    "ShareLinkRevokeView",
    "SharingView",
    "TaskCreateView",
    "TaskStatusView",
    "calendar_feed",
    "shared_plan",
]
