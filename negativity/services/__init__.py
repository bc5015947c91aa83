"""Every write of the negativity inbox, by concept: ingest and classification (``ingest``),
triage and SLA escalation (``triage``), corrections and retraining (``corrections``), replies
(``replies``), playbooks, SLA policies and routing rules (``playbooks``), manager alerts
(``notifications``) and attack detection (``detection``, the engine in ``negativity.incidents``).

The public names are re-exported here, so ``from negativity import services`` keeps working."""

from ..incidents import (
    detection_mark_dirty,
    incident_set_status,
    incidents_detect,
    text_only_category,
)
from .corrections import (
    CORRECTION_WEIGHT,
    RETRAIN_AFTER_CORRECTIONS,
    classifier_version_create,
    classifier_version_train,
    mention_correct,
)
from .detection import incidents_detect_soon
from .ingest import IngestResult, authors_recount, mentions_ingest, webhook_secret_rotate
from .notifications import notify_managers
from .playbooks import (
    response_template_delete,
    response_template_save,
    routing_rule_delete,
    routing_rule_save,
    sla_policies_save,
    workspace_defaults_ensure,
)
from .replies import (
    REPLY_EDITABLE,
    reply_decide,
    reply_draft,
    reply_edit,
    reply_mark_sent,
    reply_variables,
)
from .triage import BULK_ACTIONS, mention_resolve, mentions_bulk_update, sla_escalate

__all__ = [
    "BULK_ACTIONS",
    "CORRECTION_WEIGHT",
    "REPLY_EDITABLE",
    "RETRAIN_AFTER_CORRECTIONS",
    "IngestResult",
    "authors_recount",
    "classifier_version_create",
    "classifier_version_train",
    "detection_mark_dirty",
    "incident_set_status",
    "incidents_detect",
    "incidents_detect_soon",
    "mention_correct",
    "mention_resolve",
    "mentions_bulk_update",
    "mentions_ingest",
    "notify_managers",
    "reply_decide",
    "reply_draft",
    "reply_edit",
    "reply_mark_sent",
    "reply_variables",
    "response_template_delete",
    "response_template_save",
    "routing_rule_delete",
    "routing_rule_save",
    "sla_escalate",
    "sla_policies_save",
    "text_only_category",
    "webhook_secret_rotate",
    "workspace_defaults_ensure",
]
