"""Dashboard pages of the negativity inbox (thin: selectors to read, services to write), split by
concept: ``inbox`` (the triage queue, bulk actions, root causes), ``mentions`` (one mention, its
actions and replies), ``incidents``, ``playbooks`` (with the SLA policies), ``routing`` rules,
``classifier``, ``upload`` (file import and the webhook secret); ``_common``: the section mixin.
``negativity/urls.py`` uses the names re-exported here.
"""

from .classifier import ClassifierView
from .inbox import BulkActionView, InboxView, RootCausesView
from .incidents import IncidentDetailView, IncidentListView, IncidentStatusView
from .mentions import (
    MentionCorrectView,
    MentionDetailView,
    MentionReplyView,
    MentionResolveView,
    ReplyDecideView,
    ReplyEditView,
    ReplySentView,
)
from .playbooks import PlaybookEditView, PlaybookListView, SlaView
from .routing import RoutingRuleEditView, RoutingRuleListView
from .upload import UploadView

__all__ = [
    "BulkActionView",
    "ClassifierView",
    "InboxView",
    "IncidentDetailView",
    "IncidentListView",
    "IncidentStatusView",
    "MentionCorrectView",
    "MentionDetailView",
    "MentionReplyView",
    "MentionResolveView",
    "PlaybookEditView",
    "PlaybookListView",
    "ReplyDecideView",
    "ReplyEditView",
    "ReplySentView",
    "RootCausesView",
    "RoutingRuleEditView",
    "RoutingRuleListView",
    "SlaView",
    "UploadView",
]
