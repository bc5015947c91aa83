from django.urls import path

from . import views

app_name = "negativity"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("bulk/", views.BulkActionView.as_view(), name="bulk"),
    path("m/<int:pk>/", views.MentionDetailView.as_view(), name="mention"),
    path("m/<int:pk>/correct/", views.MentionCorrectView.as_view(), name="mention-correct"),
    path("m/<int:pk>/resolve/", views.MentionResolveView.as_view(), name="mention-resolve"),
    path("m/<int:pk>/reply/", views.MentionReplyView.as_view(), name="mention-reply"),
    path("replies/<int:pk>/decide/", views.ReplyDecideView.as_view(), name="reply-decide"),
    path("replies/<int:pk>/edit/", views.ReplyEditView.as_view(), name="reply-edit"),
    path("replies/<int:pk>/sent/", views.ReplySentView.as_view(), name="reply-sent"),
    path("incidents/", views.IncidentListView.as_view(), name="incidents"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident"),
    path("incidents/<int:pk>/status/", views.IncidentStatusView.as_view(), name="incident-status"),
    path("playbooks/", views.PlaybookListView.as_view(), name="playbooks"),
    path("playbooks/<int:pk>/", views.PlaybookEditView.as_view(), name="playbook"),
    path("sla/", views.SlaView.as_view(), name="sla"),
    path("rules/", views.RoutingRuleListView.as_view(), name="rules"),
    path("rules/<int:pk>/", views.RoutingRuleEditView.as_view(), name="rule"),
    path("root-causes/", views.RootCausesView.as_view(), name="root-causes"),
    path("classifier/", views.ClassifierView.as_view(), name="classifier"),
    path("upload/", views.UploadView.as_view(), name="upload"),
]
