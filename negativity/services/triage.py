"""Triage: bulk changes, resolving, and SLA escalation of open mentions."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from accounts.models import Membership, User, Workspace
from accounts.services import audit_record
from smm_platform.errors import AppError

from ..enums import OPEN_STATUSES, MentionStatus, Outcome, Priority
from ..models import Mention
from .notifications import notify_managers

# --- triage ------------------------------------------------------------------------------------
BULK_ACTIONS = ("assign", "status", "priority", "hide")


def mentions_bulk_update(
    *, workspace: Workspace, ids: list[int], action: str, value: str, actor: User | None
) -> int:
    """Assign, set status or priority, or hide many mentions at once; returns how many changed."""
    qs = Mention.objects.for_workspace(workspace).filter(pk__in=ids)
    if action == "assign":
        if value in ("", None):
            changes = {"assignee": None}
        else:
            if (
                not str(value).isdigit()
                or not Membership.objects.filter(workspace=workspace, user_id=int(value)).exists()
            ):
                raise AppError(
                    _("Choose a member of this workspace."), errors={"value": [_("Not a member.")]}
                )
            changes = {"assignee_id": int(value)}
    elif action == "status":
        if value not in MentionStatus.values:
            raise AppError(_("Unknown status."), errors={"value": [_("Unknown status.")]})
        changes = {"status": value}
        if value == MentionStatus.RESOLVED:
            changes["resolved_at"] = timezone.now()
    elif action == "priority":
        if value not in Priority.values:
            raise AppError(_("Unknown priority."), errors={"value": [_("Unknown priority.")]})
        changes = {"priority": value}
    elif action == "hide":
        changes = {"status": MentionStatus.HIDDEN}
    else:
        raise AppError(_("Unknown action."), errors={"action": [_("Unknown action.")]})
    if not ids:
        raise AppError(_("Select at least one mention."), errors={"ids": [_("Select at least one mention.")]})
    with transaction.atomic():
        changed = qs.update(**changes)
        audit_record(
            workspace=workspace,
            actor=actor,
            action=f"mentions.bulk_{action}",
            changes={"ids": sorted(int(i) for i in ids)[:200], "value": str(value), "count": changed},
        )
    return changed


def mention_resolve(
    *, workspace: Workspace, mention: Mention, outcome: str, note: str = "", actor: User | None
) -> Mention:
    """Close a mention with an outcome; resolving a resolved mention changes nothing."""
    if outcome not in Outcome.values:
        raise AppError(_("Choose an outcome."), errors={"outcome": [_("Choose an outcome.")]})
    with transaction.atomic():
        updated = (
            Mention.objects.filter(pk=mention.pk, workspace=workspace)
            .exclude(status=MentionStatus.RESOLVED)
            .update(
                status=MentionStatus.RESOLVED,
                outcome=outcome,
                resolution_note=note.strip(),
                resolved_at=timezone.now(),
            )
        )
        if updated:
            audit_record(
                workspace=workspace,
                actor=actor,
                action="mention.resolved",
                target=mention,
                changes={"outcome": outcome},
            )
    mention.refresh_from_db()
    return mention


# --- SLA escalation ----------------------------------------------------------------------------
def sla_escalate(*, workspace: Workspace, now: datetime | None = None) -> int:
    """Mark open mentions past their SLA deadline as escalated (urgent) once, and alert managers."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Mention.objects.for_workspace(workspace)
            .filter(status__in=OPEN_STATUSES, sla_deadline__lt=now, sla_escalated_at__isnull=True)
            .values_list("pk", flat=True)[:1000]
        )
        if not ids:
            return 0
        count = Mention.objects.filter(pk__in=ids, sla_escalated_at__isnull=True).update(
            sla_escalated_at=now, priority=Priority.URGENT
        )
        audit_record(
            workspace=workspace,
            actor=None,
            action="mentions.sla_escalated",
            changes={"count": count, "ids": ids[:200]},
        )
        link = reverse("negativity:inbox", kwargs={"workspace_slug": workspace.slug}) + "?sla=breached"
        notify_managers(
            workspace=workspace,
            kind="sla",
            title=ngettext_lazy("SLA breached on %(n)s mention", "SLA breached on %(n)s mentions", "n"),
            body=gettext_lazy("These mentions are past their deadline and were raised to urgent."),
            params={"n": count},
            link=link,
        )
    return count
