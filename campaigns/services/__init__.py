"""Every write of the campaigns area, split by concept:

- ``goals``: business goals;
- ``campaigns``: campaigns, KPIs and workflow transitions;
- ``metrics``: daily metric rows (batch validation, bulk upsert);
- ``conversions``: CRM conversions (idempotent by external_id);
- ``audience``: audience segments, trends and trend trials;
- ``templates``: campaign templates;
- ``alignment_checks``: alignment settings, dirty flags and stored verdicts;
- ``_common``: validated save, audit diffs, parsing of ingested values.

Each function takes keyword arguments, validates (``full_clean()`` or the batch validators that
enforce the same constraints), writes in ``transaction.atomic`` and appends to the audit log.
Callers keep using ``from campaigns import services`` and ``services.<name>``.
"""

from ._common import (
    COUNT_FIELDS,
    MAX_COUNT,
    MAX_MONEY,
    MAX_SMALL_COUNT,
    MONEY_FIELDS,
)
from .alignment_checks import (
    ALIGNMENT_CHUNK,
    ALIGNMENT_DEBOUNCE_SECONDS,
    alignment_check,
    alignment_check_running,
    alignment_claim_dirty,
    alignment_mark_dirty,
    alignment_request_check,
    alignment_settings_update,
)
from .audience import (
    SEGMENT_FIELDS,
    TREND_FIELDS,
    segment_create,
    segment_delete,
    segment_update,
    trend_create,
    trend_delete,
    trend_trial_record,
    trend_update,
)
from .campaigns import (
    CAMPAIGN_FIELDS,
    campaign_create,
    campaign_delete,
    campaign_set_kpis,
    campaign_transition,
    campaign_update,
)
from .conversions import (
    CONVERSIONS_MAX_BATCH,
    conversions_record,
)
from .goals import (
    GOAL_FIELDS,
    goal_create,
    goal_delete,
    goal_update,
)
from .metrics import (
    METRIC_COLUMNS,
    METRIC_VALUE_FIELDS,
    METRICS_MAX_BATCH,
    METRICS_MODES,
    CleanMetric,
    metrics_upsert,
    metrics_validate,
)
from .templates import (
    TEMPLATE_FIELDS,
    TEMPLATE_MAX_DAYS,
    template_create,
    template_delete,
    template_from_campaign,
    template_instantiate,
    template_update,
)

__all__ = [
    "ALIGNMENT_CHUNK",
    "ALIGNMENT_DEBOUNCE_SECONDS",
    "CAMPAIGN_FIELDS",
    "CONVERSIONS_MAX_BATCH",
    "COUNT_FIELDS",
    "GOAL_FIELDS",
    "MAX_COUNT",
    "MAX_MONEY",
    "MAX_SMALL_COUNT",
    "METRICS_MAX_BATCH",
    "METRICS_MODES",
    "METRIC_COLUMNS",
    "METRIC_VALUE_FIELDS",
    "MONEY_FIELDS",
    "SEGMENT_FIELDS",
    "TEMPLATE_FIELDS",
    "TEMPLATE_MAX_DAYS",
    "TREND_FIELDS",
    "CleanMetric",
    "alignment_check",
    "alignment_check_running",
    "alignment_claim_dirty",
    "alignment_mark_dirty",
    "alignment_request_check",
    "alignment_settings_update",
    "campaign_create",
    "campaign_delete",
    "campaign_set_kpis",
    "campaign_transition",
    "campaign_update",
    "conversions_record",
    "goal_create",
    "goal_delete",
    "goal_update",
    "metrics_upsert",
    "metrics_validate",
    "segment_create",
    "segment_delete",
    "segment_update",
    "template_create",
    "template_delete",
    "template_from_campaign",
    "template_instantiate",
    "template_update",
    "trend_create",
    "trend_delete",
    "trend_trial_record",
    "trend_update",
]
