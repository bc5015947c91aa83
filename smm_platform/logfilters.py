"""Logging filters: normal flow is one line, not a traceback."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedWithoutTraceback(logging.Filter):
    """A refused request (``PermissionDenied``, a 403) is normal flow: Django logs it as one
    WARNING on ``django.request`` ("Forbidden (Permission denied): /path") with the exception
    attached; keep the line and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
