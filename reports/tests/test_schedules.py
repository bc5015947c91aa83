"""Schedules: beat fires a run for the period just ended and the recipients get the files."""

from __future__ import annotations

from datetime import date

import pytest

from reports import services
from reports.models import ReportRun
from smm_platform.errors import AppError

from .data import known_campaigns


def test_schedule_fire_runs_the_last_month_and_emails_the_files(
    personas, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    known_campaigns(personas.workspace)
    schedule = services.schedule_create(
        workspace=personas.workspace,
        actor=personas.manager,
        name="Месячный отчёт",
        kind="workspace",
        frequency="monthly",
        formats=["xlsx", "csv"],
        recipients=["Boss@Example.test", "cfo@example.test"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_fire(schedule_id=schedule.pk, today=date(2026, 11, 3))
    run = ReportRun.objects.get()
    assert (run.period_start, run.period_end, run.status, run.schedule) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
        "done",
        schedule,
    )
    [mail] = mailoutbox
    assert mail.to == ["boss@example.test", "cfo@example.test"]
    assert sorted(name for name, _content, _type in mail.attachments) == [
        f"report-{run.pk}.csv",
        f"report-{run.pk}.xlsx",
    ]


def test_schedule_with_bad_recipient_is_rejected(personas):
    with pytest.raises(AppError) as exc:
        services.schedule_create(
            workspace=personas.workspace,
            actor=personas.manager,
            name="x",
            kind="workspace",
            frequency="weekly",
            formats=["pdf"],
            recipients=["not-an-email"],
        )
    assert "recipients" in exc.value.errors


def test_campaign_schedule_needs_a_campaign(personas):
    with pytest.raises(AppError) as exc:
        services.schedule_create(
            workspace=personas.workspace,
            actor=personas.manager,
            name="x",
            kind="campaign",
            frequency="weekly",
            formats=["pdf"],
            recipients=["a@example.test"],
        )
    assert "campaign" in exc.value.errors
