"""Reads of accounts, scoped to the caller."""

from django.db.models import QuerySet

from .enums import TokenKind
from .models import ApiToken, AuditLog, Invitation, Membership, Notification, User, Workspace


def workspaces_for(*, user: User) -> QuerySet[Workspace]:
    return Workspace.objects.filter(memberships__user=user).order_by("name")


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")


def members_of(*, workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.filter(workspace=workspace).select_related("user").order_by("user__email")


def open_invitations_of(*, workspace: Workspace) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        workspace=workspace, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")


def integration_tokens_of(*, workspace: Workspace) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(workspace=workspace, kind=TokenKind.INTEGRATION).select_related(
        "created_by"
    )


def audit_log_of(*, workspace: Workspace) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(workspace=workspace).select_related("actor", "token")


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("workspace")


def unread_notifications_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
