"""Every write of the negativity inbox: ingest and classification, triage, replies, playbooks,
routing rules, SLA policies, attack detection, escalation, corrections and retraining."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.models import Membership, User, Workspace
from accounts.permissions import can_approve
from accounts.services import audit_record
from accounts.services import notify as accounts_notify
from smm_platform.errors import AppError, Conflict, PayloadTooLarge
from smm_platform.events import emit_many

from . import classification, defaults, hooks, rules
from .enums import (
    NEGATIVE_CATEGORIES,
    OPEN_STATUSES,
    Category,
    ClassifierStatus,
    MentionStatus,
    Outcome,
    Priority,
    ReplyStatus,
    Topic,
)
from .incidents import (  # noqa: F401  (attack detection's services, re-exported)
    detection_mark_dirty,
    incident_set_status,
    incidents_detect,
    text_only_category,
)
from .ml import classifier as ml
from .ml import features
from .models import (
    Author,
    ClassificationCorrection,
    ClassifierModel,
    Mention,
    Reply,
    ResponseTemplate,
    RoutingLog,
    RoutingRule,
    SlaPolicy,
    WebhookSecret,
)

logger = logging.getLogger(__name__)

RETRAIN_AFTER_CORRECTIONS = 20


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


# --- ingest ------------------------------------------------------------------------------------
@dataclass
class IngestResult:
    created: int = 0
    updated: int = 0
    created_ids: list[int] = field(default_factory=list)


def _validate_batch(rows, *, workspace: Workspace, max_batch: int, max_text: int) -> list[dict]:
    if not isinstance(rows, list):
        raise AppError(_("Send a list of mentions."), errors={"non_field_errors": [_("Expected a list.")]})
    if not rows:
        raise AppError(
            _("The batch is empty."), errors={"non_field_errors": [_("Send at least one mention.")]}
        )
    if len(rows) > max_batch:
        raise PayloadTooLarge(
            _("A batch holds at most %(max)s mentions; this one has %(n)s.")
            % {"max": max_batch, "n": len(rows)},
            errors={
                "non_field_errors": [_("Split the batch into parts of at most %(max)s.") % {"max": max_batch}]
            },
        )
    clean: list[tuple[int, dict]] = []
    row_errors: dict[str, dict] = {}
    seen: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        data, errors = rules.clean_row(row, max_text=max_text)
        if data is not None:
            key = (data["source"], data["external_id"])
            if key in seen:
                errors = {"external_id": [_("Repeats row %(n)s of this batch.") % {"n": seen[key]}]}
            seen[key] = index
        if errors:
            row_errors[str(index)] = errors
        else:
            clean.append((index, data))
    wanted = {r["campaign"] for _i, r in clean if r["campaign"] is not None}
    if wanted:
        from campaigns.models import Campaign

        known = set(
            Campaign.objects.for_workspace(workspace).filter(pk__in=wanted).values_list("pk", flat=True)
        )
        for index, data in clean:
            if data["campaign"] is not None and data["campaign"] not in known:
                row_errors[str(index)] = {"campaign": [_("No such campaign in this workspace.")]}
    if row_errors:
        raise AppError(
            _("%(n)s of %(total)s rows are invalid; nothing was stored.")
            % {"n": len(row_errors), "total": len(rows)},
            errors={"rows": dict(sorted(row_errors.items(), key=lambda kv: int(kv[0])))},
        )
    return [data for _i, data in clean]


def _upsert_authors(workspace: Workspace, clean: list[dict]) -> dict[tuple[str, str], Author]:
    wanted: dict[tuple[str, str], dict] = {}
    for row in clean:
        wanted[(row["source"], row["author_handle"])] = row
    existing = {
        (a.source, a.handle): a
        for a in Author.objects.for_workspace(workspace).filter(
            handle__in={h for _s, h in wanted}, source__in={s for s, _h in wanted}
        )
    }
    changed, new = [], []
    for key, row in wanted.items():
        author = existing.get(key)
        if author is None:
            new.append(
                Author(
                    workspace=workspace,
                    source=key[0],
                    handle=key[1],
                    name=row["author_name"],
                    followers=row["author_followers"],
                    account_created_at=row["author_created_at"],
                )
            )
            continue
        dirty = False
        for attr, value in (
            ("followers", row["author_followers"]),
            ("account_created_at", row["author_created_at"]),
            ("name", row["author_name"]),
        ):
            if value not in (None, "") and getattr(author, attr) != value:
                setattr(author, attr, value)
                dirty = True
        if dirty:
            changed.append(author)
    if new:
        Author.objects.bulk_create(
            new,
            update_conflicts=True,
            unique_fields=["workspace", "source", "handle"],
            update_fields=["followers"],
        )
        for author in new:
            existing[(author.source, author.handle)] = author
    if changed:
        Author.objects.bulk_update(changed, ["followers", "account_created_at", "name"])
    return existing


def _author_record(author: Author, published_at: datetime) -> dict:
    age = None
    if author.account_created_at is not None:
        age = max(0.0, (published_at - author.account_created_at).total_seconds() / 86400)
    return {
        "author_age_days": age,
        "author_followers": author.followers,
        "author_mentions": author.mentions_count,
        "author_negative": author.negative_count,
    }


def _explanation(prediction: ml.Prediction, reasons: list[dict], new_author: bool) -> list[dict]:
    """Risk reasons, then the text evidence of the category (worded by ``rules.describe_reason``)."""
    out = list(reasons)
    out.extend(prediction.evidence)
    if new_author:
        out.append({"code": "new_author"})
    return out


def _sla_policies(workspace: Workspace) -> list[tuple[str, int, int]]:
    return list(SlaPolicy.objects.for_workspace(workspace).values_list("category", "min_risk", "minutes"))


def _apply_routing(
    mentions: list[Mention], rule_list: list[RoutingRule], member_ids: set[int]
) -> list[RoutingLog]:
    """Run the active rules in order on new mentions; return the log entries."""
    logs = []
    for mention in mentions:
        routed = rules.RoutedMention(
            mention.source, mention.category, mention.topic, mention.risk, mention.text
        )
        for rule in rule_list:
            if not rules.rule_matches(rule.conditions, routed):
                continue
            done = []
            for action in rule.actions:
                kind, value = action.get("action"), action.get("value")
                if kind == "assign" and str(value).isdigit() and int(value) in member_ids:
                    mention.assignee_id = int(value)
                elif kind == "priority" and value in Priority.values:
                    mention.priority = value
                elif kind == "tag" and value:
                    if value not in mention.tags:
                        mention.tags = [*mention.tags, str(value)[:40]]
                elif kind == "hide":
                    mention.status = MentionStatus.HIDDEN
                else:
                    continue
                done.append(action)
            if done:
                logs.append(
                    RoutingLog(
                        workspace=mention.workspace,
                        rule=rule,
                        rule_name=rule.name,
                        mention=mention,
                        actions=done,
                    )
                )
            if rule.stop_processing:
                break
    return logs


def mentions_ingest(
    *,
    workspace: Workspace,
    rows,
    actor: User | None = None,
    token=None,
    via: str = "api",
    max_batch: int | None = None,
    schedule_detection: bool = True,
) -> IngestResult:
    """Store a batch of mentions, idempotent by (source, external_id).

    Steps: validate every row (any error rejects the whole batch with row numbers; more than
    ``NEGATIVITY_MAX_BATCH`` rows is 413); upsert the authors; classify the new mentions in one
    vectorised call; score risk and the SLA deadline; run the routing rules in order and log them;
    insert new mentions and refresh reach/likes/replies of known ones; recount the authors'
    history; audit; emit ``mention.created`` per new mention; schedule attack detection.
    """
    clean = _validate_batch(
        rows,
        workspace=workspace,
        max_batch=max_batch or settings.NEGATIVITY_MAX_BATCH,
        max_text=settings.NEGATIVITY_MAX_TEXT,
    )
    model, version = classification.for_workspace(workspace)
    now = timezone.now()
    result = IngestResult()
    with transaction.atomic():
        authors = _upsert_authors(workspace, clean)
        known = {
            (s, e): pk
            for s, e, pk in Mention.objects.for_workspace(workspace)
            # source + external_id use the unique index (workspace, source, external_id)
            .filter(
                source__in={r["source"] for r in clean}, external_id__in=[r["external_id"] for r in clean]
            )
            .values_list("source", "external_id", "pk")
        }
        fresh = [r for r in clean if (r["source"], r["external_id"]) not in known]
        stale = [r for r in clean if (r["source"], r["external_id"]) in known]
        records = []
        for row in fresh:
            author = authors[(row["source"], row["author_handle"])]
            records.append({"text": row["text"], **_author_record(author, row["published_at"])})
        predictions = model.predict(records)
        policies = _sla_policies(workspace) if fresh else []
        mentions = []
        for row, record, prediction in zip(fresh, records, predictions, strict=True):
            author = authors[(row["source"], row["author_handle"])]
            category = text_only_category(prediction.category)  # ordered takes coordination
            risk, reasons = rules.risk_score(
                rules.RiskInput(
                    category=category,
                    confidence=prediction.confidence,
                    followers=author.followers,
                    reach=row["reach"],
                    likes=row["likes"],
                    replies=row["replies"],
                    alarming=prediction.alarming,
                )
            )
            new_author = (
                record["author_age_days"] is not None
                and record["author_age_days"] < features.NEW_ACCOUNT_DAYS
            )
            mentions.append(
                Mention(
                    workspace=workspace,
                    source=row["source"],
                    external_id=row["external_id"],
                    url=row["url"],
                    author=author,
                    text=row["text"],
                    published_at=row["published_at"],
                    reach=row["reach"],
                    likes=row["likes"],
                    replies=row["replies"],
                    campaign_id=row["campaign"],
                    language=prediction.language,
                    sentiment=prediction.sentiment,
                    category=category,
                    text_category=category,
                    category_confidence=prediction.confidence,
                    topic=prediction.topic,
                    risk=risk,
                    explanation=_explanation(prediction, reasons, new_author),
                    classifier_version=version,
                    sla_deadline=rules.sla_deadline(
                        category=category, risk=risk, received_at=now, policies=policies
                    ),
                    tags=[],
                )
            )
        logs: list[RoutingLog] = []
        if mentions:
            rule_list = list(
                RoutingRule.objects.for_workspace(workspace).filter(is_active=True).order_by("position", "pk")
            )
            member_ids = set()
            if any(a.get("action") == "assign" for r in rule_list for a in r.actions):
                member_ids = set(
                    Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True)
                )
            logs = _apply_routing(mentions, rule_list, member_ids) if rule_list else []
            Mention.objects.bulk_create(
                mentions,
                update_conflicts=True,
                unique_fields=["workspace", "source", "external_id"],
                update_fields=["reach", "likes", "replies"],
            )
            if logs:
                RoutingLog.objects.bulk_create(logs)
        if stale:
            updates = [
                Mention(
                    pk=known[(r["source"], r["external_id"])],
                    reach=r["reach"],
                    likes=r["likes"],
                    replies=r["replies"],
                )
                for r in stale
            ]
            Mention.objects.bulk_update(updates, ["reach", "likes", "replies"])
        touched = {a.pk for a in authors.values()}
        _recount_authors(touched)
        result.created, result.updated = len(mentions), len(stale)
        result.created_ids = [m.pk for m in mentions]
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="mentions.ingested",
            changes={"created": result.created, "updated": result.updated, "via": via, "routed": len(logs)},
        )
        emit_many(  # one after-commit batch: one subscription look-up for the whole batch
            workspace=workspace,
            event="mention.created",
            payloads=[
                {
                    "id": m.pk,
                    "source": m.source,
                    "external_id": m.external_id,
                    "category": m.category,
                    "topic": m.topic,
                    "risk": m.risk,
                }
                for m in mentions
            ],
        )
        if mentions and schedule_detection:
            detection_mark_dirty(workspace=workspace)
    return result


def _recount_authors(author_ids: set[int]) -> None:
    """Refresh the history counts of the given authors in one UPDATE."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    counts = (
        Mention.objects.filter(author_id=OuterRef("pk"))
        .order_by()
        .values("author_id")
        .annotate(n=Count("pk"), neg=Count("pk", filter=Q(category__in=NEGATIVE_CATEGORIES)))
    )
    Author.objects.filter(pk__in=author_ids).update(
        mentions_count=Coalesce(Subquery(counts.values("n"), output_field=IntegerField()), Value(0)),
        negative_count=Coalesce(Subquery(counts.values("neg"), output_field=IntegerField()), Value(0)),
    )


