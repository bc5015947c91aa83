"""Dashboard pages of accounts: sign-in and sign-up, workspaces, members, tokens, audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from smm_platform.errors import AppError

from . import permissions as perms
from . import selectors, services
from .audit_actions import codes_matching
from .forms import (
    AuditFilterForm,
    EmailAuthenticationForm,
    IntegrationTokenForm,
    InviteForm,
    ProfileForm,
    RoleForm,
    SignupForm,
    UserTokenForm,
    WorkspaceForm,
    WorkspaceRenameForm,
)
from .models import ApiToken, AuditLog, Invitation, Membership, Notification
from .views_base import WorkspaceViewMixin


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class SignupView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("accounts:home")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"email": self.request.GET.get("email", ""), "language": self.request.LANGUAGE_CODE}

    def form_valid(self, form):
        try:
            services.signup_request(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                language=form.cleaned_data["language"],
            )
        except AppError as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        # The same page whether or not the address has an account.
        return redirect("accounts:signup-sent")


class SignupConfirmView(View):
    """The link from the confirmation email: GET asks (mail scanners open links), POST creates
    the account, accepts the address's invitations and signs in."""

    def get(self, request, token):
        signup = services.signup_find(token=token)
        status = 200 if signup is not None and signup.is_open else 410
        return render(
            request,
            "accounts/signup_confirm.html",
            {"signup": signup if status == 200 else None},
            status=status,
        )

    def post(self, request, token):
        try:
            user = services.signup_confirm(token=token)
        except AppError:
            return render(request, "accounts/signup_confirm.html", {"signup": None}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("accounts:home")


class HomeView(LoginRequiredMixin, View):
    """The first workspace's dashboard, or the workspace list when there is none."""

    def get(self, request):
        workspace = selectors.workspaces_for(user=request.user).first()
        if workspace is None:
            return redirect("accounts:workspace-list")
        return redirect("reports:home", workspace_slug=workspace.slug)


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("accounts:profile")

    def get_initial(self):
        return {"full_name": self.request.user.full_name, "language": self.request.user.language}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = services.user_tokens_of(user=self.request.user)
        context["token_form"] = UserTokenForm()
        # The key travels once through the session (post/redirect/get): a reload shows no key.
        context["new_key"] = self.request.session.pop(UserTokenCreateView.session_key, None)
        return context

    def form_valid(self, form):
        services.user_update_profile(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Profile saved."))
        response = super().form_valid(form)
        response.set_cookie("django_language", form.cleaned_data["language"], samesite="Lax")
        return response


class UserTokenCreateView(LoginRequiredMixin, View):
    """POST ``name`` and ``expires_in_days``: a new API token of the signed-in user."""

    session_key = "new_user_token"

    def post(self, request):
        form = UserTokenForm(request.POST)
        if not form.is_valid():
            messages.error(request, "; ".join(" ".join(e) for e in form.errors.values()))
            return redirect("accounts:profile")
        try:
            _token, key = services.user_token_create(user=request.user, **form.cleaned_data)
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:profile")
        request.session[self.session_key] = key
        return redirect("accounts:profile")


class UserTokenRevokeView(LoginRequiredMixin, View):
    """POST: revoke one of the signed-in user's own tokens (anyone else's id is 404)."""

    model = ApiToken

    def post(self, request, pk: int):
        if not services.user_token_revoke(user=request.user, token_id=pk):
            raise Http404
        messages.success(request, _("The token is revoked."))
        return redirect("accounts:profile")


class LanguageView(View):
    """POST ``language`` (ru or en): remembered on the user and in a cookie; back to ``next``."""

    def post(self, request):
        language = request.POST.get("language", "")
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = "/"
        try:
            services.user_set_language(user=request.user, language=language)
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect(next_url)
        response = HttpResponseRedirect(next_url)
        response.set_cookie("django_language", language, max_age=365 * 24 * 3600, samesite="Lax")
        return response


class WorkspaceListView(LoginRequiredMixin, FormView):
    template_name = "accounts/workspace_list.html"
    form_class = WorkspaceForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = selectors.memberships_for_user(user=self.request.user)
        return context

    def form_valid(self, form):
        try:
            workspace = services.workspace_create(owner=self.request.user, **form.cleaned_data)
        except AppError as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Workspace “%(name)s” created.") % {"name": workspace.name})
        return redirect("reports:home", workspace_slug=workspace.slug)


class InvitationView(View):
    """An invitation link: signed-in with the invited email accepts it; otherwise sign up or in."""

    def get(self, request, token):
        invitation = services.invitation_find(token=token)
        if invitation is None:
            raise Http404
        return render(request, "accounts/invitation.html", {"invitation": invitation})

    def post(self, request, token):
        invitation = services.invitation_find(token=token)
        if invitation is None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:home")
        messages.success(request, _("You joined “%(name)s”.") % {"name": membership.workspace.name})
        return redirect("reports:home", workspace_slug=membership.workspace.slug)


# --- workspace administration -----------------------------------------------------------------


class MembersView(WorkspaceViewMixin, FormView):
    """Members and open invitations; owners invite by email with a role."""

    template_name = "accounts/members.html"
    form_class = InviteForm
    write_permission = perms.ADMIN
    section = "members"
    model = Membership

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.members_of(workspace=self.workspace)
        context["invitations"] = selectors.open_invitations_of(workspace=self.workspace)
        context["role_form"] = RoleForm()
        return context

    def form_valid(self, form):
        try:
            result = services.member_invite(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        if isinstance(result, Membership):
            messages.success(self.request, _("%(email)s is now a member.") % {"email": result.user.email})
        else:
            messages.success(
                self.request, _("An invitation was sent to %(email)s.") % {"email": result.email}
            )
        return redirect("accounts:members", workspace_slug=self.workspace.slug)


class MemberRoleView(WorkspaceViewMixin, View):
    write_permission = perms.ADMIN
    model = Membership

    def post(self, request, workspace_slug, pk):
        membership = selectors.members_of(workspace=self.workspace).filter(pk=pk).first()
        if membership is None:
            raise Http404
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of: owner, manager, marketer, viewer."))
        else:
            try:
                services.membership_change_role(
                    membership=membership, role=form.cleaned_data["role"], actor=request.user
                )
                messages.success(request, _("Role changed."))
            except AppError as exc:
                messages.error(request, exc.message)
        return redirect("accounts:members", workspace_slug=workspace_slug)


class MemberRemoveView(WorkspaceViewMixin, View):
    write_permission = perms.ADMIN
    model = Membership

    def post(self, request, workspace_slug, pk):
        membership = selectors.members_of(workspace=self.workspace).filter(pk=pk).first()
        if membership is None:
            raise Http404
        try:
            services.membership_remove(membership=membership, actor=request.user)
            messages.success(request, _("Member removed."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect("accounts:members", workspace_slug=workspace_slug)


class InvitationRevokeView(WorkspaceViewMixin, View):
    write_permission = perms.ADMIN
    model = Invitation

    def post(self, request, workspace_slug, pk):
        invitation = selectors.open_invitations_of(workspace=self.workspace).filter(pk=pk).first()
        if invitation is None:
            raise Http404
        services.invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(request, _("Invitation revoked."))
        return redirect("accounts:members", workspace_slug=workspace_slug)


class WorkspaceSettingsView(WorkspaceViewMixin, FormView):
    template_name = "accounts/workspace_settings.html"
    form_class = WorkspaceRenameForm
    write_permission = perms.ADMIN
    section = "settings"

    def get_initial(self):
        return {"name": self.workspace.name, "language": self.workspace.language}

    def form_valid(self, form):
        try:
            services.workspace_rename(
                workspace=self.workspace,
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                actor=self.request.user,
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Workspace saved."))
        return redirect("accounts:workspace-settings", workspace_slug=self.workspace.slug)


class TokensView(WorkspaceViewMixin, FormView):
    """Integration tokens (owners): create with scopes (the key is shown once), list, revoke."""

    template_name = "accounts/tokens.html"
    form_class = IntegrationTokenForm
    permission = perms.ADMIN
    write_permission = perms.ADMIN
    section = "tokens"
    model = ApiToken

    session_key = "new_integration_token"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = tokens = selectors.integration_tokens_of(workspace=self.workspace)
        # The key travels once through the session (post/redirect/get): a reload shows no key.
        created = self.request.session.pop(self.session_key, None)
        if created:
            context["new_key"] = created["key"]
            context["new_token"] = tokens.filter(pk=created["id"]).first()
        return context

    def form_valid(self, form):
        try:
            token, key = services.integration_token_create(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        self.request.session[self.session_key] = {"id": token.pk, "key": key}
        messages.success(self.request, _("Token created. Copy the key now: it will not be shown again."))
        return redirect("accounts:tokens", workspace_slug=self.workspace.slug)


class TokenRevokeView(WorkspaceViewMixin, View):
    permission = perms.ADMIN
    write_permission = perms.ADMIN
    model = ApiToken

    def post(self, request, workspace_slug, pk):
        token = selectors.integration_tokens_of(workspace=self.workspace).filter(pk=pk).first()
        if token is None:
            raise Http404
        services.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("Token revoked."))
        return redirect("accounts:tokens", workspace_slug=workspace_slug)


class AuditLogView(WorkspaceViewMixin, TemplateView):
    """Who changed what, newest first, filtered by action and dates (owners and managers)."""

    template_name = "accounts/audit_log.html"
    permission = perms.AUDIT
    section = "audit"
    model = AuditLog
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AuditFilterForm(self.request.GET or None)
        entries = selectors.audit_log_of(workspace=self.workspace)
        if form.is_valid():
            if form.cleaned_data["action"]:
                typed = form.cleaned_data["action"].strip()
                entries = entries.filter(Q(action__icontains=typed) | Q(action__in=codes_matching(typed)))
            if form.cleaned_data["date_from"]:
                entries = entries.filter(created_at__date__gte=form.cleaned_data["date_from"])
            if form.cleaned_data["date_to"]:
                entries = entries.filter(created_at__date__lte=form.cleaned_data["date_to"])
        page = Paginator(entries, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(filter_form=form, page_obj=page, entries=page.object_list)
        return context


class NotificationsView(LoginRequiredMixin, TemplateView):
    """The signed-in user's notifications from every workspace, newest first."""

    template_name = "accounts/notifications.html"
    model = Notification

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notifications = selectors.notifications_for(user=self.request.user)
        if self.request.GET.get("unread"):
            notifications = notifications.filter(read_at__isnull=True)
        page = Paginator(notifications, 30).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page, notifications=page.object_list, only_unread=bool(self.request.GET.get("unread"))
        )
        return context


class NotificationReadView(LoginRequiredMixin, View):
    """POST: mark one notification read and go to what it is about."""

    model = Notification

    def post(self, request, pk):
        notification = selectors.notifications_for(user=request.user).filter(pk=pk).first()
        if notification is None:
            raise Http404
        services.notification_mark_read(user=request.user, notification_id=notification.pk)
        target = (
            notification.url
            if url_has_allowed_host_and_scheme(notification.url, {request.get_host()})
            else ""
        )
        return redirect(target or "accounts:notifications")


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notification_mark_read(user=request.user)
        messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
        return redirect("accounts:notifications")
