"""Services (attack detection: test_incidents.py): alerts, SLA escalation, replies and approval, corrections and
retraining, defaults."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from negativity import services
from negativity.enums import ClassifierStatus
from negativity.models import ClassifierModel, ResponseTemplate, SlaPolicy
from smm_platform.errors import AppError, Conflict

from .factories import AuthorFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_workspace_gets_default_playbooks_and_sla(personas):
    ws = personas.workspace
    assert set(ResponseTemplate.objects.filter(workspace=ws).values_list("category", flat=True)) == {
        "natural",
        "trolling",
        "ordered",
    }
    assert ResponseTemplate.objects.filter(workspace=ws).count() == 6
    assert SlaPolicy.objects.get(workspace=ws, category="ordered", min_risk=70).minutes == 30


def test_sla_escalation_marks_breaches_once_and_alerts(personas):
    ws = personas.workspace
    late = MentionFactory(workspace=ws, sla_deadline=timezone.now() - timedelta(minutes=5))
    MentionFactory(workspace=ws, sla_deadline=timezone.now() + timedelta(hours=1))
    MentionFactory(workspace=ws, sla_deadline=timezone.now() - timedelta(hours=1), status="resolved")
    assert services.sla_escalate(workspace=ws) == 1
    late.refresh_from_db()
    assert late.priority == "urgent" and late.sla_escalated_at is not None
    assert Notification.objects.filter(kind="negativity.sla").count() == 2
    assert services.sla_escalate(workspace=ws) == 0


def test_high_risk_reply_needs_manager_approval(personas):
    ws = personas.workspace
    mention = MentionFactory(
        workspace=ws,
        risk=85,
        text="Заказ №777123: отравились, подаём в суд",
        author=AuthorFactory(workspace=ws, name="Анна"),
    )
    playbook = ResponseTemplate.objects.get(workspace=ws, category="natural", language="ru")
    reply = services.reply_draft(workspace=ws, mention=mention, template=playbook, actor=personas.marketer)
    assert reply.status == "pending_approval" and reply.needs_approval
    assert reply.text.startswith("Анна, здравствуйте!") and "777123" in reply.text and ws.name in reply.text
    with pytest.raises(Conflict):
        services.reply_mark_sent(workspace=ws, reply=reply, actor=personas.marketer)
    with pytest.raises(AppError):
        services.reply_decide(
            workspace=ws, reply=reply, approve=True, actor=personas.marketer, role="marketer"
        )
    services.reply_decide(workspace=ws, reply=reply, approve=True, actor=personas.manager, role="manager")
    reply = services.reply_mark_sent(workspace=ws, reply=reply, actor=personas.marketer)
    assert reply.status == "sent"
    mention.refresh_from_db()
    assert mention.status == "waiting"


def test_low_risk_reply_is_a_draft_that_can_be_sent(personas):
    mention = MentionFactory(workspace=personas.workspace, risk=20)
    reply = services.reply_draft(
        workspace=personas.workspace, mention=mention, text="Спасибо!", actor=personas.marketer
    )
    assert (reply.status, reply.needs_approval) == ("draft", False)
    assert (
        services.reply_mark_sent(workspace=personas.workspace, reply=reply, actor=personas.marketer).status
        == "sent"
    )


def test_resolve_records_outcome_once(personas):
    mention = MentionFactory(workspace=personas.workspace)
    services.mention_resolve(
        workspace=personas.workspace,
        mention=mention,
        outcome="cause_fixed",
        note="Вернули деньги",
        actor=personas.marketer,
    )
    mention.refresh_from_db()
    assert (mention.status, mention.outcome, mention.resolution_note) == (
        "resolved",
        "cause_fixed",
        "Вернули деньги",
    )
    with pytest.raises(AppError):
        services.mention_resolve(
            workspace=personas.workspace, mention=mention, outcome="nope", actor=personas.marketer
        )


def test_corrections_trigger_a_new_classifier_version(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services.corrections, "RETRAIN_AFTER_CORRECTIONS", 3)
    ws = personas.workspace
    mentions = [
        MentionFactory(workspace=ws, text=f"Колосок опять клоуны {i} лол", category="natural")
        for i in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for m in mentions:
            services.mention_correct(workspace=ws, mention=m, category="trolling", actor=personas.marketer)
    version = ClassifierModel.objects.get(workspace=ws)
    assert (version.version, version.status, version.is_active, version.corrections_used) == (
        1,
        ClassifierStatus.READY,
        True,
        3,
    )
    corrections = version.evaluation["corrections"]
    assert corrections["size"] == 3 and corrections["agreement_after"] == 1.0
    assert version.training_size == 3  # refined from the shipped model, not retrained from scratch
    assert {t["key"] for t in version.evaluation["shipped"]} >= {"ru_sentiment_mozetic_tweets"}
    from negativity import classification

    model, label = classification.for_workspace(ws)
    assert label == "v1"
    assert model.predict([{"text": "Колосок опять клоуны лол"}])[0].category == "trolling"


def test_correction_rescores_the_mention(personas):
    mention = MentionFactory(
        workspace=personas.workspace, category="natural", risk=40, text="Пишем в Роспотребнадзор"
    )
    services.mention_correct(
        workspace=personas.workspace,
        mention=mention,
        category="ordered",
        topic="quality",
        actor=personas.marketer,
    )
    mention.refresh_from_db()
    assert (mention.category, mention.topic, mention.sentiment, mention.corrected) == (
        "ordered",
        "quality",
        "negative",
        True,
    )
    # ordered 50 at full confidence + audience of 120 followers (20*log10(121)/6 = 6.9) + alarming 25
    assert mention.risk == 82
    assert [r["code"] for r in mention.explanation] == ["category", "audience", "alarming", "corrected"]


def test_routing_rule_assign_to_outsider_is_rejected(personas):
    with pytest.raises(AppError) as exc:
        services.routing_rule_save(
            workspace=personas.workspace,
            actor=personas.manager,
            name="x",
            conditions=[{"field": "category", "value": "ordered"}],
            actions=[{"action": "assign", "value": str(personas.outsider.pk)}],
        )
    assert exc.value.errors == {"actions": ["Assign only to members of this workspace."]}


def test_beat_tasks_escalate_breaches(personas):
    from negativity import tasks

    ws = personas.workspace
    MentionFactory(workspace=ws, sla_deadline=timezone.now() - timedelta(minutes=1))
    assert tasks.escalate_sla_breaches() == 1
    assert tasks.train_workspace_classifier(classifier_id=999999) == "missing"
