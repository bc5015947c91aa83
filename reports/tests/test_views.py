"""Dashboard pages: home tiles with a constant query count, the new-run form, the run page with
its htmx progress partial, downloads for members only, retry, comments, review, schedules."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from reports.models import ReportComment, ReportRun, ReportSchedule

from .data import known_campaigns
from .factories import CampaignFactory, GoalFactory, MetricFactory, ReportFileFactory, RunFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _base(personas) -> str:
    return f"/w/{personas.workspace.slug}"


def _today_data(workspace, n_campaigns: int):
    today = timezone.localdate()
    goal = GoalFactory(
        workspace=workspace,
        name="Предзаказы тортов",
        target_metric="sales",
        target_value=Decimal("40"),
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=20),
    )
    for i in range(n_campaigns):
        campaign = CampaignFactory(
            workspace=workspace,
            goal=goal,
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=20),
            alignment_verdict="at_risk" if i else "aligned",
        )
        MetricFactory(
            campaign=campaign,
            date=today - timedelta(days=1),
            sales=5,
            leads=8,
            revenue=Decimal("15000"),
            spend=Decimal("5000"),
            reach=1000,
        )
    return goal


def test_home_shows_goal_progress_and_alignment_counts(client, personas):
    _today_data(personas.workspace, 2)
    client.force_login(personas.viewer)
    response = client.get(f"{_base(personas)}/")
    assert response.status_code == 200
    tile = response.context["summary"]["goal_tiles"][0]
    assert (tile["value"], tile["target"], tile["percent"], tile["cost_per_result"]) == (10, 40.0, 25, 1000.0)
    verdicts = {v["code"]: v["count"] for v in response.context["summary"]["verdicts"]}
    assert (verdicts["aligned"], verdicts["at_risk"]) == (1, 1)
    html = response.content.decode()
    assert "Предзаказы тортов" in html and 'data-testid="chart-daily"' in html
    assert "No data for this area yet." not in html  # every area is installed


def test_home_query_count_is_constant(client, personas, django_assert_num_queries):
    client.force_login(personas.viewer)
    _today_data(personas.workspace, 1)
    RunFactory(workspace=personas.workspace)
    client.get(f"{_base(personas)}/")
    with django_assert_num_queries(
        25
    ) as few:  # 5 goal figures + 4 of the 30-day figures + 11 tiles + 5 lists of "Today"
        client.get(f"{_base(personas)}/")
    _today_data(personas.workspace, 6)
    for _ in range(4):
        RunFactory(workspace=personas.workspace)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(f"{_base(personas)}/")


def test_home_without_campaign_data_shows_honest_empty_states(client, personas):
    client.force_login(personas.owner)
    html = client.get(f"{_base(personas)}/").content.decode()
    assert 'data-testid="no-goals"' in html and "chart-daily" not in html


def test_home_chart_without_data_in_the_period_is_an_empty_state_not_an_axis(client, personas):
    # campaigns exist (the verdict chart has data) but no metric rows in the last 30 days
    campaign = CampaignFactory(workspace=personas.workspace, alignment_verdict="aligned")
    MetricFactory(campaign=campaign, date=timezone.localdate() - timedelta(days=90), spend=Decimal("5000"))
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)
    response = client.get(f"{_base(personas)}/")
    html = response.content.decode()
    assert 'data-testid="chart-daily"' not in html and 'data-testid="chart-verdicts"' in html
    assert html.count('data-testid="chart-empty"') == 1 and "Нет данных за период" in html
    chart = response.context["summary"]["chart"]
    assert chart["labels"][-1] == timezone.localdate().isoformat()  # days are formatted by the page


def test_new_run_form_queues_and_redirects_to_the_run(
    client, personas, media, django_capture_on_commit_callbacks
):
    known_campaigns(personas.workspace)
    client.force_login(personas.marketer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{_base(personas)}/reports/",
            {
                "kind": "workspace",
                "period_start": "2026-10-01",
                "period_end": "2026-10-31",
                "formats": ["csv", "pdf"],
            },
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{_base(personas)}/reports/{run.pk}/"
    run.refresh_from_db()
    assert run.status == "done"
    page = client.get(response["Location"]).content.decode()
    assert run.snapshot_sha256 in page and 'data-testid="download-pdf"' in page and "Осенние пироги" in page


def test_new_run_form_errors_show_and_store_nothing(client, personas):
    client.force_login(personas.marketer)
    response = client.post(
        f"{_base(personas)}/reports/",
        {
            "kind": "campaign",
            "period_start": "2026-10-31",
            "period_end": "2026-10-01",
            "formats": ["csv"],
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert ReportRun.objects.count() == 0


def test_viewer_cannot_queue_a_run(client, personas):
    client.force_login(personas.viewer)
    response = client.post(
        f"{_base(personas)}/reports/",
        {
            "kind": "workspace",
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "formats": ["csv"],
        },
    )
    assert response.status_code == 403
    assert ReportRun.objects.count() == 0


def test_progress_partial_polls_while_running_and_stops_when_done(client, personas):
    run = RunFactory(workspace=personas.workspace, status="running", progress=45)
    client.force_login(personas.viewer)
    url = f"{_base(personas)}/reports/{run.pk}/progress/"
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in html and 'data-progress="45"' in html
    ReportRun.objects.filter(pk=run.pk).update(status="done", progress=100)
    response = client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in response.content.decode()
    assert response["HX-Refresh"] == "true"


def test_failed_run_shows_reason_and_retry_requeues(
    client, personas, media, django_capture_on_commit_callbacks
):
    run = RunFactory(workspace=personas.workspace, status="failed", progress=30, error="FontMissing: no font")
    client.force_login(personas.marketer)
    page = client.get(f"{_base(personas)}/reports/{run.pk}/").content.decode()
    assert "FontMissing: no font" in page and 'data-testid="retry"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{_base(personas)}/reports/{run.pk}/retry/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.error) == ("done", "")


def test_download_only_for_members(client, personas, media):
    report_file = ReportFileFactory(run=RunFactory(workspace=personas.workspace))
    url = f"{_base(personas)}/reports/files/{report_file.pk}/"
    client.force_login(personas.viewer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"a,b\n"
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    assert (
        client.get(f"/w/{personas.other_workspace.slug}/reports/files/{report_file.pk}/").status_code == 404
    )


def test_comment_and_review_on_the_run_page(client, personas):
    run = RunFactory(workspace=personas.workspace)
    client.force_login(personas.manager)
    client.post(f"{_base(personas)}/reports/{run.pk}/comments/", {"text": "<b>Отлично</b>"})
    client.post(f"{_base(personas)}/reports/{run.pk}/review/")
    run.refresh_from_db()
    assert run.reviewed_by == personas.manager
    client.force_login(personas.marketer)
    page = client.get(f"{_base(personas)}/reports/{run.pk}/").content.decode()
    assert "&lt;b&gt;Отлично&lt;/b&gt;" in page and "<b>Отлично</b>" not in page
    assert ReportComment.objects.get().author == personas.manager


def test_marketer_cannot_mark_reviewed(client, personas):
    run = RunFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    assert client.post(f"{_base(personas)}/reports/{run.pk}/review/").status_code == 403
    run.refresh_from_db()
    assert run.reviewed_at is None


def test_case_deck_button_refuses_a_campaign_that_missed_its_goals(client, personas):
    _pies, other = known_campaigns(personas.workspace)
    client.force_login(personas.marketer)
    response = client.post(f"{_base(personas)}/reports/case/", {"campaign": other.pk})
    assert response.status_code == 302 and response["Location"].endswith("/reports/")
    assert ReportRun.objects.count() == 0


def test_schedule_form_creates_a_weekly_schedule(client, personas):
    client.force_login(personas.marketer)
    response = client.post(
        f"{_base(personas)}/reports/schedules/",
        {
            "name": "Итоги недели",
            "kind": "workspace",
            "frequency": "weekly",
            "formats": ["pdf", "xlsx"],
            "recipients": "boss@example.test, cfo@example.test",
        },
    )
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    assert (schedule.recipients, schedule.formats) == (
        ["boss@example.test", "cfo@example.test"],
        ["pdf", "xlsx"],
    )
    assert schedule.periodic_task.crontab.day_of_week == "1"


def test_run_list_query_count_is_constant(client, personas, media, django_assert_num_queries):
    client.force_login(personas.viewer)
    ReportFileFactory(run=RunFactory(workspace=personas.workspace))
    client.get(f"{_base(personas)}/reports/")
    with django_assert_num_queries(8) as few:
        client.get(f"{_base(personas)}/reports/")
    for _ in range(6):
        ReportFileFactory(run=RunFactory(workspace=personas.workspace))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(f"{_base(personas)}/reports/")


def test_viewer_cannot_create_a_schedule(client, personas):
    client.force_login(personas.viewer)
    response = client.post(
        f"{_base(personas)}/reports/schedules/",
        {
            "name": "x",
            "kind": "workspace",
            "frequency": "weekly",
            "formats": ["pdf"],
            "recipients": "a@example.test",
        },
    )
    assert response.status_code == 403
    assert ReportSchedule.objects.count() == 0


def test_report_form_default_dates_are_iso_in_russian(client, personas):
    """A browser's date field takes only yyyy-mm-dd: the Russian "01.11.2026" made a one-click
    report fail as "required"."""
    personas.manager.language = "ru"
    personas.manager.save(update_fields=["language"])
    client.force_login(personas.manager)
    html = client.get(f"{_base(personas)}/reports/").content.decode()
    today = timezone.localdate()
    assert f'type="date" name="period_end" value="{today.isoformat()}"' in html
    assert f'value="{(today - timedelta(days=29)).isoformat()}"' in html


def test_the_report_form_as_it_comes_makes_a_report_in_one_click(client, personas):
    """Its initial values are a valid request: the workspace summary over the last 30 days (the
    campaign report came first and failed asking for a campaign); no "---------" placeholder."""
    import re

    personas.marketer.language = "ru"
    personas.marketer.save(update_fields=["language"])
    client.force_login(personas.marketer)
    html = client.get(f"{_base(personas)}/reports/").content.decode()
    assert re.search(r'<option value="workspace"[^>]*selected', html)
    assert "---------" not in html
    form = client.get(f"{_base(personas)}/reports/").context["form"]
    data = {name: form[name].value() for name in ("kind", "period_start", "period_end", "formats")}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    response = client.post(f"{_base(personas)}/reports/", data)
    run = ReportRun.objects.get()
    assert response.status_code == 302 and run.kind == "workspace"
    assert (run.period_end - run.period_start).days == 29
