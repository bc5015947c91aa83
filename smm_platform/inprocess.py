"""A small in-process worker and beat for the zero-setup demo (no broker, no Redis).

Without ``CELERY_BROKER_URL`` tasks run eagerly, i.e. inside the request that queued them, and
nothing runs the beat schedule: a failed webhook would stay ``retrying`` for ever. The demo server
(``manage.py demo_server``) starts one ``Scheduler`` thread instead:

* every ``apply_async``/``delay`` goes to its queue (honouring ``countdown``/``eta``) and the request
  returns at once; the thread runs the task a moment later;
* every entry of ``CELERY_BEAT_SCHEDULE`` (intervals and crontabs) runs when it is due.

Tasks run one at a time, in the thread, with their own database connection.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from datetime import datetime
from typing import Any

from django.db import close_old_connections

logger = logging.getLogger(__name__)
_current: Scheduler | None = None


def active() -> Scheduler | None:
    """The running scheduler, if any (a dead thread counts as none: Celery as configured)."""
    return _current if _current is not None and _current.is_alive() else None


class Scheduler(threading.Thread):
    def __init__(self, *, beat_schedule: dict[str, dict] | None = None, tick: float = 1.0) -> None:
        super().__init__(name="smm-inprocess-scheduler", daemon=True)
        self.tick = tick
        self._queue: list[tuple[float, int, str, tuple, dict]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._beat = self._load_beat(beat_schedule)
        self.ran: list[str] = []

    @staticmethod
    def _load_beat(beat_schedule):
        from celery.schedules import maybe_schedule
        from django.conf import settings

        entries = (
            beat_schedule if beat_schedule is not None else getattr(settings, "CELERY_BEAT_SCHEDULE", {})
        )
        return {name: [e["task"], maybe_schedule(e["schedule"]), None] for name, e in entries.items()}

    def submit(
        self, task_name: str, args: tuple = (), kwargs: dict | None = None, countdown: float = 0
    ) -> None:
        with self._lock:
            heapq.heappush(
                self._queue,
                (time.monotonic() + max(0.0, countdown), next(self._order), task_name, args, kwargs or {}),
            )
        self._wake.set()

    def stop(self) -> None:
        self._halt.set()
        self._wake.set()

    def run(self) -> None:
        from smm_platform.celery import app

        app.loader.import_default_modules()  # every app's tasks module, as a worker does at start
        while not self._halt.is_set():
            self._run_due_beat()
            self._run_due_tasks()
            self._wake.wait(self.tick)
            self._wake.clear()

    def _run_due_beat(self) -> None:
        from django.utils import timezone

        now: datetime = timezone.now()
        for entry in self._beat.values():
            task_name, schedule, last = entry
            if last is None:
                entry[2] = now  # first due one period after start, like celery beat
                continue
            due, _next = schedule.is_due(last)
            if due:
                entry[2] = now
                self.submit(task_name)

    def _run_due_tasks(self) -> None:
        while True:
            with self._lock:
                if not self._queue or self._queue[0][0] > time.monotonic():
                    return
                _due, _n, task_name, args, kwargs = heapq.heappop(self._queue)
            self._execute(task_name, args, kwargs)

    def _execute(self, task_name: str, args: tuple, kwargs: dict[str, Any]) -> None:
        from smm_platform.celery import app

        close_old_connections()
        try:
            app.tasks[task_name].apply(args=args, kwargs=kwargs, throw=True)
            self.ran.append(task_name)
        except Exception:
            logger.exception("in-process task %s failed", task_name)
        finally:
            close_old_connections()


def start(**kwargs) -> Scheduler:
    global _current
    if _current is None or not _current.is_alive():
        _current = Scheduler(**kwargs)
        _current.start()
    return _current


def stop() -> None:
    global _current
    if _current is not None:
        _current.stop()
        _current.join(timeout=10)
        _current = None
