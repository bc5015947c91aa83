"""Providers of the campaigns area: business results against goals and KPIs, alignment, the
daily trend, vanity metrics apart, and the "what worked" of a case deck.

Split by report kind: ``workspace``, ``campaign``, ``case``; ``_common``: what they share.
"""

from ._common import kpi_rows
from .campaign import campaign_alignment, campaign_results, campaign_trend, campaign_vanity
from .case import case_template, case_what_worked
from .workspace import workspace_alignment, workspace_results, workspace_trend, workspace_vanity

WORKSPACE = [workspace_results, workspace_trend, workspace_alignment, workspace_vanity]
CAMPAIGN = [campaign_results, campaign_trend, campaign_alignment, campaign_vanity]
CASE = [campaign_results, case_what_worked, case_template, campaign_trend]

__all__ = [
    "CAMPAIGN",
    "CASE",
    "WORKSPACE",
    "campaign_alignment",
    "campaign_results",
    "campaign_trend",
    "campaign_vanity",
    "case_template",
    "case_what_worked",
    "kpi_rows",
    "workspace_alignment",
    "workspace_results",
    "workspace_trend",
    "workspace_vanity",
]
