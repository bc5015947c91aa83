from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="index"),
    path("new/", views.CampaignCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CampaignUpdateView.as_view(), name="edit"),
    path("<int:pk>/status/", views.CampaignTransitionView.as_view(), name="transition"),
    path("<int:pk>/recheck/", views.CampaignRecheckView.as_view(), name="recheck"),
    path("<int:pk>/save-as-template/", views.CampaignSaveTemplateView.as_view(), name="save-template"),
    path("goals/", views.GoalTreeView.as_view(), name="goals"),
    path("goals/new/", views.GoalCreateView.as_view(), name="goal-create"),
    path("goals/<int:pk>/edit/", views.GoalUpdateView.as_view(), name="goal-edit"),
    path("metrics/upload/", views.MetricsUploadView.as_view(), name="metrics-upload"),
    path("metrics/upload/confirm/", views.MetricsUploadConfirmView.as_view(), name="metrics-upload-confirm"),
    path("segments/", views.SegmentListView.as_view(), name="segments"),
    path("segments/new/", views.SegmentCreateView.as_view(), name="segment-create"),
    path("segments/<int:pk>/edit/", views.SegmentUpdateView.as_view(), name="segment-edit"),
    path("trends/", views.TrendRadarView.as_view(), name="trends"),
    path("trends/new/", views.TrendCreateView.as_view(), name="trend-create"),
    path("trends/<int:pk>/", views.TrendUpdateView.as_view(), name="trend-edit"),
    path("trends/<int:pk>/trials/", views.TrendTrialView.as_view(), name="trend-trial"),
    path("templates/", views.TemplateLibraryView.as_view(), name="templates"),
    path("templates/<int:pk>/start/", views.TemplateStartView.as_view(), name="template-start"),
    path("settings/", views.AlignmentSettingsView.as_view(), name="alignment-settings"),
]
