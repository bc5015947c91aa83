"""Writes and business rules of partners: the directory, the pipeline, negotiations, deals with
deliverables, imports and reminders. Every write validates, runs in a transaction and is audited.

Split by concept:

- ``directory``: partners and their channels;
- ``pipeline``: stage moves and negotiation steps;
- ``deals``: deals with deliverables (mirrored into the calendar);
- ``imports``: partner imports (preview, remap, apply) and the API's bulk import;
- ``reminders``: reminders of overdue next steps;
- ``_common``: validated save, aware datetimes.

Callers keep using ``from partners import services`` and ``services.<name>``.
"""

from ._common import (
    _validate,
    as_aware,
)
from .deals import (
    _deliverable,
    _unique_utm,
    deal_cancel,
    deal_close,
    deal_complete,
    deal_update,
    deliverable_update,
)
from .directory import (
    CHANNEL_FIELDS,
    PARTNER_FIELDS,
    _channel,
    _check_duplicates,
    _derive,
    _min_price,
    channel_add,
    normalize_handle,
    normalize_url,
    partner_create,
    partner_delete,
    partner_update,
    refresh_channel_totals,
)
from .imports import (
    _bulk_create_partners,
    _row_partner_data,
    _split_rows,
    partner_import_apply,
    partner_import_preview,
    partner_import_remap,
    partners_bulk_import,
)
from .pipeline import (
    _has_deal,
    _set_stage,
    negotiation_log,
    partner_move,
)
from .reminders import (
    remind_overdue_next_steps,
)

__all__ = [
    "CHANNEL_FIELDS",
    "PARTNER_FIELDS",
    "_bulk_create_partners",
    "_channel",
    "_check_duplicates",
    "_deliverable",
    "_derive",
    "_has_deal",
    "_min_price",
    "_row_partner_data",
    "_set_stage",
    "_split_rows",
    "_unique_utm",
    "_validate",
    "as_aware",
    "channel_add",
    "deal_cancel",
    "deal_close",
    "deal_complete",
    "deal_update",
    "deliverable_update",
    "negotiation_log",
    "normalize_handle",
    "normalize_url",
    "partner_create",
    "partner_delete",
    "partner_import_apply",
    "partner_import_preview",
    "partner_import_remap",
    "partner_move",
    "partner_update",
    "partners_bulk_import",
    "refresh_channel_totals",
    "remind_overdue_next_steps",
]
