"""REST API of the campaigns area (DESIGN.md), split by concept:

- ``goals``: business goals (with their figures);
- ``campaigns``: campaigns (+ workflow actions, alignment, save-as-template);
- ``metrics`` and ``conversions``: daily metric rows and CRM conversions (bulk, all-or-nothing);
- ``audience``: segments, trends and trend trials;
- ``templates`` and ``library``: template serializers and the template library endpoint;
- ``results``: the figures (``actual``, ``progress``, ``results``) from ``campaigns/figures.py``;
- ``_common``: what the endpoints share.

``smm_platform/api_urls.py`` imports ``workspace_router`` from here.
"""

from rest_framework.routers import SimpleRouter

from .audience import SegmentViewSet, TrendViewSet
from .campaigns import CampaignViewSet
from .conversions import ConversionViewSet
from .goals import GoalViewSet
from .library import TemplateViewSet
from .metrics import MetricViewSet

__all__ = [
    "CampaignViewSet",
    "ConversionViewSet",
    "GoalViewSet",
    "MetricViewSet",
    "SegmentViewSet",
    "TemplateViewSet",
    "TrendViewSet",
    "workspace_router",
]

workspace_router = SimpleRouter()
workspace_router.register("goals", GoalViewSet, basename="goal")
workspace_router.register("campaigns", CampaignViewSet, basename="campaign")
workspace_router.register("metrics", MetricViewSet, basename="metric")
workspace_router.register("conversions", ConversionViewSet, basename="conversion")
workspace_router.register("segments", SegmentViewSet, basename="segment")
workspace_router.register("trends", TrendViewSet, basename="trend")
workspace_router.register("templates", TemplateViewSet, basename="template")
