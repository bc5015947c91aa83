"""Query-string filters safe for PostgreSQL.

Python accepts UTC offsets up to ±23:59 (``2026-01-01T00:00:00-16:50``), PostgreSQL only up to
±15:59, so such a value sent as is makes the query fail (a 500). These filters turn every
date-time into UTC first and answer 400 for values that cannot be one. (Any app's date-time
filters need the same: ``use_for_every_api_filterset()`` makes it the default of every DRF
filterset's date-time model field, e.g. ``filterset_fields = {"created_at": ["gte"]}``.)
"""

from __future__ import annotations

from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField


class UTCIsoDateTimeField(IsoDateTimeField):
    default_error_messages = {"out_of_range": _("Enter a date and time between the years 1 and 9999.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range") from exc


class UTCIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


def use_for_every_api_filterset() -> None:
    """Make ``UTCIsoDateTimeFilter`` what DRF filtersets generate for ``DateTimeField``s (called
    once from ``IntegrationsConfig.ready``)."""
    from django.db import models
    from django_filters.rest_framework import filterset

    filterset.FILTER_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {"filter_class": UTCIsoDateTimeFilter}
