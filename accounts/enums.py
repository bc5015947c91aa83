from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    MARKETER = "marketer", _("Marketer")
    VIEWER = "viewer", _("Viewer")


class Language(models.TextChoices):
    RU = "ru", _("Russian")
    EN = "en", _("English")


class TokenKind(models.TextChoices):
    USER = "user", _("User token")
    INTEGRATION = "integration", _("Integration token")


class TokenScope(models.TextChoices):
    """Scopes of integration tokens. ``read`` reads every resource; ``<area>:write`` writes one."""

    READ = "read", _("Read everything")
    CAMPAIGNS_WRITE = "campaigns:write", _("Write goals, campaigns, segments, trends, templates")
    METRICS_WRITE = "metrics:write", _("Send daily metrics")
    CONVERSIONS_WRITE = "conversions:write", _("Send CRM conversions")
    PLANNING_WRITE = "planning:write", _("Write plan items, tasks, ideas, proposals")
    PARTNERS_WRITE = "partners:write", _("Write partners, negotiations, deals")
    MENTIONS_WRITE = "mentions:write", _("Send and handle mentions")
    REPORTS_WRITE = "reports:write", _("Run reports")
    WEBHOOKS_WRITE = "webhooks:write", _("Manage webhook subscriptions")
