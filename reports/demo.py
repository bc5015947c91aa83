"""Demo data of reports: when the campaigns demo has metrics, two finished runs (the workspace
summary of the last 30 days in every format, and the performance report of the busiest campaign)
generated synchronously, a manager's comment and review, and a weekly schedule. Without campaign
data nothing is invented."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max, Sum

from campaigns.models import MetricDaily

from . import services
from .enums import Frequency, ReportFormat, ReportKind


def seed(*, workspace, people) -> None:
    metrics = MetricDaily.objects.for_workspace(workspace)
    last_day = metrics.aggregate(last=Max("date"))["last"]
    if last_day is None:
        return
    start = last_day - timedelta(days=29)
    summary = services.run_request(
        workspace=workspace,
        actor=people.marketer,
        kind=ReportKind.WORKSPACE,
        period_start=start,
        period_end=last_day,
        formats=list(ReportFormat.values),
        language="ru",
    )
    services.run_generate(run_id=summary.pk)
    summary.refresh_from_db()
    services.comment_add(
        run=summary,
        actor=people.manager,
        text="Выручка растёт, но стоимость продажи во «ВКонтакте» выше цели. Давайте обсудим перераспределение бюджета в Telegram на планёрке.",
    )
    services.comment_add(
        run=summary, actor=people.marketer, text="Подготовлю предложение по бюджету к пятнице."
    )
    services.run_mark_reviewed(run=summary, actor=people.manager)

    busiest = (
        metrics.filter(date__gte=start)
        .values("campaign_id")
        .annotate(revenue=Sum("revenue"))
        .order_by("-revenue", "campaign_id")
        .first()
    )
    if busiest is not None:
        campaign = metrics.filter(campaign_id=busiest["campaign_id"]).first().campaign
        run = services.run_request(
            workspace=workspace,
            actor=people.marketer,
            kind=ReportKind.CAMPAIGN,
            campaign=campaign,
            period_start=max(start, campaign.starts_on),
            period_end=min(last_day, campaign.ends_on),
            formats=[ReportFormat.PDF, ReportFormat.PPTX],
            language="ru",
        )
        services.run_generate(run_id=run.pk)

    services.schedule_create(
        workspace=workspace,
        actor=people.manager,
        name="Итоги недели для руководства",
        kind=ReportKind.WORKSPACE,
        frequency=Frequency.WEEKLY,
        formats=[ReportFormat.PDF, ReportFormat.XLSX],
        recipients=[people.manager.email, people.owner.email],
    )
