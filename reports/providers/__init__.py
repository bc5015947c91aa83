"""Built-in section providers by report kind (see ``reports.sections`` for the contract)."""

from . import areas, campaigns

BUILTIN = {
    "workspace": [*campaigns.WORKSPACE, areas.negativity_digest, areas.calendar_execution],
    "campaign": campaigns.CAMPAIGN,
    "case": campaigns.CASE,
    "partners": [areas.partner_performance],
    "negativity": [areas.negativity_digest],
    "calendar": [areas.calendar_execution],
}