def webhook_secret_rotate(*, workspace: Workspace, actor: User | None) -> WebhookSecret:
    """Create or replace the workspace's inbound webhook secret."""
    with transaction.atomic():
        secret, _created = WebhookSecret.objects.update_or_create(
            workspace=workspace, defaults={"secret": secrets.token_hex(32)}
        )
        audit_record(workspace=workspace, actor=actor, action="mentions.webhook_secret_rotated", target=None)
    return secret


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


def mention_correct(
    *, workspace: Workspace, mention: Mention, category: str, topic: str = "", actor: User | None
) -> Mention:
    """A person sets the category (and topic): the mention is rescored and the correction kept
    for retraining; every ``RETRAIN_AFTER_CORRECTIONS`` corrections queue a new model version."""
    if category not in Category.values:
        raise AppError(_("Unknown category."), errors={"category": [_("Unknown category.")]})
    if topic and topic not in Topic.values:
        raise AppError(_("Unknown topic."), errors={"topic": [_("Unknown topic.")]})
    author = mention.author
    with transaction.atomic():
        correction = ClassificationCorrection(
            workspace=workspace,
            mention=mention,
            previous_category=mention.category,
            category=category,
            previous_topic=mention.topic,
            topic=topic or mention.topic,
            text=mention.text,
            author_features=_author_record(author, mention.published_at),
            corrected_by=actor if getattr(actor, "pk", None) else None,
        )
        correction.full_clean()
        correction.save()
        risk, reasons = rules.risk_score(
            rules.RiskInput(
                category=category,
                confidence=1.0,
                followers=author.followers,
                reach=mention.reach,
                likes=mention.likes,
                replies=mention.replies,
                alarming=features.alarming_words(mention.text),
                in_incident=mention.incident_id is not None,
            )
        )
        mention.category = category
        mention.sentiment = ml.SENTIMENT[category]
        mention.topic = topic or mention.topic
        mention.category_confidence = 1.0
        mention.risk = risk
        mention.explanation = [*reasons, {"code": "corrected"}]
        mention.corrected = True
        mention.full_clean(exclude=["author", "incident", "assignee"])
        mention.save(
            update_fields=[
                "category",
                "sentiment",
                "topic",
                "category_confidence",
                "risk",
                "explanation",
                "corrected",
            ]
        )
        _recount_authors({author.pk})
        audit_record(
            workspace=workspace,
            actor=actor,
            action="mention.corrected",
            target=mention,
            changes={
                "category": [correction.previous_category, category],
                "topic": [correction.previous_topic, mention.topic],
            },
        )
        pending = ClassificationCorrection.objects.for_workspace(workspace).count()
        last = ClassifierModel.objects.for_workspace(workspace).aggregate(m=Max("corrections_used"))["m"] or 0
        if pending - last >= RETRAIN_AFTER_CORRECTIONS:
            classifier_version_create(workspace=workspace, actor=None)
    return mention


