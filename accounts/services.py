"""Writes and business rules of accounts: users, workspaces, members, tokens, the audit log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smm_platform.celery import enqueue_on_commit
from smm_platform.errors import AppError, Conflict

from .enums import Role, TokenKind, TokenScope
from .models import (
    ApiToken,
    AuditLog,
    Invitation,
    Membership,
    Notification,
    SignupRequest,
    User,
    Workspace,
)

TOKEN_PREFIX = "smm_"
RESERVED_SLUGS = {"new", "api", "admin", "static", "media", "accounts", "w", "healthz"}


def hash_secret(secret: str) -> str:
    """SHA-256 digest of a high-entropy secret (keys and invitation tokens)."""
    return hashlib.sha256(secret.encode()).hexdigest()


# --- audit ------------------------------------------------------------------------------------


def audit_record(
    *,
    workspace: Workspace,
    actor: User | None,
    action: str,
    target: Model | None = None,
    changes: dict[str, Any] | None = None,
    token: ApiToken | None = None,
) -> AuditLog:
    """Append one entry to the workspace's audit log."""
    return AuditLog.objects.create(
        workspace=workspace,
        actor=actor if getattr(actor, "pk", None) else None,
        token=token,
        action=action,
        target_type=target._meta.model_name if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=changes or {},
    )


# --- users ------------------------------------------------------------------------------------


