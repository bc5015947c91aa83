"""Form widgets whose values the browser's date pickers accept in every language: an
``<input type="date">`` takes only ``yyyy-mm-dd`` and ``datetime-local`` only ``yyyy-mm-ddThh:mm``,
whatever the page's language (Django would otherwise render the Russian "01.11.2026")."""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATETIME)
