"""Query-string date-time filters safe for PostgreSQL.

Python accepts UTC offsets up to ±23:59 (``2026-01-01T00:00:00-16:50``), PostgreSQL only up to
±15:59, so such a value sent as is makes the query fail (a 500). The form fields here turn every
date-time into UTC first and answer 400 for values that cannot be one.
``use_for_every_filterset()`` (called from ``IntegrationsConfig.ready``) makes them the fields of
django-filter's ``DateTimeFilter`` and ``IsoDateTimeFilter``, so every app's date-time filters,
declared or generated from ``filterset_fields``, are covered.
"""

from __future__ import annotations

from datetime import UTC

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

OUT_OF_RANGE = _("Enter a date and time between the years 1 and 9999.")


class _UTCMixin:
    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise ValidationError(OUT_OF_RANGE, code="out_of_range") from exc


class UTCIsoDateTimeField(_UTCMixin, IsoDateTimeField):
    pass


class UTCDateTimeField(_UTCMixin, forms.DateTimeField):
    pass


class UTCIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


def use_for_every_filterset() -> None:
    """Every django-filter date-time filter of every app parses into UTC."""
    django_filters.IsoDateTimeFilter.field_class = UTCIsoDateTimeField
    django_filters.DateTimeFilter.field_class = UTCDateTimeField
