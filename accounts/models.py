"""Users, workspaces (tenants), memberships with roles, invitations, API tokens and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import Language, Role, TokenKind, TokenScope


class WorkspaceQuerySet(models.QuerySet):
    """Rows of one workspace: ``for_workspace()`` is how every view and endpoint starts a query."""

    def for_workspace(self, workspace: Workspace) -> WorkspaceQuerySet:
        return self.filter(workspace=workspace)

    def update(self, **kwargs):
        """A bulk ``update()`` also moves ``updated_at`` (``auto_now`` does so only on ``save()``),
        so ``?updated_since=`` of the API sees every change."""
        field = next((f for f in self.model._meta.concrete_fields if f.name == "updated_at"), None)
        if field is not None and getattr(field, "auto_now", False) and "updated_at" not in kwargs:
            from django.utils import timezone

            kwargs["updated_at"] = timezone.now()
        return super().update(**kwargs)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("interface language"), max_length=8, choices=Language.choices, default=Language.RU
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    # A new password revokes the user's API tokens (whatever changed it: the password change or
    # reset pages, the admin, ``manage.py changepassword``). Re-hashing the same password on sign-in
    # (a hasher upgrade) is no change.
    def check_password(self, raw_password) -> bool:
        self._rehashing = True
        try:
            return super().check_password(raw_password)
        finally:
            self._rehashing = False

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        if not getattr(self, "_rehashing", False):
            self._password_changed = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if getattr(self, "_password_changed", False):
            self._password_changed = False
            ApiToken.objects.filter(user=self, kind=TokenKind.USER, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )


class Workspace(models.Model):
    """A tenant: a brand or an agency client. Everything users create belongs to one."""

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    language = models.CharField(
        _("language of the content"),
        max_length=8,
        choices=Language.choices,
        default=Language.RU,
        help_text=_("Playbooks and reply templates in this language are offered first."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="workspaces"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["workspace", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation of an email address (with no account yet) to a workspace with a role."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} -> {self.workspace}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class SignupRequest(models.Model):
    """A sign-up waiting for its address to be confirmed. No account, and so no membership or
    invitation, exists until the link sent to the address is opened: typing someone else's email
    on the sign-up page gains nothing."""

    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("interface language"), max_length=8, choices=Language.choices)
    password = models.CharField(max_length=128)  # already hashed
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-up request")
        verbose_name_plural = _("sign-up requests")
        indexes = [models.Index(fields=["email", "created_at"], name="signup_email_created")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A bearer token. User tokens act as their user; integration tokens belong to a workspace
    and carry scopes. Only a SHA-256 digest of the key is stored; the key is shown once."""

    #: Choices of list fields, for the audit log's labels (``AuditLog.readable_changes``).
    AUDIT_CHOICES = {"scopes": TokenScope.choices}

    kind = models.CharField(_("kind"), max_length=16, choices=TokenKind.choices)
    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    workspace = models.ForeignKey(
        Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    prefix = models.CharField(_("key prefix"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=TokenKind.USER, user__isnull=False, workspace__isnull=True))
                | Q(kind=TokenKind.INTEGRATION, workspace__isnull=False),
                name="api_token_owner_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def scope_labels(self) -> list[tuple[str, str]]:
        """``(code, label)`` of each scope: people read the label, integrators the code."""
        labels = dict(TokenScope.choices)
        return [(s, str(labels.get(s, s))) for s in self.scopes or []]


class AuditLog(models.Model):
    """Who changed what in a workspace, and when. Written only by services, never edited."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.ForeignKey(ApiToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("object type"), max_length=64, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["workspace", "-created_at"], name="audit_ws_created")]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"

    def action_label(self) -> str | None:
        """The action in the reader's language ("Сделка заключена"), ``None`` for an unknown code."""
        from .audit_actions import action_label

        return action_label(self.action)

    def readable_changes(self) -> list[dict]:
        """Each change as ``{"key", "label", "value", "literal", "field"}`` in the reader's language: a key
        that is a field of the target's model reads as the field's name and a choice value as its
        label ("Этап: Переговоры", not "stage: negotiating"; a transition or an ``[old, new]``
        pair of a one-value field "Черновик → На согласовании"), a date or moment in the reader's
        format, nothing as "—"; a structure (a rule's conditions) stays literal JSON."""
        import json

        from django.apps import apps

        from smm_platform.formatting import DASH, format_date, format_datetime

        fields, listed = {}, {}
        if self.target_type:
            model = next((m for m in apps.get_models() if m._meta.model_name == self.target_type), None)
            opts = model._meta if model else None
            fields = {f.name: f for f in [*opts.concrete_fields, *opts.many_to_many]} if opts else {}
            listed = getattr(model, "AUDIT_CHOICES", {})

        def shown(value, choices, field=None) -> str:
            if value is None or value == []:
                return DASH
            if isinstance(value, list):
                return ", ".join(shown(v, choices, field) for v in value)
            if isinstance(value, str) and isinstance(field, models.DateTimeField):
                return format_datetime(value)
            if isinstance(value, str) and isinstance(field, models.DateField):
                return format_date(value)
            return str(choices.get(value, value)) if isinstance(value, str) else str(value)

        def holds_lists(field) -> bool:
            return field.many_to_many or isinstance(field, models.JSONField) or hasattr(field, "base_field")

        def has_structure(value) -> bool:
            return isinstance(value, dict) or (isinstance(value, list) and any(map(has_structure, value)))

        def as_stored(value):
            # a list once written as its Python text ("['a', 'b']") reads as the list it was
            if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
                import ast

                try:
                    parsed = ast.literal_eval(value)
                except (ValueError, SyntaxError):
                    return value
                if isinstance(parsed, list) and all(isinstance(v, str | int | float) for v in parsed):
                    return parsed
            return value

        out = []
        for key, value in (self.changes or {}).items():
            value = as_stored(value)
            field = fields.get(key)
            label = str(field.verbose_name).capitalize() if field is not None else key
            if has_structure(value):
                text, literal = json.dumps(value, ensure_ascii=False), True
            else:
                choices = dict(field.flatchoices) if field is not None and field.choices else {}
                choices = choices or dict(listed.get(key, ()))
                # ``[old, new]``: a transition whose first part is a list ("[[sources], target]"),
                # or a pair of values of a field that holds one value (not a list of its values)
                nested = isinstance(value, list) and value and isinstance(value[0], list)
                pair = (
                    isinstance(value, list)
                    and len(value) == 2
                    and field is not None
                    and not holds_lists(field)
                )
                if nested or pair:
                    text = " → ".join(shown(v, choices, field) for v in value)
                else:
                    text = shown(value, choices, field)
                literal = False
            out.append(
                {"key": key, "label": label, "value": text, "literal": literal, "field": field is not None}
            )
        return out


class Notification(models.Model):
    """An in-app notification for one user about something in one workspace (assignments, review
    requests, decisions, due dates, alerts). Every area notifies through ``services.notify``."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.title
