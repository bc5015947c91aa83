"""Playbooks, SLA policies and routing rules of a workspace (and their defaults)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, User, Workspace
from accounts.services import audit_record
from smm_platform.errors import AppError

from .. import defaults, rules
from ..models import ResponseTemplate, RoutingRule, SlaPolicy


# --- workspace defaults ------------------------------------------------------------------------
def workspace_defaults_ensure(*, workspace: Workspace) -> None:
    """Seed the default playbooks and SLA policies of a workspace (idempotent)."""
    ResponseTemplate.objects.bulk_create(
        [ResponseTemplate(workspace=workspace, is_default=True, **p) for p in defaults.PLAYBOOKS],
        ignore_conflicts=True,
    )
    SlaPolicy.objects.bulk_create(
        [
            SlaPolicy(workspace=workspace, category=c, min_risk=r, minutes=m)
            for c, r, m in rules.DEFAULT_SLA_MINUTES
        ],
        ignore_conflicts=True,
    )


# --- playbooks, SLA, routing rules -------------------------------------------------------------
def response_template_save(
    *, workspace: Workspace, template: ResponseTemplate | None = None, actor: User | None, **data
) -> ResponseTemplate:
    template = template or ResponseTemplate(workspace=workspace)
    for key, value in data.items():
        setattr(template, key, value)
    with transaction.atomic():
        template.full_clean()
        template.save()
        audit_record(
            workspace=workspace,
            actor=actor,
            action="playbook.saved",
            target=template,
            changes={k: v if isinstance(v, list) else str(v)[:200] for k, v in data.items()},
        )
    return template


def response_template_delete(*, workspace: Workspace, template: ResponseTemplate, actor: User | None) -> None:
    with transaction.atomic():
        audit_record(workspace=workspace, actor=actor, action="playbook.deleted", target=template)
        template.delete()


def sla_policies_save(*, workspace: Workspace, minutes: dict[int, int], actor: User | None) -> int:
    """Change the minutes of existing policies ``{policy id: minutes}``."""
    policies = {p.pk: p for p in SlaPolicy.objects.for_workspace(workspace).filter(pk__in=minutes)}
    changed = []
    for pk, value in minutes.items():
        policy = policies.get(pk)
        if policy is None or policy.minutes == value:
            continue
        policy.minutes = value
        policy.full_clean()
        changed.append(policy)
    with transaction.atomic():
        SlaPolicy.objects.bulk_update(changed, ["minutes"])
        if changed:
            audit_record(
                workspace=workspace,
                actor=actor,
                action="sla.updated",
                changes={str(p.pk): p.minutes for p in changed},
            )
    return len(changed)


def routing_rule_save(
    *,
    workspace: Workspace,
    rule: RoutingRule | None = None,
    actor: User | None,
    name: str,
    conditions: list,
    actions: list,
    position: int = 0,
    is_active: bool = True,
    stop_processing: bool = False,
) -> RoutingRule:
    errors = rules.validate_rule(conditions, actions)
    member_ids = set(Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True))
    for action in actions if isinstance(actions, list) else []:
        if (
            isinstance(action, dict)
            and action.get("action") == "assign"
            and (not str(action.get("value", "")).isdigit() or int(action["value"]) not in member_ids)
        ):
            errors.setdefault("actions", []).append(_("Assign only to members of this workspace."))
    if errors:
        raise AppError(_("The rule is invalid."), errors=errors)
    rule = rule or RoutingRule(workspace=workspace)
    rule.name, rule.conditions, rule.actions = name, conditions, actions
    rule.position, rule.is_active, rule.stop_processing = position, is_active, stop_processing
    with transaction.atomic():
        rule.full_clean()
        rule.save()
        audit_record(
            workspace=workspace,
            actor=actor,
            action="routing_rule.saved",
            target=rule,
            changes={"conditions": conditions, "actions": actions},
        )
    return rule


def routing_rule_delete(*, workspace: Workspace, rule: RoutingRule, actor: User | None) -> None:
    with transaction.atomic():
        audit_record(workspace=workspace, actor=actor, action="routing_rule.deleted", target=rule)
        rule.delete()
