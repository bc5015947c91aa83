from django.urls import path

from . import views

app_name = "social"
urlpatterns = [
    path("", views.AccountListView.as_view(), name="accounts"),
    path("<int:pk>/", views.AccountDetailView.as_view(), name="account"),
    path("<int:pk>/check/", views.AccountActionView.as_view(), {"action": "check"}, name="account-check"),
    path("<int:pk>/sync/", views.AccountActionView.as_view(), {"action": "sync"}, name="account-sync"),
    path("<int:pk>/token/", views.AccountActionView.as_view(), {"action": "token"}, name="account-token"),
    path("<int:pk>/delete/", views.AccountActionView.as_view(), {"action": "delete"}, name="account-delete"),
    path("posts/<int:pk>/retry/", views.PostRetryView.as_view(), name="post-retry"),
    path("items/<int:pk>/account/", views.ItemAccountView.as_view(), name="item-account"),
]
