"""H1: uploaded and generated files are private. No URL serves MEDIA_ROOT; report files and plan
item attachments reach members of their workspace only, through views that check the role."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from planning.tests.factories import PlanItemAttachmentFactory
from reports.tests.factories import ReportFileFactory, RunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_no_url_serves_media_root(personas, media):
    report_file = ReportFileFactory(run=RunFactory(workspace=personas.workspace))
    attachment = PlanItemAttachmentFactory(workspace=personas.workspace)
    for name in (report_file.file.name, attachment.file.name, "negativity-models/starter-v1.joblib"):
        with pytest.raises(Resolver404):
            resolve(f"/{settings.MEDIA_URL}{name}")
        assert Client().get(f"/{settings.MEDIA_URL}{name}").status_code == 404
        owner = Client()
        owner.force_login(personas.owner)
        assert owner.get(f"/{settings.MEDIA_URL}{name}").status_code == 404


def test_no_media_url_even_with_debug_on(settings):
    """The demo runs with DEBUG on: that must not publish MEDIA_ROOT either."""
    import importlib

    from django.urls import clear_url_caches

    import smm_platform.urls as root_urls

    settings.DEBUG = True
    try:
        patterns = [str(p.pattern) for p in importlib.reload(root_urls).urlpatterns]
    finally:
        settings.DEBUG = False
        importlib.reload(root_urls)
        clear_url_caches()
    assert not [p for p in patterns if p.lstrip("^").startswith(settings.MEDIA_URL.strip("/"))]


def test_classifier_models_are_stored_outside_media_root():
    model_dir = Path(settings.NEGATIVITY_MODEL_DIR).resolve()
    assert not model_dir.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_attachment_download_members_only(personas, media, api_as):
    attachment = PlanItemAttachmentFactory(workspace=personas.workspace)
    page = f"/w/{personas.workspace.slug}/plan/attachments/{attachment.pk}/"
    api = f"/api/v1/workspaces/{personas.workspace.slug}/plan-item-attachments/{attachment.pk}/download/"

    response = _web(personas.viewer).get(page)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"private pixels")
    assert response["Content-Disposition"].startswith('attachment; filename="layout.png"')
    assert response.status_code == 200 and api_as(personas.viewer).get(api).status_code == 200

    assert _web(personas.outsider).get(page).status_code == 404
    assert api_as(personas.outsider).get(api).status_code == 404
    anonymous = Client().get(page)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert Client().get(api).status_code == 401


def test_attachment_list_links_to_the_checked_download(personas, media, api_as):
    attachment = PlanItemAttachmentFactory(workspace=personas.workspace)
    body = (
        api_as(personas.marketer)
        .get(f"/api/v1/workspaces/{personas.workspace.slug}/plan-item-attachments/?item={attachment.item_id}")
        .json()
    )
    row = body["results"][0]
    assert row["name"] == "layout.png" and "file" not in row
    assert row["url"].endswith(f"/plan-item-attachments/{attachment.pk}/download/")
    page = _web(personas.viewer).get(f"/w/{personas.workspace.slug}/plan/items/{attachment.item_id}/")
    assert f"/plan/attachments/{attachment.pk}/".encode() in page.content
    assert b"/media/" not in page.content


def test_report_download_through_x_accel_redirect(personas, media, settings):
    settings.PRIVATE_FILES_SERVER = "x-accel-redirect"
    settings.PRIVATE_FILES_INTERNAL_URL = "/protected-media/"
    report_file = ReportFileFactory(run=RunFactory(workspace=personas.workspace))
    url = f"/w/{personas.workspace.slug}/reports/files/{report_file.pk}/"
    response = _web(personas.viewer).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{report_file.file.name}"
    assert response.content == b""
    assert _web(personas.outsider).get(url).status_code == 404


def test_attachment_download_through_x_sendfile(personas, media, settings):
    settings.PRIVATE_FILES_SERVER = "x-sendfile"
    attachment = PlanItemAttachmentFactory(workspace=personas.workspace)
    response = _web(personas.viewer).get(f"/w/{personas.workspace.slug}/plan/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["X-Sendfile"] == str(Path(media) / attachment.file.name)


def test_missing_file_is_404(personas, media):
    attachment = PlanItemAttachmentFactory(workspace=personas.workspace)
    attachment.file.storage.delete(attachment.file.name)
    url = f"/w/{personas.workspace.slug}/plan/attachments/{attachment.pk}/"
    assert _web(personas.viewer).get(url).status_code == 404
