"""Ingest: validate a batch of mentions, upsert authors, classify, score, route and store them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User, Workspace
from accounts.services import audit_record
from smm_platform.errors import AppError, PayloadTooLarge
from smm_platform.events import emit_many

from .. import classification, rules
from ..enums import NEGATIVE_CATEGORIES, MentionStatus, Priority
from ..incidents import detection_mark_dirty, text_only_category
from ..ml import classifier as ml
from ..ml import features
from ..models import Author, Mention, RoutingLog, RoutingRule, SlaPolicy, WebhookSecret


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
