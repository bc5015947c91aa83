"""Dashboard pages of the campaigns area: thin views over selectors (reads) and services
(writes), split by concept (``campaigns``, ``goals``, ``metrics`` upload, ``audience``: segments
and trends, ``templates``, ``settings``; ``_common``: the section mixin). ``campaigns/urls.py``
uses the names re-exported here.
"""

from .audience import (
    SegmentCreateView,
    SegmentListView,
    SegmentUpdateView,
    TrendCreateView,
    TrendRadarView,
    TrendTrialView,
    TrendUpdateView,
)
from .campaigns import (
    CampaignCreateView,
    CampaignDetailView,
    CampaignListView,
    CampaignRecheckView,
    CampaignSaveTemplateView,
    CampaignTransitionView,
    CampaignUpdateView,
)
from .goals import GoalCreateView, GoalTreeView, GoalUpdateView
from .metrics import MetricsUploadConfirmView, MetricsUploadView
from .settings import AlignmentSettingsView
from .templates import TemplateLibraryView, TemplateStartView

__all__ = [
    "AlignmentSettingsView",
    "CampaignCreateView",
    "CampaignDetailView",
    "CampaignListView",
    "CampaignRecheckView",
    "CampaignSaveTemplateView",
    "CampaignTransitionView",
    "CampaignUpdateView",
    "GoalCreateView",
    "GoalTreeView",
    "GoalUpdateView",
    "MetricsUploadConfirmView",
    "MetricsUploadView",
    "SegmentCreateView",
    "SegmentListView",
    "SegmentUpdateView",
    "TemplateLibraryView",
    "TemplateStartView",
    "TrendCreateView",
    "TrendRadarView",
    "TrendTrialView",
    "TrendUpdateView",
]