def signup_request(*, email: str, password: str, full_name: str = "", language: str = "ru") -> None:
    """Start a sign-up: the address gets a confirmation link (valid ``SIGNUP_TTL_HOURS``); the
    account is made only when it is opened (``signup_confirm``). An address that already has an
    account gets a note instead; the caller sees the same answer either way, so the page never
    tells whether an email is registered. A bad address or a weak password is an error."""
    from . import tasks

    email = User.objects.normalize_email(email or "").lower().strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AppError(
            _("Enter a valid email address."), errors={"email": [_("Enter a valid email address.")]}
        ) from exc
    probe = User(email=email, full_name=(full_name or "").strip(), language=language)
    try:
        validate_password(password, probe)
    except ValidationError as exc:
        raise AppError(_("The password is too weak."), errors={"password": list(exc.messages)}) from exc
    recent = SignupRequest.objects.filter(
        email=email, created_at__gt=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= settings.SIGNUP_MAX_PER_HOUR:
        return  # no mail bombing of one address; the answer stays the same
    existing = User.objects.filter(email__iexact=email).first()
    token = secrets.token_urlsafe(32)
    probe.set_password(password)
    with transaction.atomic():
        signup = SignupRequest.objects.create(
            email=email,
            full_name=probe.full_name,
            language=language,
            password=probe.password if existing is None else "!",
            token_hash=hash_secret(token),
            expires_at=timezone.now() + timedelta(hours=settings.SIGNUP_TTL_HOURS),
            confirmed_at=timezone.now() if existing is not None else None,
        )
        if existing is not None:
            enqueue_on_commit(tasks.send_signup_exists_email, signup_id=signup.pk)
        else:
            enqueue_on_commit(tasks.send_signup_email, signup_id=signup.pk, token=token)


def signup_find(*, token: str) -> SignupRequest | None:
    return SignupRequest.objects.filter(token_hash=hash_secret(token or "")).first()


def signup_confirm(*, token: str) -> User:
    """Open a confirmation link: the account is created with a verified address and the open
    invitations of that address are accepted. A used, expired or unknown link is a 410."""
    signup = signup_find(token=token)
    gone = AppError(_("This link has expired or was already used. Sign up again."), status_code=410)
    if signup is None or not signup.is_open:
        raise gone
    with transaction.atomic():
        if not SignupRequest.objects.filter(pk=signup.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        ):
            raise gone
        if User.objects.filter(email__iexact=signup.email).exists():
            raise gone
        user = User(
            email=signup.email,
            full_name=signup.full_name,
            language=signup.language,
            password=signup.password,
        )
        user.full_clean(exclude=["password"])
        user.save()
        # Other pending links of the address die with this one.
        SignupRequest.objects.filter(email=signup.email, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        for invitation in Invitation.objects.filter(
            email__iexact=signup.email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).select_related("workspace"):
            invitation_accept(invitation=invitation, user=user)
    return user


def user_update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.full_clean()
    user.save(update_fields=["full_name", "language"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise AppError(_("Unknown language."), errors={"language": [_("Unknown language.")]})
    if user.is_authenticated and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


# --- workspaces -------------------------------------------------------------------------------


def workspace_create(*, name: str, slug: str = "", owner: User) -> Workspace:
    """Create a workspace; its creator becomes its owner."""
    name = name.strip()
    slug = (slug or slugify(name, allow_unicode=False)).strip().lower()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the workspace a name.")]
    if not slug:
        errors["slug"] = [_("Use Latin letters, digits and hyphens for the address.")]
    elif slug in RESERVED_SLUGS:
        errors["slug"] = [_("This address is reserved.")]
    elif Workspace.objects.filter(slug=slug).exists():
        errors["slug"] = [_("This address is taken.")]
    if errors:
        raise AppError(_("The workspace cannot be created."), errors=errors)
    workspace = Workspace(
        name=name, slug=slug, created_by=owner, language=owner.language or settings.LANGUAGE_CODE
    )
    try:
        workspace.full_clean()
    except ValidationError as exc:
        raise AppError(_("The workspace cannot be created."), errors=exc.message_dict) from exc
    try:
        with transaction.atomic():
            workspace.save()
            Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
            audit_record(workspace=workspace, actor=owner, action="workspace.created", target=workspace)
    except IntegrityError as exc:
        raise AppError(
            _("The workspace cannot be created."), errors={"slug": [_("This address is taken.")]}
        ) from exc
    return workspace


def workspace_rename(
    *, workspace: Workspace, name: str, actor: User, language: str | None = None
) -> Workspace:
    """Change the workspace's name (and the language of its content, when given)."""
    name = name.strip()
    if not name:
        raise AppError(_("Give the workspace a name."), errors={"name": [_("Give the workspace a name.")]})
    old = {"name": workspace.name, "language": workspace.language}
    workspace.name = name
    if language is not None:
        workspace.language = language
    try:
        workspace.full_clean()
    except ValidationError as exc:
        raise AppError(_("The workspace cannot be saved."), errors=exc.message_dict) from exc
    new = {"name": workspace.name, "language": workspace.language}
    with transaction.atomic():
        workspace.save(update_fields=["name", "language"])
        audit_record(
            workspace=workspace,
            actor=actor,
            action="workspace.renamed",
            target=workspace,
            changes={k: [old[k], new[k]] for k in old if old[k] != new[k]},
        )
    return workspace


# --- members and invitations ------------------------------------------------------------------


def _validate_role(role: str) -> None:
    if role not in Role.values:
        raise AppError(
            _("Unknown role."), errors={"role": [_("Choose one of: owner, manager, marketer, viewer.")]}
        )


def member_invite(
    *, workspace: Workspace, email: str, role: str, actor: User | None
) -> Membership | Invitation:
    """Add a user by email with a role.

    An existing account becomes a member at once and is told by email; an unknown address gets
    an invitation link (valid ``INVITATION_TTL_DAYS`` days) that makes it a member on sign-up.
    """
    from . import tasks

    _validate_role(role)
    email = User.objects.normalize_email(email or "").lower().strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AppError(
            _("Enter a valid email address."), errors={"email": [_("Enter a valid email address.")]}
        ) from exc

    user = User.objects.filter(email__iexact=email).first()
    with transaction.atomic():
        if user is not None:
            if Membership.objects.filter(workspace=workspace, user=user).exists():
                raise Conflict(
                    _("%(email)s is already a member of this workspace.") % {"email": email},
                    errors={"email": [_("Already a member.")]},
                )
            membership = Membership.objects.create(workspace=workspace, user=user, role=role)
            audit_record(
                workspace=workspace,
                actor=actor,
                action="member.added",
                target=membership,
                changes={"email": email, "role": role},
            )
            enqueue_on_commit(tasks.send_membership_email, membership_id=membership.pk)
            return membership

        if Invitation.objects.filter(
            workspace=workspace, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).exists():
            raise Conflict(
                _("%(email)s has already been invited.") % {"email": email},
                errors={"email": [_("Already invited.")]},
            )
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            workspace=workspace,
            email=email,
            role=role,
            token_hash=hash_secret(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
        )
        audit_record(
            workspace=workspace,
            actor=actor,
            action="member.invited",
            target=invitation,
            changes={"email": email, "role": role},
        )
        enqueue_on_commit(tasks.send_invitation_email, invitation_id=invitation.pk, token=token)
        return invitation


def _owners_left_after(membership: Membership) -> int:
    return (
        Membership.objects.filter(workspace=membership.workspace, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .count()
    )


def membership_change_role(*, membership: Membership, role: str, actor: User | None) -> Membership:
    """Change a member's role; a workspace always keeps at least one owner."""
    _validate_role(role)
    if membership.role == role:
        return membership
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.role == Role.OWNER and _owners_left_after(locked) == 0:
            raise Conflict(_("A workspace must keep at least one owner."))
        old = locked.role
        locked.role = role
        locked.save(update_fields=["role"])
        audit_record(
            workspace=locked.workspace,
            actor=actor,
            action="member.role_changed",
            target=locked,
            changes={"role": [old, role]},
        )
    membership.role = role
    return membership


def membership_remove(*, membership: Membership, actor: User | None) -> None:
    """Remove a member; the last owner cannot be removed."""
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update().select_related("user", "workspace").get(pk=membership.pk)
        )
        if locked.role == Role.OWNER and _owners_left_after(locked) == 0:
            raise Conflict(_("A workspace must keep at least one owner."))
        audit_record(
            workspace=locked.workspace,
            actor=actor,
            action="member.removed",
            target=locked,
            changes={"email": locked.user.email, "role": locked.role},
        )
        locked.delete()


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Turn an open invitation into a membership of ``user`` (whose email must match)."""
    if not invitation.is_open:
        raise AppError(_("This invitation has expired or was revoked."), status_code=410)
    if invitation.email.lower() != user.email.lower():
        raise AppError(_("This invitation was sent to another email address."), status_code=403)
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        membership, _created = Membership.objects.get_or_create(
            workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
        )
        if updated:
            audit_record(
                workspace=invitation.workspace,
                actor=user,
                action="member.joined",
                target=membership,
                changes={"email": user.email, "role": membership.role},
            )
    return membership


def invitation_find(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("workspace").filter(token_hash=hash_secret(token)).first()


def invitation_revoke(*, invitation: Invitation, actor: User | None) -> None:
    with transaction.atomic():
        if Invitation.objects.filter(
            pk=invitation.pk, revoked_at__isnull=True, accepted_at__isnull=True
        ).update(revoked_at=timezone.now()):
            audit_record(
                workspace=invitation.workspace,
                actor=actor,
                action="member.invitation_revoked",
                target=invitation,
                changes={"email": invitation.email},
            )


def invitations_expire() -> int:
    """Revoke invitations past their expiry (beat). Returns how many were closed."""
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=timezone.now()
    ).update(revoked_at=timezone.now())


# --- API tokens -------------------------------------------------------------------------------


def _new_key() -> tuple[str, str]:
    secret = secrets.token_urlsafe(32)
    key = f"{TOKEN_PREFIX}{secret}"
    return key, key[: len(TOKEN_PREFIX) + 6]


def user_token_create(
    *, user: User, name: str = "API", expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A named token that acts as ``user`` and expires after ``expires_in_days`` (default
    ``USER_TOKEN_TTL_DAYS``, at most ``USER_TOKEN_MAX_DAYS``). Returns the row and the key (shown
    once). The user lists and revokes tokens in the profile and at ``auth/tokens/``; a new
    password revokes them all."""
    name = (name or "").strip() or "API"
    days = settings.USER_TOKEN_TTL_DAYS if expires_in_days is None else expires_in_days
    if not 1 <= days <= settings.USER_TOKEN_MAX_DAYS:
        message = _("A token lives from 1 to %(days)s days.") % {"days": settings.USER_TOKEN_MAX_DAYS}
        raise AppError(message, errors={"expires_in_days": [message]})
    key, prefix = _new_key()
    token = ApiToken.objects.create(
        kind=TokenKind.USER,
        name=name[:100],
        user=user,
        prefix=prefix,
        key_hash=hash_secret(key),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, key


def user_tokens_of(*, user: User):
    """The user's own tokens that still work, newest first."""
    return ApiToken.objects.filter(
        kind=TokenKind.USER, user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-id")


def user_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; another user's id is the same "not found" (False)."""
    return bool(
        ApiToken.objects.filter(pk=token_id, kind=TokenKind.USER, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def integration_token_create(
    *,
    workspace: Workspace,
    name: str,
    scopes: list[str],
    actor: User | None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """An integration token of ``workspace`` with ``scopes``. Returns the row and the key."""
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Name the token after the system that will use it.")]
    unknown = sorted(set(scopes or []) - set(TokenScope.values))
    if not scopes:
        errors["scopes"] = [_("Choose at least one scope.")]
    elif unknown:
        errors["scopes"] = [_("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must be in the future.")]
    if errors:
        raise AppError(_("The token cannot be created."), errors=errors)
    key, prefix = _new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            kind=TokenKind.INTEGRATION,
            name=name[:100],
            workspace=workspace,
            scopes=sorted(set(scopes)),
            prefix=prefix,
            key_hash=hash_secret(key),
            created_by=actor,
            expires_at=expires_at,
        )
        audit_record(
            workspace=workspace,
            actor=actor,
            action="token.created",
            target=token,
            changes={"scopes": token.scopes},
        )
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User | None) -> None:
    """Revoke a token; a revoked token authenticates nothing. Revoking twice is harmless."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if changed and token.workspace_id:
            audit_record(workspace=token.workspace, actor=actor, action="token.revoked", target=token)


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The active token for ``key`` or None. Marks it used (at most once a minute)."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "workspace")
        .filter(key_hash=hash_secret(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active:
        return None
    if token.kind == TokenKind.USER and not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- notifications ----------------------------------------------------------------------------


def notify(
    *,
    workspace: Workspace,
    users: list[User],
    kind: str,
    title: str,
    body: str = "",
    params: dict[str, Any] | None = None,
    url: str = "",
    email: bool = False,
) -> list[Notification]:
    """Notify ``users`` in-app (and by email when ``email``), each in their own language.

    ``title`` and ``body`` are (lazy) translatable strings with ``%(name)s`` placeholders filled
    from ``params`` for each recipient, e.g. ``notify(title=gettext_lazy("Task “%(task)s” is
    overdue"), params={"task": task.title}, ...)``. Users who are not members are skipped.
    """
    from django.utils import translation

    from . import tasks

    member_ids = set(
        Membership.objects.filter(workspace=workspace, user__in=users).values_list("user_id", flat=True)
    )
    rows = []
    for user in {u.pk: u for u in users}.values():
        if user.pk not in member_ids:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            # ``title % params`` (not ``str(title) % params``): an ``ngettext_lazy(..., "n")`` title
            # picks its plural form from ``params["n"]`` ("21 клиент", "3 клиента", "5 клиентов").
            rendered_title = str(title % params) if params else str(title)
            rendered_body = (str(body % params) if params else str(body)) if body else ""
        rows.append(
            Notification(
                workspace=workspace,
                user=user,
                kind=kind,
                title=rendered_title[:300],
                body=rendered_body,
                url=url,
            )
        )
    created = Notification.objects.bulk_create(rows)
    if email:
        for notification in created:
            enqueue_on_commit(tasks.send_notification_email, notification_id=notification.pk)
    return created


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, every) unread notification of ``user`` read. Returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
