"""Thin Celery tasks of reports: load by id, call one service."""

from celery import shared_task

from . import services


@shared_task(name="reports.generate_run", acks_late=True)
def generate_run(*, run_id: int) -> str:
    return services.run_generate(run_id=run_id)


@shared_task(name="reports.reclaim_stale_runs", acks_late=True)
def reclaim_stale_runs() -> list[int]:
    return services.runs_reclaim()


@shared_task(name="reports.run_schedule", acks_late=True)
def run_schedule(*, schedule_id: int) -> int | None:
    run = services.schedule_fire(schedule_id=schedule_id)
    return run.pk if run else None


@shared_task(name="reports.email_run", acks_late=True)
def email_run(*, run_id: int) -> int:
    return services.run_email(run_id=run_id)
