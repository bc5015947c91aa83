from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.generic import TemplateView

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.SignupView.as_view(), name="signup"),
    path(
        "accounts/signup/sent/",
        TemplateView.as_view(template_name="accounts/signup_sent.html"),
        name="signup-sent",
    ),
    path("accounts/signup/confirm/<str:token>/", views.SignupConfirmView.as_view(), name="signup-confirm"),
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/profile/tokens/", views.UserTokenCreateView.as_view(), name="user-token-create"),
    path(
        "accounts/profile/tokens/<int:pk>/revoke/",
        views.UserTokenRevokeView.as_view(),
        name="user-token-revoke",
    ),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password-change-done"),
        ),
        name="password-change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password-change-done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
    path("language/", views.LanguageView.as_view(), name="language"),
    path("workspaces/", views.WorkspaceListView.as_view(), name="workspace-list"),
    path("notifications/", views.NotificationsView.as_view(), name="notifications"),
    path("notifications/read-all/", views.NotificationReadAllView.as_view(), name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.NotificationReadView.as_view(), name="notification-read"),
    path("invitations/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("w/<slug:workspace_slug>/members/", views.MembersView.as_view(), name="members"),
    path(
        "w/<slug:workspace_slug>/members/<int:pk>/role/", views.MemberRoleView.as_view(), name="member-role"
    ),
    path(
        "w/<slug:workspace_slug>/members/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path(
        "w/<slug:workspace_slug>/invitations/<int:pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path(
        "w/<slug:workspace_slug>/settings/", views.WorkspaceSettingsView.as_view(), name="workspace-settings"
    ),
    path("w/<slug:workspace_slug>/tokens/", views.TokensView.as_view(), name="tokens"),
    path(
        "w/<slug:workspace_slug>/tokens/<int:pk>/revoke/",
        views.TokenRevokeView.as_view(),
        name="token-revoke",
    ),
    path("w/<slug:workspace_slug>/audit/", views.AuditLogView.as_view(), name="audit-log"),
]
