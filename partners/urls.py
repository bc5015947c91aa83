from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="index"),
    path("new/", views.PartnerCreateView.as_view(), name="create"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ImportPreviewView.as_view(), name="import-preview"),
    path("shortlist/", views.ShortlistPickView.as_view(), name="shortlist-pick"),
    path("shortlist/<int:pk>/", views.ShortlistView.as_view(), name="shortlist"),
    path("deals/<int:pk>/", views.DealView.as_view(), name="deal"),
    path("deals/<int:pk>/complete/", views.DealCompleteView.as_view(), name="deal-complete"),
    path("deliverables/<int:pk>/", views.DeliverableUpdateView.as_view(), name="deliverable-update"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PartnerEditView.as_view(), name="edit"),
    path("<int:pk>/channels/", views.ChannelAddView.as_view(), name="channel-add"),
    path("<int:pk>/negotiations/", views.NegotiationAddView.as_view(), name="negotiation-add"),
    path("<int:pk>/move/", views.PartnerMoveView.as_view(), name="move"),
    path("<int:pk>/deals/new/", views.DealCreateView.as_view(), name="deal-create"),
]
