"""Corrections and retraining: a person's category fix, and the classifier versions it feeds."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from accounts.services import audit_record
from smm_platform.errors import AppError, Conflict

from .. import classification, rules
from ..enums import Category, ClassifierStatus, Topic
from ..ml import classifier as ml
from ..ml import features
from ..models import ClassificationCorrection, ClassifierModel, Mention
from .ingest import _author_record, authors_recount

logger = logging.getLogger(__name__)


RETRAIN_AFTER_CORRECTIONS = 20


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
        authors_recount({author.pk})
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


# --- classifier versions -----------------------------------------------------------------------
def classifier_version_create(*, workspace: Workspace, actor: User | None) -> ClassifierModel:
    """Queue training of the next version (the shipped model refined on the workspace's corrections)."""
    from smm_platform.celery import enqueue_on_commit

    from ..tasks import train_workspace_classifier

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
