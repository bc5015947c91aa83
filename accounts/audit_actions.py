"""The audit log's actions in words: each ``audit_record(action=...)`` code by a label in the
reader's language ("deal.closed" -> "Сделка заключена"). A code missing here reads as itself
in ``<code>``; a test checks every literal code in the sources has a label."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    "alignment.settings_updated": pgettext_lazy("audit action", "Alignment settings changed"),
    "brainstorm.close": pgettext_lazy("audit action", "Brainstorm closed"),
    "brainstorm.create": pgettext_lazy("audit action", "Brainstorm started"),
    "brainstorm.voting": pgettext_lazy("audit action", "Brainstorm voting opened"),
    "calendar_feed.rotate": pgettext_lazy("audit action", "Calendar feed link replaced"),
    "campaign.created": pgettext_lazy("audit action", "Campaign created"),
    "campaign.deleted": pgettext_lazy("audit action", "Campaign deleted"),
    "campaign.kpis_set": pgettext_lazy("audit action", "Campaign KPIs set"),
    "campaign.updated": pgettext_lazy("audit action", "Campaign changed"),
    "campaign.submit": pgettext_lazy("audit action", "Campaign submitted for approval"),
    "campaign.approve": pgettext_lazy("audit action", "Campaign approved"),
    "campaign.return": pgettext_lazy("audit action", "Campaign returned to draft"),
    "campaign.start": pgettext_lazy("audit action", "Campaign started"),
    "campaign.pause": pgettext_lazy("audit action", "Campaign paused"),
    "campaign.resume": pgettext_lazy("audit action", "Campaign resumed"),
    "campaign.complete": pgettext_lazy("audit action", "Campaign completed"),
    "campaign.cancel": pgettext_lazy("audit action", "Campaign cancelled"),
    "classifier.queued": pgettext_lazy("audit action", "Classifier retraining queued"),
    "classifier.trained": pgettext_lazy("audit action", "Classifier retrained"),
    "conversions.recorded": pgettext_lazy("audit action", "Leads and sales recorded"),
    "deal.cancelled": pgettext_lazy("audit action", "Deal cancelled"),
    "deal.closed": pgettext_lazy("audit action", "Deal closed"),
    "deal.completed": pgettext_lazy("audit action", "Deal completed"),
    "deal.updated": pgettext_lazy("audit action", "Deal changed"),
    "deliverable.updated": pgettext_lazy("audit action", "Deliverable changed"),
    "goal.created": pgettext_lazy("audit action", "Goal created"),
    "goal.deleted": pgettext_lazy("audit action", "Goal deleted"),
    "goal.updated": pgettext_lazy("audit action", "Goal changed"),
    "idea.create": pgettext_lazy("audit action", "Idea added"),
    "idea.vote": pgettext_lazy("audit action", "Vote for an idea"),
    "incident.opened": pgettext_lazy("audit action", "Incident opened"),
    "incident.status_changed": pgettext_lazy("audit action", "Incident status changed"),
    "member.added": pgettext_lazy("audit action", "Member added"),
    "member.invitation_revoked": pgettext_lazy("audit action", "Invitation revoked"),
    "member.invited": pgettext_lazy("audit action", "Member invited"),
    "member.joined": pgettext_lazy("audit action", "Member joined"),
    "member.removed": pgettext_lazy("audit action", "Member removed"),
    "member.role_changed": pgettext_lazy("audit action", "Member's role changed"),
    "mention.corrected": pgettext_lazy("audit action", "Mention's category corrected"),
    "mention.resolved": pgettext_lazy("audit action", "Mention resolved"),
    "mentions.ingested": pgettext_lazy("audit action", "Mentions received"),
    "mentions.sla_escalated": pgettext_lazy("audit action", "Mentions escalated past the SLA"),
    "mentions.webhook_secret_rotated": pgettext_lazy("audit action", "Mentions webhook secret replaced"),
    "mentions.bulk_assign": pgettext_lazy("audit action", "Mentions assigned"),
    "mentions.bulk_status": pgettext_lazy("audit action", "Mentions' status changed"),
    "mentions.bulk_priority": pgettext_lazy("audit action", "Mentions' priority changed"),
    "mentions.bulk_hide": pgettext_lazy("audit action", "Mentions hidden"),
    "metrics.upserted": pgettext_lazy("audit action", "Daily metrics recorded"),
    "milestone.create": pgettext_lazy("audit action", "Milestone added"),
    "negotiation.logged": pgettext_lazy("audit action", "Negotiation logged"),
    "partner.bulk_imported": pgettext_lazy("audit action", "Partners imported"),
    "partner.channel_added": pgettext_lazy("audit action", "Partner's channel added"),
    "partner.created": pgettext_lazy("audit action", "Partner added"),
    "partner.deleted": pgettext_lazy("audit action", "Partner deleted"),
    "partner.stage_changed": pgettext_lazy("audit action", "Partner's stage changed"),
    "partner.updated": pgettext_lazy("audit action", "Partner changed"),
    "partner_import.applied": pgettext_lazy("audit action", "Partner import applied"),
    "partner_import.remapped": pgettext_lazy("audit action", "Partner import columns remapped"),
    "partner_import.uploaded": pgettext_lazy("audit action", "Partner import file uploaded"),
    "plan_item.attach": pgettext_lazy("audit action", "File attached to a plan item"),
    "plan_item.client_comment": pgettext_lazy("audit action", "Client commented on a plan item"),
    "plan_item.client_approved": pgettext_lazy("audit action", "Client approved a plan item"),
    "plan_item.client_rejected": pgettext_lazy("audit action", "Client rejected a plan item"),
    "plan_item.comment": pgettext_lazy("audit action", "Plan item commented"),
    "plan_item.create": pgettext_lazy("audit action", "Plan item added"),
    "plan_item.delete": pgettext_lazy("audit action", "Plan item deleted"),
    "plan_item.move": pgettext_lazy("audit action", "Plan item moved"),
    "plan_item.publish": pgettext_lazy("audit action", "Plan item published"),
    "plan_item.social_account": pgettext_lazy("audit action", "Plan item's social account changed"),
    "plan_item.transition": pgettext_lazy("audit action", "Plan item's status changed"),
    "plan_item.update": pgettext_lazy("audit action", "Plan item changed"),
    "playbook.deleted": pgettext_lazy("audit action", "Playbook deleted"),
    "playbook.saved": pgettext_lazy("audit action", "Playbook saved"),
    "proposal.campaign_created": pgettext_lazy("audit action", "Campaign created from a proposal"),
    "proposal.comment": pgettext_lazy("audit action", "Proposal commented"),
    "proposal.create": pgettext_lazy("audit action", "Proposal created"),
    "proposal.submit": pgettext_lazy("audit action", "Proposal submitted"),
    "proposal.update": pgettext_lazy("audit action", "Proposal changed"),
    "proposal.approve": pgettext_lazy("audit action", "Proposal approved"),
    "proposal.reject": pgettext_lazy("audit action", "Proposal rejected"),
    "proposal.request_changes": pgettext_lazy("audit action", "Changes to a proposal requested"),
    "reply.approved": pgettext_lazy("audit action", "Reply approved"),
    "reply.delivered": pgettext_lazy("audit action", "Reply delivered"),
    "reply.drafted": pgettext_lazy("audit action", "Reply drafted"),
    "reply.edited": pgettext_lazy("audit action", "Reply edited"),
    "reply.sent": pgettext_lazy("audit action", "Reply sent"),
    "report.commented": pgettext_lazy("audit action", "Report commented"),
    "report.completed": pgettext_lazy("audit action", "Report ready"),
    "report.failed": pgettext_lazy("audit action", "Report failed"),
    "report.requested": pgettext_lazy("audit action", "Report requested"),
    "report.retried": pgettext_lazy("audit action", "Report retried"),
    "report.reviewed": pgettext_lazy("audit action", "Report reviewed"),
    "report_schedule.created": pgettext_lazy("audit action", "Report schedule created"),
    "report_schedule.deleted": pgettext_lazy("audit action", "Report schedule deleted"),
    "routing_rule.deleted": pgettext_lazy("audit action", "Routing rule deleted"),
    "routing_rule.saved": pgettext_lazy("audit action", "Routing rule saved"),
    "segment.created": pgettext_lazy("audit action", "Segment created"),
    "segment.deleted": pgettext_lazy("audit action", "Segment deleted"),
    "segment.updated": pgettext_lazy("audit action", "Segment changed"),
    "share_link.create": pgettext_lazy("audit action", "Client link created"),
    "share_link.revoke": pgettext_lazy("audit action", "Client link revoked"),
    "sla.updated": pgettext_lazy("audit action", "SLA changed"),
    "social_account.check": pgettext_lazy("audit action", "Social account checked"),
    "social_account.connect": pgettext_lazy("audit action", "Social account connected"),
    "social_account.disconnect": pgettext_lazy("audit action", "Social account disconnected"),
    "social_account.update": pgettext_lazy("audit action", "Social account changed"),
    "social_post.attempt_failed": pgettext_lazy("audit action", "Publishing attempt failed"),
    "social_post.retry": pgettext_lazy("audit action", "Publishing retried"),
    "task.create": pgettext_lazy("audit action", "Task created"),
    "task.update": pgettext_lazy("audit action", "Task changed"),
    "template.created": pgettext_lazy("audit action", "Campaign template created"),
    "template.deleted": pgettext_lazy("audit action", "Campaign template deleted"),
    "template.instantiated": pgettext_lazy("audit action", "Campaign started from a template"),
    "template.updated": pgettext_lazy("audit action", "Campaign template changed"),
    "token.created": pgettext_lazy("audit action", "API token created"),
    "token.revoked": pgettext_lazy("audit action", "API token revoked"),
    "trend.created": pgettext_lazy("audit action", "Trend added"),
    "trend.deleted": pgettext_lazy("audit action", "Trend deleted"),
    "trend.trial_recorded": pgettext_lazy("audit action", "Trend trial recorded"),
    "trend.updated": pgettext_lazy("audit action", "Trend changed"),
    "webhook.created": pgettext_lazy("audit action", "Webhook created"),
    "webhook.deleted": pgettext_lazy("audit action", "Webhook deleted"),
    "webhook.redelivered": pgettext_lazy("audit action", "Webhook delivery repeated"),
    "webhook.secret_rotated": pgettext_lazy("audit action", "Webhook secret replaced"),
    "webhook.test_sent": pgettext_lazy("audit action", "Webhook test sent"),
    "webhook.updated": pgettext_lazy("audit action", "Webhook changed"),
    "workspace.created": pgettext_lazy("audit action", "Workspace created"),
    "workspace.renamed": pgettext_lazy("audit action", "Workspace renamed"),
}


def action_label(code: str) -> str | None:
    """The label of an audit action, or ``None`` for a code without one."""
    label = ACTION_LABELS.get(code)
    return None if label is None else str(label)


def codes_matching(text: str) -> list[str]:
    """The codes of the actions whose label, in the reader's language or English, contains
    ``text`` ("сделка" -> the deal actions), for the audit log's filter."""
    from django.utils import translation

    wanted = (text or "").strip().casefold()
    if not wanted:
        return []
    found = []
    for code, label in ACTION_LABELS.items():
        with translation.override("en"):
            english = str(label).casefold()
        if wanted in str(label).casefold() or wanted in english:
            found.append(code)
    return found
