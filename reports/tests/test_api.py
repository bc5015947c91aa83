"""REST API of reports: POST a run -> 202, GET status/progress/files, downloads for members only,
comments, review by managers, schedules; viewer 403 on writes, outsider 404."""

from __future__ import annotations

import hashlib

import pytest

from reports.models import ReportComment, ReportRun, ReportSchedule

from .data import known_campaigns
from .factories import CommentFactory, ReportFileFactory, RunFactory


def _url(personas, tail: str = "") -> str:
    return f"/api/v1/workspaces/{personas.workspace.slug}/{tail}"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_post_run_answers_202_and_the_run_gets_done(
    personas, api_as, media, django_capture_on_commit_callbacks
):
    known_campaigns(personas.workspace)
    client = api_as(personas.marketer)
    body = {
        "kind": "workspace",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "formats": ["csv", "xlsx"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(personas, "reports/"), body, format="json")
    assert response.status_code == 202
    run = ReportRun.objects.get(pk=response.json()["id"])
    assert (run.status, run.formats, run.requested_by) == ("done", ["xlsx", "csv"], personas.marketer)
    detail = client.get(_url(personas, f"reports/{run.pk}/")).json()
    assert (detail["status"], detail["progress"], detail["kind"]) == ("done", 100, "workspace")
    assert [f["format"] for f in detail["files"]] == ["csv", "xlsx"]
    assert detail["snapshot"]["sections"][0]["key"] == "results"
    download = client.get(detail["files"][0]["url"])
    content = b"".join(download.streaming_content)
    assert download.status_code == 200
    assert (
        hashlib.sha256(content).hexdigest() == detail["files"][0]["sha256"] == download["X-Checksum-SHA256"]
    )


def test_post_run_with_bad_input_is_400_with_errors(personas, api_as):
    response = api_as(personas.marketer).post(
        _url(personas, "reports/"),
        {"kind": "campaign", "period_start": "2026-10-31", "period_end": "2026-10-01", "formats": ["doc"]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "errors"}
    assert response.json()["errors"]["formats"]["0"][0]["code"] == "invalid_choice"
    assert ReportRun.objects.count() == 0


def test_post_run_with_campaign_of_another_workspace_is_400(personas, api_as):
    from .factories import CampaignFactory

    foreign = CampaignFactory(workspace=personas.other_workspace)
    response = api_as(personas.marketer).post(
        _url(personas, "reports/"),
        {
            "kind": "campaign",
            "campaign": foreign.pk,
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "formats": ["csv"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "campaign" in response.json()["errors"]


def test_viewer_reads_but_cannot_write(personas, api_as, media):
    run = RunFactory(workspace=personas.workspace)
    client = api_as(personas.viewer)
    assert client.get(_url(personas, "reports/")).status_code == 200
    body = {"kind": "workspace", "period_start": "2026-10-01", "period_end": "2026-10-31", "formats": ["csv"]}
    assert client.post(_url(personas, "reports/"), body, format="json").status_code == 403
    assert (
        client.post(_url(personas, f"reports/{run.pk}/comments/"), {"text": "x"}, format="json").status_code
        == 403
    )
    assert client.post(_url(personas, f"reports/{run.pk}/review/")).status_code == 403
    assert ReportRun.objects.count() == 1 and ReportComment.objects.count() == 0


def test_outsider_gets_404_for_runs_and_files(personas, api_as, media):
    run = RunFactory(workspace=personas.workspace)
    report_file = ReportFileFactory(run=run)
    client = api_as(personas.outsider)
    assert client.get(_url(personas, f"reports/{run.pk}/")).status_code == 404
    assert client.get(_url(personas, f"report-files/{report_file.pk}/download/")).status_code == 404
    own = f"/api/v1/workspaces/{personas.other_workspace.slug}/report-files/{report_file.pk}/download/"
    assert client.get(own).status_code == 404


def test_marketer_comments_and_manager_reviews(personas, api_as):
    run = RunFactory(workspace=personas.workspace)
    response = api_as(personas.manager).post(
        _url(personas, f"reports/{run.pk}/comments/"), {"text": "Нужен разрез по VK"}, format="json"
    )
    assert response.status_code == 201
    comments = api_as(personas.marketer).get(_url(personas, f"reports/{run.pk}/comments/")).json()
    assert [(c["author"], c["text"]) for c in comments] == [(personas.manager.email, "Нужен разрез по VK")]
    assert api_as(personas.marketer).post(_url(personas, f"reports/{run.pk}/review/")).status_code == 403
    response = api_as(personas.manager).post(_url(personas, f"reports/{run.pk}/review/"))
    assert response.status_code == 200
    assert response.json()["reviewed_by"] == personas.manager.email


def test_review_of_unfinished_run_is_409(personas, api_as):
    run = RunFactory(workspace=personas.workspace, status="running", progress=40)
    response = api_as(personas.manager).post(_url(personas, f"reports/{run.pk}/review/"))
    assert response.status_code == 409


def test_finished_run_cannot_be_changed_through_the_api(personas, api_as):
    run = RunFactory(workspace=personas.workspace, snapshot={"meta": {"title": "x"}, "sections": []})
    client = api_as(personas.owner)
    assert (
        client.patch(_url(personas, f"reports/{run.pk}/"), {"snapshot": {}}, format="json").status_code == 405
    )
    assert client.delete(_url(personas, f"reports/{run.pk}/")).status_code == 405
    run.refresh_from_db()
    assert run.snapshot == {"meta": {"title": "x"}, "sections": []}


def test_run_list_filters_by_status_and_kind(personas, api_as):
    RunFactory(workspace=personas.workspace, kind="workspace", status="done")
    failed = RunFactory(workspace=personas.workspace, kind="calendar", status="failed")
    data = api_as(personas.viewer).get(_url(personas, "reports/?status=failed&kind=calendar")).json()
    assert [r["id"] for r in data["results"]] == [failed.pk]


def test_run_list_query_count_is_constant(personas, api_as, media, django_assert_num_queries):
    client = api_as(personas.viewer)
    run = RunFactory(workspace=personas.workspace)
    ReportFileFactory(run=run)
    CommentFactory(run=run)
    client.get(_url(personas, "reports/"))  # the token's first use is recorded once
    with django_assert_num_queries(5):
        client.get(_url(personas, "reports/"))
    for _ in range(5):
        ReportFileFactory(run=RunFactory(workspace=personas.workspace))
    with django_assert_num_queries(5):
        response = client.get(_url(personas, "reports/"))
    assert response.json()["count"] == 6


def test_schedule_create_and_delete(personas, api_as):
    client = api_as(personas.marketer)
    body = {
        "name": "Итоги недели",
        "kind": "workspace",
        "frequency": "weekly",
        "formats": ["pdf"],
        "recipients": ["boss@example.test"],
    }
    response = client.post(_url(personas, "report-schedules/"), body, format="json")
    assert response.status_code == 201
    schedule = ReportSchedule.objects.get(pk=response.json()["id"])
    assert schedule.periodic_task.task == "reports.run_schedule"
    assert client.delete(_url(personas, f"report-schedules/{schedule.pk}/")).status_code == 204
    assert ReportSchedule.objects.count() == 0
    from django_celery_beat.models import PeriodicTask

    assert not PeriodicTask.objects.filter(task="reports.run_schedule").exists()


def test_integration_token_with_reports_scope_queues_a_run(
    personas, api_client, media, django_capture_on_commit_callbacks
):
    from accounts.services import integration_token_create

    _token, key = integration_token_create(
        workspace=personas.workspace, name="BI", scopes=["reports:write", "read"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"kind": "workspace", "period_start": "2026-10-01", "period_end": "2026-10-31", "formats": ["csv"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(_url(personas, "reports/"), body, format="json")
    assert response.status_code == 202
    run = ReportRun.objects.get()
    assert (run.status, run.requested_by) == ("done", None)


def test_integration_token_without_reports_scope_is_403(personas, api_client):
    from accounts.services import integration_token_create

    _token, key = integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"kind": "workspace", "period_start": "2026-10-01", "period_end": "2026-10-31", "formats": ["csv"]}
    assert api_client.post(_url(personas, "reports/"), body, format="json").status_code == 403
