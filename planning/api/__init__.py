"""REST API of planning: plan items, tasks, milestones, the calendar feed URL, brainstorms, ideas,
proposals and client share links. Views call services; querysets come scoped.

A package by concept; ``workspace_router`` and ``extra_workspace_urls`` are what
``smm_platform.api_urls`` mounts."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .brainstorms import BrainstormViewSet, IdeaViewSet
from .plan_items import PlanItemAttachmentViewSet, PlanItemViewSet
from .proposals import ProposalViewSet
from .sharing import CalendarFeedView, ShareLinkViewSet, absolute, feed_url
from .tasks import MilestoneViewSet, TaskViewSet

__all__ = ["absolute", "extra_workspace_urls", "feed_url", "workspace_router"]

workspace_router = SimpleRouter()
workspace_router.register("plan-items", PlanItemViewSet, basename="plan-item")
workspace_router.register("plan-item-attachments", PlanItemAttachmentViewSet, basename="plan-item-attachment")
workspace_router.register("tasks", TaskViewSet, basename="task")
workspace_router.register("milestones", MilestoneViewSet, basename="milestone")
workspace_router.register("brainstorms", BrainstormViewSet, basename="brainstorm")
workspace_router.register("ideas", IdeaViewSet, basename="idea")
workspace_router.register("proposals", ProposalViewSet, basename="proposal")
workspace_router.register("share-links", ShareLinkViewSet, basename="share-link")

extra_workspace_urls = [path("calendar-feed/", CalendarFeedView.as_view(), name="calendar-feed")]
