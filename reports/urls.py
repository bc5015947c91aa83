from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("reports/", views.RunListView.as_view(), name="index"),
    path("reports/case/", views.CaseDeckView.as_view(), name="case-deck"),
    path("reports/schedules/", views.ScheduleListView.as_view(), name="schedules"),
    path("reports/schedules/<int:pk>/delete/", views.ScheduleDeleteView.as_view(), name="schedule-delete"),
    path("reports/files/<int:pk>/", views.FileDownloadView.as_view(), name="file-download"),
    path("reports/<int:pk>/", views.RunDetailView.as_view(), name="run"),
    path("reports/<int:pk>/progress/", views.RunProgressView.as_view(), name="run-progress"),
    path("reports/<int:pk>/retry/", views.RunRetryView.as_view(), name="run-retry"),
    path("reports/<int:pk>/review/", views.RunReviewView.as_view(), name="run-review"),
    path("reports/<int:pk>/comments/", views.RunCommentView.as_view(), name="run-comment"),
]