# --- replies -----------------------------------------------------------------------------------
def reply_variables(*, mention: Mention, actor: User | None, workspace: Workspace) -> dict[str, str]:
    author = mention.author
    return {
        "author": author.name or author.handle,
        "order_number": features.order_number(mention.text),
        "brand": workspace.name,
        "topic": mention.get_topic_display() if mention.topic else "",
        "manager": getattr(actor, "display_name", "") if actor else "",
    }


def reply_draft(
    *,
    workspace: Workspace,
    mention: Mention,
    text: str = "",
    template: ResponseTemplate | None = None,
    actor: User | None,
    needs_approval: bool | None = None,
) -> Reply:
    """Draft a reply (from a playbook's text with variables filled when no text is given).
    A reply to a high-risk mention waits for a manager's approval; ``needs_approval`` decides
    it explicitly (True: queue it for approval, False: the author may approve it)."""
    if template is not None and template.workspace_id != workspace.pk:
        raise AppError(_("Unknown playbook."), errors={"template": [_("Unknown playbook.")]})
    if not text.strip() and template is not None:
        text = rules.render_template(
            template.body, reply_variables(mention=mention, actor=actor, workspace=workspace)
        )
    if needs_approval is None:
        needs_approval = mention.risk >= rules.HIGH_RISK
    reply = Reply(
        workspace=workspace,
        mention=mention,
        template=template,
        text=text.strip(),
        needs_approval=needs_approval,
        status=ReplyStatus.PENDING_APPROVAL if needs_approval else ReplyStatus.DRAFT,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    with transaction.atomic():
        reply.full_clean()
        reply.save()
        Mention.objects.filter(pk=mention.pk, status=MentionStatus.NEW).update(
            status=MentionStatus.IN_PROGRESS
        )
        audit_record(
            workspace=workspace,
            actor=actor,
            action="reply.drafted",
            target=reply,
            changes={"mention": mention.pk, "needs_approval": needs_approval},
        )
        if needs_approval:
            link = reverse("negativity:mention", kwargs={"workspace_slug": workspace.slug, "pk": mention.pk})
            notify_managers(
                workspace=workspace,
                kind="approval",
                title=gettext_lazy("A high-risk reply waits for approval"),
                body=gettext_lazy("Mention %(id)s, risk %(risk)s."),
                params={"id": mention.pk, "risk": mention.risk},
                link=link,
            )
    return reply


def reply_decide(
    *, workspace: Workspace, reply: Reply, approve: bool, actor: User, role: str | None
) -> Reply:
    """A manager approves or rejects a reply waiting for approval."""
    if not can_approve(role):
        raise AppError(_("Only managers approve replies."), status_code=403)
    with transaction.atomic():
        updated = Reply.objects.filter(pk=reply.pk, status=ReplyStatus.PENDING_APPROVAL).update(
            status=ReplyStatus.APPROVED if approve else ReplyStatus.REJECTED,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        if not updated:
            raise Conflict(_("This reply is not waiting for approval."))
        audit_record(
            workspace=workspace,
            actor=actor,
            action="reply.approved" if approve else "reply.rejected",
            target=reply,
        )
    reply.refresh_from_db()
    if approve and hooks.sends_automatically(reply.mention):
        reply = reply_mark_sent(workspace=workspace, reply=reply, actor=actor)
    return reply


def reply_mark_sent(*, workspace: Workspace, reply: Reply, actor: User | None) -> Reply:
    """Record that the reply was published; a reply needing approval must be approved first.
    A reply to a mention from a connected account is sent through the network first
    (``hooks.reply_senders``); if the network refuses, nothing is recorded."""
    allowed = [ReplyStatus.APPROVED] if reply.needs_approval else [ReplyStatus.DRAFT, ReplyStatus.APPROVED]
    if reply.status in allowed:
        hooks.send_reply(reply=reply, actor=actor)
    with transaction.atomic():
        updated = Reply.objects.filter(pk=reply.pk, status__in=allowed).update(status=ReplyStatus.SENT)
        if not updated:
            raise Conflict(
                _("This reply needs a manager's approval first.")
                if reply.needs_approval
                else _("This reply was already sent.")
            )
        Mention.objects.filter(
            pk=reply.mention_id, status__in=[MentionStatus.NEW, MentionStatus.IN_PROGRESS]
        ).update(status=MentionStatus.WAITING)
        audit_record(workspace=workspace, actor=actor, action="reply.sent", target=reply)
    reply.refresh_from_db()
    return reply


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
            changes={k: str(v)[:200] for k, v in data.items()},
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


# --- notifications -----------------------------------------------------------------------------
def notify_managers(*, workspace: Workspace, kind: str, title, body, params: dict, link: str) -> int:
    """Alert the workspace's managers and owners in-app and by email (the one notification
    centre, ``accounts.services.notify``), each in their own language."""
    users = [
        m.user
        for m in Membership.objects.filter(
            workspace=workspace, role__in=[Role.MANAGER, Role.OWNER]
        ).select_related("user")
    ]
    return len(
        accounts_notify(
            workspace=workspace,
            users=users,
            kind=f"negativity.{kind}",
            title=title,
            body=body,
            params=params,
            url=link,
            email=True,
        )
    )


# --- attack detection (negativity.incidents) --------------------------------------------------
def incidents_detect_soon(*, workspace: Workspace) -> None:
    """Queue attack detection for the workspace (debounced): see ``incidents.detection_mark_dirty``."""
    detection_mark_dirty(workspace=workspace)


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
            title=gettext_lazy("SLA breached on %(n)s mentions"),
            body=gettext_lazy("These mentions are past their deadline and were raised to urgent."),
            params={"n": count},
            link=link,
        )
    return count


# --- classifier versions -----------------------------------------------------------------------
def classifier_version_create(*, workspace: Workspace, actor: User | None) -> ClassifierModel:
    """Queue training of the next version (the shipped model refined on the workspace's corrections)."""
    from smm_platform.celery import enqueue_on_commit

    from .tasks import train_workspace_classifier

    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        if ClassifierModel.objects.for_workspace(workspace).filter(status=ClassifierStatus.TRAINING).exists():
            raise Conflict(_("A version is already training."))
        version = (ClassifierModel.objects.for_workspace(workspace).aggregate(m=Max("version"))["m"] or 0) + 1
        row = ClassifierModel(workspace=workspace, version=version)
        row.full_clean()
        row.save()
        audit_record(workspace=workspace, actor=actor, action="classifier.queued", target=row)
        enqueue_on_commit(train_workspace_classifier, classifier_id=row.pk)
    return row


CORRECTION_WEIGHT = 3


def classifier_version_train(*, row: ClassifierModel) -> ClassifierModel:
    """Train a queued version, store its blob and evaluation, and make it the active one."""
    if row.status != ClassifierStatus.TRAINING:
        return row
    corrections = list(
        ClassificationCorrection.objects.for_workspace(row.workspace).values_list(
            "text", "category", "topic", "author_features"
        )
    )
    texts = [t for t, c, _tp, _af in corrections]
    labels = [c for _t, c, _tp, _af in corrections]
    try:
        base = classification.starter()
        model = ml.fine_tune(base, texts, labels, label=f"v{row.version}", weight=CORRECTION_WEIGHT)
    except Exception as exc:
        logger.exception("training classifier %s failed", row.pk)
        ClassifierModel.objects.filter(pk=row.pk, status=ClassifierStatus.TRAINING).update(
            status=ClassifierStatus.FAILED, error=str(exc)[:1000]
        )
        row.refresh_from_db()
        return row
    evaluation = {"shipped": classification.shipped_evaluation().get("targets", [])}
    text_labelled = [(t, c) for t, c in zip(texts, labels, strict=True) if c in ml.TEXT_CATEGORIES]
    if text_labelled:
        truth = [c for _t, c in text_labelled]
        before = list(base.categories([t for t, _c in text_labelled]))
        after = list(model.categories([t for t, _c in text_labelled]))
        evaluation["corrections"] = {
            "size": len(truth),
            "agreement_before": round(
                sum(a == b for a, b in zip(truth, before, strict=True)) / len(truth), 4
            ),
            "agreement_after": round(sum(a == b for a, b in zip(truth, after, strict=True)) / len(truth), 4),
        }
    with transaction.atomic():
        updated = ClassifierModel.objects.filter(pk=row.pk, status=ClassifierStatus.TRAINING).update(
            status=ClassifierStatus.READY,
            blob=classification.version_blob(model),
            evaluation=evaluation,
            corrections_used=len(corrections),
            training_size=len(texts),
            trained_at=timezone.now(),
            is_active=True,
        )
        if updated:
            ClassifierModel.objects.for_workspace(row.workspace).exclude(pk=row.pk).update(is_active=False)
            audit_record(
                workspace=row.workspace,
                actor=None,
                action="classifier.trained",
                target=row,
                changes={"corrections": len(corrections), **evaluation.get("corrections", {})},
            )
    row.refresh_from_db()
    return row
