"""Generation: every format holds the right numbers; redeliveries make one set of files; a
finished run never changes; failures show their reason and can be retried."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pptx import Presentation

from accounts.models import AuditLog
from reports import services
from reports.models import ReportFile, ReportRun
from smm_platform.errors import AppError, Conflict

from .data import known_campaigns
from .factories import START, ConversionFactory, MetricFactory, RunFactory

PERIOD = {"period_start": START, "period_end": START + timedelta(days=30)}


def _request(personas, django_capture_on_commit_callbacks, **kwargs):
    params = {"kind": "workspace", "formats": ["pdf", "xlsx", "pptx", "csv"], **PERIOD, **kwargs}
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(workspace=personas.workspace, actor=personas.marketer, **params)
    run.refresh_from_db()
    return run


def _content(run, fmt) -> bytes:
    report_file = run.files.get(format=fmt)
    with report_file.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def known(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    personas.marketer.language = "en"
    personas.marketer.save()
    return known_campaigns(personas.workspace)


def test_workspace_run_done_with_one_file_per_format_and_checksums(
    personas, known, django_capture_on_commit_callbacks
):
    run = _request(personas, django_capture_on_commit_callbacks)
    assert (run.status, run.progress, run.error, run.attempts) == ("done", 100, "", 1)
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "pdf", "pptx", "xlsx"]
    for report_file in run.files.all():
        content = _content(run, report_file.format)
        assert report_file.size == len(content)
        assert report_file.sha256 == hashlib.sha256(content).hexdigest()
    assert run.snapshot_sha256 == services.snapshot_checksum(run.snapshot)
    assert AuditLog.objects.filter(workspace=personas.workspace, action="report.completed").count() == 1


def test_workspace_snapshot_puts_business_results_first_and_vanity_apart(
    personas, known, django_capture_on_commit_callbacks
):
    run = _request(personas, django_capture_on_commit_callbacks, formats=["csv"])
    sections = run.snapshot["sections"]
    assert [(s["key"], s["group"], s["available"]) for s in sections] == [
        ("results", "business", True),
        ("trend", "business", True),
        ("alignment", "info", True),
        ("negativity", "info", True),
        ("calendar", "info", True),
        ("vanity", "vanity", True),
    ]
    tiles = {t["key"]: t["value"] for t in sections[0]["tiles"]}
    # CRM leads and sales replace the metric rows' for the campaign that has them (never added)
    assert (tiles["leads"], tiles["sales"], tiles["revenue"], tiles["spend"]) == (5, 1, 3000.0, 12000.0)
    assert tiles["cost_per_lead"] == 2400.0
    assert tiles["cost_per_sale"] == 12000.0
    assert tiles["romi"] == -75.0
    vanity = {t["key"]: t["value"] for t in sections[-1]["tiles"]}
    assert vanity["reach"] == 2300
    assert vanity["followers_gained"] == 30  # 500 -> 530 on VK; other communities did not grow


def test_xlsx_holds_real_numbers_one_sheet_per_section(personas, known, django_capture_on_commit_callbacks):
    run = _request(personas, django_capture_on_commit_callbacks, formats=["xlsx"])
    book = load_workbook(io.BytesIO(_content(run, "xlsx")), read_only=True)
    titles = [s["title"] for s in run.snapshot["sections"]]
    # short sheet names: a section's title without its parenthesis, cut at a word
    assert book.sheetnames[1:] == [t.split(" (")[0][:28] for t in titles]
    rows = list(book[book.sheetnames[1]].iter_rows(values_only=True))
    pies = next(r for r in rows if r and r[0] == "Осенние пироги")
    assert pies[:13] == (
        "Осенние пироги",
        "Продажи пирогов",
        "Running",
        "Not enough data",
        10000,
        1,
        1,
        3000,
        "CRM",
        1,
        1,
        10000,
        -70,
    )
    goal = next(r for r in rows if r and r[0] == "Продажи пирогов" and r[1] == "Sales")
    assert goal[2:7] == (20, 1, 5, 10000, 5000)


def test_pptx_has_native_charts_and_tables_with_the_numbers(
    personas, known, django_capture_on_commit_callbacks
):
    run = _request(personas, django_capture_on_commit_callbacks, formats=["pptx"])
    deck = Presentation(io.BytesIO(_content(run, "pptx")))
    charts = [sh.chart for slide in deck.slides for sh in slide.shapes if sh.has_chart]
    by_campaign = next(c for c in charts if list(c.plots[0].categories) == ["Без цели", "Осенние пироги"])
    assert [list(s.values) for s in by_campaign.plots[0].series] == [[0.0, 3000.0], [2000.0, 10000.0]]
    texts = [sh.text_frame.text for slide in deck.slides for sh in slide.shapes if sh.has_text_frame]
    assert "Revenue: ₽3,000.00" in "\n".join(texts)  # the report is in English
    cells = [
        c.text
        for slide in deck.slides
        for sh in slide.shapes
        if sh.has_table
        for row in sh.table.rows
        for c in row.cells
    ]
    assert "Осенние пироги" in cells and "₽10,000.00" in cells


def test_pdf_is_a_pdf_with_the_cyrillic_font_embedded(personas, known, django_capture_on_commit_callbacks):
    run = _request(personas, django_capture_on_commit_callbacks, formats=["pdf"])
    content = _content(run, "pdf")
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert b"DejaVuSans" in content
    assert len(content) > 5000


def test_csv_rows_are_exact(personas, known, django_capture_on_commit_callbacks):
    run = _request(personas, django_capture_on_commit_callbacks, formats=["csv"])
    content = _content(run, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["Workspace summary", "2026-10-01", "2026-10-31"]
    assert ["Leads", "5", ""] in rows
    assert ["Revenue", "3000", ""] in rows
    assert ["Продажи пирогов", "1", "20"] in rows
    assert [
        "Осенние пироги",
        "Продажи пирогов",
        "Running",
        "Not enough data",
        "10000",
        "1",
        "1",
        "3000",
        "CRM",
        "1",
        "1",
        "10000",
        "-70",
    ] in rows
    assert [
        "Без цели",
        "—",
        "Running",
        "Not enough data",
        "2000",
        "4",
        "0",
        "0",
        "daily metrics",
        "0",
        "0",
        "500",
        "-100",
    ] in rows


def test_generate_again_on_done_run_changes_nothing(personas, known, django_capture_on_commit_callbacks):
    run = _request(personas, django_capture_on_commit_callbacks, formats=["csv", "xlsx"])
    before = (run.snapshot_sha256, sorted(run.files.values_list("format", "sha256")))
    MetricFactory(campaign=known[0], channel="ok", date=START, leads=1000, spend=1)
    assert services.run_generate(run_id=run.pk) == "skipped"
    run.refresh_from_db()
    assert (run.snapshot_sha256, sorted(run.files.values_list("format", "sha256"))) == before
    assert ReportFile.objects.filter(run=run).count() == 2


def test_redelivered_run_after_worker_death_finishes_with_one_set_of_files(
    personas, known, settings, django_capture_on_commit_callbacks
):
    """A worker died after the snapshot and one file: the stale run is reclaimed, the stored
    snapshot reused and the existing file not duplicated."""
    settings.REPORTS_STALE_AFTER_SECONDS = 60
    run = RunFactory(workspace=personas.workspace, status="queued", progress=0, formats=["csv", "xlsx"])
    assert services.run_claim(run_id=run.pk)
    run.refresh_from_db()
    snapshot = services.snapshot_compute(run)
    ReportRun.objects.filter(pk=run.pk).update(
        snapshot=snapshot, snapshot_sha256=services.snapshot_checksum(snapshot)
    )
    run.refresh_from_db()
    services._store_file(run, "csv", b"first")
    # The worker is still alive: a redelivered message must not take the run over.
    assert services.run_generate(run_id=run.pk) == "skipped"
    ReportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=61))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.runs_reclaim() == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts) == ("done", 100, 2)
    assert run.snapshot == snapshot
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "xlsx"]
    assert _content(run, "csv") == b"first"


def test_claim_is_refused_when_running_with_a_fresh_heartbeat(personas):
    run = RunFactory(workspace=personas.workspace, status="running", heartbeat_at=timezone.now())
    assert services.run_claim(run_id=run.pk) is False
    run.refresh_from_db()
    assert run.attempts == 0


def test_failure_marks_failed_with_reason_and_retry_finishes(
    personas, known, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.REPORTS_FONT_DIR = str(tmp_path / "no-fonts")
    run = _request(personas, django_capture_on_commit_callbacks, formats=["csv", "pdf"])
    assert run.status == "failed"
    assert "DejaVuSans.ttf" in run.error and "fonts-dejavu-core" in run.error
    assert run.files.count() == 0  # pdf comes first and failed
    settings.REPORTS_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
    with django_capture_on_commit_callbacks(execute=True):
        services.run_retry(run=run, actor=personas.marketer)
    run.refresh_from_db()
    assert (run.status, run.error, run.attempts) == ("done", "", 2)
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "pdf"]


def test_retry_of_a_done_run_is_a_conflict(personas):
    run = RunFactory(workspace=personas.workspace)
    with pytest.raises(Conflict):
        services.run_retry(run=run, actor=personas.marketer)


def test_request_with_bad_input_stores_nothing(personas):
    with pytest.raises(AppError) as exc:
        services.run_request(
            workspace=personas.workspace,
            actor=personas.marketer,
            kind="campaign",
            period_start=START,
            period_end=START - timedelta(days=1),
            formats=["doc"],
        )
    assert set(exc.value.errors) == {"period_end", "formats", "campaign"}
    assert ReportRun.objects.count() == 0


def test_areas_without_models_answer_an_honest_empty_section(
    personas, known, django_capture_on_commit_callbacks, monkeypatch
):
    from reports.providers import areas

    monkeypatch.setattr(areas, "_model", lambda app_label, name: None)  # a deployment without the app
    run = _request(personas, django_capture_on_commit_callbacks, kind="negativity", formats=["csv", "pptx"])
    assert run.status == "done"
    [section] = run.snapshot["sections"]
    assert (section["available"], section["note"], section["tiles"]) == (
        False,
        "No data for this area yet.",
        [],
    )


def test_campaign_run_shows_kpis_against_targets(personas, known, django_capture_on_commit_callbacks):
    pies, _other = known
    run = _request(
        personas, django_capture_on_commit_callbacks, kind="campaign", campaign=pies, formats=["csv"]
    )
    tiles = {t["key"]: t for t in run.snapshot["sections"][0]["tiles"]}
    # one CRM sale: the KPI of 5 sales is missed and a sale cost the whole spend
    assert (tiles["kpi_sales"]["value"], tiles["kpi_sales"]["target"], tiles["kpi_sales"]["status"]) == (
        1,
        5.0,
        "bad",
    )
    assert tiles["kpi_cost_per_sale"]["value"] == 10000.0
    assert tiles["kpi_cost_per_sale"]["status"] == "bad"


def test_case_deck_of_a_campaign_that_met_its_goals(personas, known, django_capture_on_commit_callbacks):
    pies, other = known
    # the CRM is the truth for its sales: one confirmed sale misses the KPI of 5 (the metric rows'
    # 7 do not count), so no case yet; four more confirmed sales meet both KPIs (5 sales, 10 000
    # spend / 5 = 2 000 per sale)
    with pytest.raises(AppError):
        services.case_deck_request(workspace=personas.workspace, actor=personas.marketer, campaign=pies)
    for _ in range(4):
        ConversionFactory(campaign=pies, kind="sale", amount=Decimal("3000"))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.case_deck_request(workspace=personas.workspace, actor=personas.marketer, campaign=pies)
    run.refresh_from_db()
    assert (run.kind, run.formats, run.status) == ("case", ["pptx"], "done")
    keys = [s["key"] for s in run.snapshot["sections"]]
    assert keys[:2] == ["results", "what_worked"] and "template" in keys
    ranked = next(s for s in run.snapshot["sections"] if s["key"] == "what_worked")["tables"][0]["rows"]
    assert [r[0] for r in ranked] == ["VK", "Telegram"]  # 8000/6 = 1333 per sale before 2000/1
    deck = Presentation(io.BytesIO(_content(run, "pptx")))
    assert len(deck.slides) > 3
    with pytest.raises(AppError):
        services.case_deck_request(workspace=personas.workspace, actor=personas.marketer, campaign=other)


def test_mark_reviewed_twice_is_a_friendly_no_op(personas):
    run = RunFactory(workspace=personas.workspace)
    run, changed = services.run_mark_reviewed(run=run, actor=personas.manager)
    assert changed and run.reviewed_by == personas.manager
    first = run.reviewed_at
    run, changed = services.run_mark_reviewed(run=run, actor=personas.owner)
    assert not changed and (run.reviewed_by, run.reviewed_at) == (personas.manager, first)


def test_campaign_run_whose_campaign_was_deleted_fails_with_the_reason(personas, known):
    run = RunFactory(
        workspace=personas.workspace, kind="campaign", campaign=None, status="queued", progress=0
    )
    assert services.run_generate(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert (run.status, run.error) == ("failed", "AppError: The campaign of this report was deleted.")
