"""A refused request is normal flow: one WARNING line in the log, no traceback."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_403_logs_one_warning_line_without_a_traceback(personas, client, caplog):
    client.force_login(personas.viewer)
    url = reverse("accounts:audit-log", kwargs={"workspace_slug": personas.workspace.slug})
    with caplog.at_level(logging.INFO):
        response = client.get(url)
    assert response.status_code == 403
    refused = [r for r in caplog.records if r.name.startswith("django.")]
    assert [(r.name, r.levelno) for r in refused] == [("django.request", logging.WARNING)]
    assert refused[0].getMessage() == f"Forbidden (Permission denied): {url}"
    assert refused[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_an_error_keeps_its_traceback():
    import sys

    from smm_platform.logfilters import PermissionDeniedWithoutTraceback

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), sys.exc_info())
    assert PermissionDeniedWithoutTraceback().filter(record) and record.exc_info is not None
