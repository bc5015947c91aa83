from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.CalendarView.as_view(), name="calendar"),
    path("items/new/", views.PlanItemCreateView.as_view(), name="item-create"),
    path("items/<int:pk>/", views.PlanItemDetailView.as_view(), name="item"),
    path("items/<int:pk>/edit/", views.PlanItemEditView.as_view(), name="item-edit"),
    path("items/<int:pk>/move/", views.PlanItemMoveView.as_view(), name="item-move"),
    path("items/<int:pk>/transition/", views.PlanItemTransitionView.as_view(), name="item-transition"),
    path("items/<int:pk>/publish/", views.PlanItemPublishView.as_view(), name="item-publish"),
    path("items/<int:pk>/comment/", views.PlanItemCommentView.as_view(), name="item-comment"),
    path("items/<int:pk>/attach/", views.PlanItemAttachView.as_view(), name="item-attach"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("board/tasks/new/", views.TaskCreateView.as_view(), name="task-create"),
    path("board/tasks/<int:pk>/status/", views.TaskStatusView.as_view(), name="task-status"),
    path("board/milestones/new/", views.MilestoneCreateView.as_view(), name="milestone-create"),
    path("ideas/", views.IdeasView.as_view(), name="ideas"),
    path("ideas/brainstorms/new/", views.BrainstormCreateView.as_view(), name="brainstorm-create"),
    path("ideas/brainstorms/<int:pk>/", views.BrainstormDetailView.as_view(), name="brainstorm"),
    path(
        "ideas/brainstorms/<int:pk>/idea/",
        views.BrainstormActionView.as_view(),
        {"op": "idea"},
        name="brainstorm-idea",
    ),
    path(
        "ideas/brainstorms/<int:pk>/voting/",
        views.BrainstormActionView.as_view(),
        {"op": "voting"},
        name="brainstorm-voting",
    ),
    path(
        "ideas/brainstorms/<int:pk>/vote/",
        views.BrainstormActionView.as_view(),
        {"op": "vote"},
        name="brainstorm-vote",
    ),
    path(
        "ideas/brainstorms/<int:pk>/close/",
        views.BrainstormActionView.as_view(),
        {"op": "close"},
        name="brainstorm-close",
    ),
    path("ideas/<int:pk>/convert/", views.IdeaConvertView.as_view(), name="idea-convert"),
    path("proposals/new/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal"),
    path("proposals/<int:pk>/export.pptx", views.ProposalExportView.as_view(), name="proposal-export"),
    path(
        "proposals/<int:pk>/edit/", views.ProposalActionView.as_view(), {"op": "edit"}, name="proposal-edit"
    ),
    path(
        "proposals/<int:pk>/submit/",
        views.ProposalActionView.as_view(),
        {"op": "submit"},
        name="proposal-submit",
    ),
    path(
        "proposals/<int:pk>/comment/",
        views.ProposalActionView.as_view(),
        {"op": "comment"},
        name="proposal-comment",
    ),
    path(
        "proposals/<int:pk>/approve/",
        views.ProposalActionView.as_view(),
        {"op": "approve"},
        name="proposal-approve",
    ),
    path(
        "proposals/<int:pk>/reject/",
        views.ProposalActionView.as_view(),
        {"op": "reject"},
        name="proposal-reject",
    ),
    path(
        "proposals/<int:pk>/request-changes/",
        views.ProposalActionView.as_view(),
        {"op": "request_changes"},
        name="proposal-request-changes",
    ),
    path("proposals/<int:pk>/campaign/", views.ProposalCampaignView.as_view(), name="proposal-campaign"),
    path("sharing/", views.SharingView.as_view(), name="sharing"),
    path("sharing/<int:pk>/revoke/", views.ShareLinkRevokeView.as_view(), name="share-revoke"),
    path("sharing/feed/rotate/", views.FeedRotateView.as_view(), name="feed-rotate"),
    path("feed/<str:secret>.ics", views.calendar_feed, name="ics"),
    path("shared/<str:secret>/", views.shared_plan, name="shared"),
]
