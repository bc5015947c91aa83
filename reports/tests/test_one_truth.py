"""One goal, one number: the dashboard, the goals page, the campaign page, the API, the report
snapshot and every file of the run (CSV, XLSX, PPTX and PDF, parsed back) and the campaign's case
deck give the same figure, in Russian and in English (each in its own number format), with metric
rows and CRM conversions inside and outside the goal's period; adding a conversion moves every
surface by the same amount."""

import csv
import html
import io
import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from campaigns.models import Conversion
from reports import services
from reports.renderers.csv import dialect_for
from smm_platform.errors import AppError
from smm_platform.formatting import format_date, format_money, format_percent, format_value

from .factories import CampaignFactory, GoalFactory, MetricFactory

TARGET = Decimal("1000")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _world(workspace):
    today = timezone.localdate()
    start, end = today - timedelta(days=10), today + timedelta(days=10)
    goal = GoalFactory(
        workspace=workspace,
        name="Торты",
        target_metric="sales",
        target_value=TARGET,
        starts_on=start,
        ends_on=end,
    )
    crm = CampaignFactory(
        workspace=workspace,
        name="Торты в CRM",
        goal=goal,
        starts_on=start - timedelta(days=5),
        ends_on=end,
        alignment_verdict="aligned",  # a case deck is made of a campaign that met its goals
    )
    metrics = CampaignFactory(
        workspace=workspace, goal=goal, starts_on=start - timedelta(days=5), ends_on=end
    )
    for campaign, sales in ((crm, 5), (metrics, 1234)):
        MetricFactory(campaign=campaign, date=start, sales=sales, leads=9, spend=Decimal("1000.50"))
        MetricFactory(
            campaign=campaign, date=start - timedelta(days=2), sales=50, spend=Decimal("7")
        )  # before the goal's period
    _sale(crm, start + timedelta(days=1), "in-1")
    _sale(crm, start - timedelta(days=3), "out-1")  # before the goal: never counts for it
    return goal, crm, metrics, start, end


def _sale(campaign, day, external_id):
    return Conversion.objects.create(
        workspace=campaign.workspace,
        campaign=campaign,
        external_id=external_id,
        kind="sale",
        amount=Decimal("100"),
        occurred_at=timezone.make_aware(datetime.combine(day, time(12))),
    )


def _parse(text: str, language: str) -> Decimal:
    """A number as a reader sees it ("1 235", "123,5 %", "₽1,007.50") back to a Decimal."""
    text = text.replace("\xa0", " ").replace("₽", "").replace("%", "").strip()
    text = text.replace(" ", "").replace(",", ".") if language == "ru" else text.replace(",", "")
    return Decimal(text)


def _html_figure(body: str, attribute: str) -> str:
    found = re.search(rf'{attribute}"?>([^<]+)<', body)
    assert found, attribute
    return html.unescape(found.group(1)).strip()


def _run(personas, capture, start, end, *, case=None):
    with capture(execute=True):
        if case is None:
            run = services.run_request(
                workspace=personas.workspace,
                actor=personas.owner,
                kind="workspace",
                formats=["csv", "xlsx", "pptx", "pdf"],
                period_start=start,
                period_end=end,
            )
        else:
            run = services.case_deck_request(
                workspace=personas.workspace, actor=personas.owner, campaign=case
            )
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def _file(run, fmt: str) -> bytes:
    with run.files.get(format=fmt).file.open("rb") as handle:
        return handle.read()


def _pptx_texts(content: bytes) -> tuple[list[list[str]], list[str]]:
    """(every table row's cell texts, every text line) of a deck."""
    rows, lines = [], []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows += [[cell.text for cell in row.cells] for row in shape.table.rows]
            elif shape.has_text_frame:
                lines += [p.text for p in shape.text_frame.paragraphs]
    return rows, lines


def _pptx_chart_categories(content: bytes) -> list[str]:
    return [
        str(category)
        for slide in Presentation(io.BytesIO(content)).slides
        for shape in slide.shapes
        if shape.has_chart
        for category in shape.chart.plots[0].categories
    ]


def _report_figures(run, goal) -> dict[str, tuple[Decimal, Decimal]]:
    """The goal's (actual, progress) in the snapshot and in each file of the run, parsed back."""
    lang = run.language
    section = run.snapshot["sections"][0]
    goals = next(t for t in section["tables"] if t["key"] == "goals")
    snapshot_row = next(r for r in goals["rows"] if r[0] == goal.name)
    found = {"snapshot": (Decimal(str(snapshot_row[3])), Decimal(str(snapshot_row[4])))}

    delimiter, decimal = dialect_for(lang)
    rows = list(csv.reader(io.StringIO(_file(run, "csv").decode("utf-8-sig")), delimiter=delimiter))
    row = next(r for r in rows if r[:1] == [goal.name] and len(r) > 4)
    found["csv"] = (Decimal(row[3].replace(decimal, ".")), Decimal(row[4].replace(decimal, ".")))

    book = load_workbook(io.BytesIO(_file(run, "xlsx")), read_only=True)
    cells = next(
        r
        for sheet in book.worksheets
        for r in sheet.iter_rows(values_only=True)
        if r[:1] == (goal.name,) and len(r) > 4
    )
    assert all(isinstance(v, int | float) for v in cells[3:5]), cells  # numbers, not text
    found["xlsx"] = (Decimal(str(cells[3])), Decimal(str(cells[4])))

    table_rows, _lines = _pptx_texts(_file(run, "pptx"))
    cells = next(r for r in table_rows if r[:1] == [goal.name])
    found["pptx"] = (_parse(cells[3], lang), _parse(cells[4], lang))
    shown = [format_value(snapshot_row[3], "decimal", lang), format_percent(snapshot_row[4], lang)]
    assert cells[3:5] == shown, cells  # the reader's format, as on the page

    lines = [
        line.strip()
        for page in PdfReader(io.BytesIO(_file(run, "pdf"))).pages
        for line in page.extract_text().splitlines()
    ]
    after_title = lines[lines.index(goals["title"]) :]  # each cell of the goals table on its line
    row = after_title[after_title.index(goal.name) :]
    found["pdf"] = (_parse(row[3], lang), _parse(row[4], lang))
    # the charts in the files read days as the page does, not as ISO codes
    day = format_date(run.period_start, lang)  # the day with metric rows
    assert day.replace("\xa0", " ") in lines and not any(ISO_DAY.search(line) for line in lines)
    assert day in _pptx_chart_categories(_file(run, "pptx"))
    assert any(
        isinstance(v, datetime)
        for sheet in book.worksheets
        for r in sheet.iter_rows(values_only=True)
        for v in r
    )
    assert row[3:5] == [text.replace("\xa0", " ") for text in shown], row[
        :5
    ]  # its text layer reads no-break spaces as spaces
    return found


def _screens(personas, client, api, goal) -> dict[str, tuple[Decimal, Decimal]]:
    slug = personas.workspace.slug
    home = client.get(reverse("reports:home", kwargs={"workspace_slug": slug})).context
    tile = next(t for t in home["summary"]["goal_tiles"] if t["goal"].pk == goal.pk)
    goals = client.get(reverse("campaigns:goals", kwargs={"workspace_slug": slug})).context
    node = next(n["goal"] for n in goals["nodes"] if n["goal"].pk == goal.pk)
    api_goal = api.get(f"/api/v1/workspaces/{slug}/goals/{goal.pk}/").json()
    listed = api.get(f"/api/v1/workspaces/{slug}/goals/").json()["results"]
    api_listed = next(g for g in listed if g["id"] == goal.pk)
    return {
        "dashboard": (Decimal(tile["value"]), tile["percent"]),
        "goals page": (Decimal(node.figure.actual), node.figure.progress),
        "api": (Decimal(api_goal["actual"]), Decimal(str(api_goal["progress"]))),
        "api list": (Decimal(api_listed["actual"]), Decimal(str(api_listed["progress"]))),
    }


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_surface_and_file_gives_the_goal_the_same_figure(
    language, personas, client, api_as, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    personas.owner.language = language
    personas.owner.save(update_fields=["language"])
    goal, crm, _metrics, start, end = _world(personas.workspace)
    client.force_login(personas.owner)
    api = api_as(personas.owner)
    slug = personas.workspace.slug

    found = _screens(personas, client, api, goal)
    run = _run(personas, django_capture_on_commit_callbacks, start, end)
    assert run.language == language
    found |= _report_figures(run, goal)
    # CRM campaign: 1 sale in the goal's period (its metric rows' 5 are replaced, never added);
    # metrics campaign: 1 234 in the period (the 50 before it do not count); 1 235 of 1 000
    assert set(found.values()) == {(Decimal("1235"), Decimal("123.5"))}, found

    # the goals page shows it in the reader's format, as the files do
    body = client.get(reverse("campaigns:goals", kwargs={"workspace_slug": slug})).content.decode()
    shown = {"ru": ("1\xa0235", "123,5\xa0%"), "en": ("1,235", "123.5%")}[language]
    assert (
        _html_figure(body, 'data-testid="goal-actual'),
        _html_figure(body, 'data-testid="goal-progress'),
    ) == shown

    # the campaign: its page, the API (detail and list) and its case deck
    page = client.get(reverse("campaigns:detail", kwargs={"workspace_slug": slug, "pk": crm.pk}))
    figure = page.context["figure"]
    assert (figure.actual, figure.progress) == (1, Decimal("0.1"))  # its share of the goal
    assert figure.results.sales == 2  # its own dates: both CRM sales
    api_campaign = api.get(f"/api/v1/workspaces/{slug}/campaigns/{crm.pk}/").json()
    listed = api.get(f"/api/v1/workspaces/{slug}/campaigns/?goal={goal.pk}").json()["results"]
    for data in (api_campaign, next(c for c in listed if c["id"] == crm.pk)):
        assert (Decimal(data["actual"]), Decimal(str(data["progress"]))) == (figure.actual, figure.progress)
        assert (data["results"]["sales"], Decimal(data["results"]["spend"])) == (
            figure.results.sales,
            figure.results.spend,
        )
    body = page.content.decode()
    deck = _run(personas, django_capture_on_commit_callbacks, crm.starts_on, end, case=crm)
    tiles = {t["key"]: t for t in deck.snapshot["sections"][0]["tiles"]}
    assert tiles["sales"]["value"] == figure.results.sales
    assert Decimal(str(tiles["spend"]["value"])) == figure.results.spend == Decimal("1007.50")
    _rows, lines = _pptx_texts(_file(deck, "pptx"))
    for key, shown in (
        ("sales", _html_figure(body, 'data-figure="sales')),
        ("spend", _html_figure(body, 'data-figure="spend')),
        ("revenue", _html_figure(body, 'data-figure="revenue')),
    ):
        assert f"{tiles[key]['label']}: {shown}" in lines, (key, shown, lines)
    assert _html_figure(body, 'data-figure="spend') == format_money(Decimal("1007.50"), lang=language)


@pytest.mark.django_db
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(extra=st.integers(min_value=1, max_value=4))
def test_adding_conversions_moves_every_surface_by_the_same_amount(
    extra, personas, client, api_as, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    from campaigns.models import BusinessGoal, Campaign

    Conversion.objects.all().delete()
    Campaign.objects.all().delete()
    BusinessGoal.objects.all().delete()
    goal, crm, _metrics, start, end = _world(personas.workspace)
    client.force_login(personas.owner)
    api = api_as(personas.owner)

    def surfaces():
        found = _screens(personas, client, api, goal)
        with django_capture_on_commit_callbacks(execute=True):
            run = services.run_request(
                workspace=personas.workspace,
                actor=personas.owner,
                kind="workspace",
                formats=["csv"],
                period_start=start,
                period_end=end,
            )
        run.refresh_from_db()
        section = run.snapshot["sections"][0]
        row = next(
            r for t in section["tables"] if t["key"] == "goals" for r in t["rows"] if r[0] == goal.name
        )
        found["snapshot"] = (Decimal(str(row[3])), None)
        return {name: actual for name, (actual, _progress) in found.items()}

    before = surfaces()
    for i in range(extra):
        _sale(crm, start + timedelta(days=2), f"new-{extra}-{i}")
    after = surfaces()
    assert {name: after[name] - before[name] for name in before} == dict.fromkeys(before, Decimal(extra))


@pytest.mark.django_db
def test_the_case_deck_gate_judges_kpis_by_the_figures_the_deck_shows(personas):
    from campaigns.models import KPI

    today = timezone.localdate()
    start = today - timedelta(days=20)
    by_crm = CampaignFactory(workspace=personas.workspace, starts_on=start, ends_on=today)
    by_rows = CampaignFactory(workspace=personas.workspace, starts_on=start, ends_on=today)
    for campaign in (by_crm, by_rows):
        KPI.objects.create(workspace=personas.workspace, campaign=campaign, metric="sales", target_value=2)
    # CRM sales reach the target while the metric rows report none: a case
    MetricFactory(campaign=by_crm, date=start, sales=0)
    _sale(by_crm, start + timedelta(days=1), "crm-a")
    _sale(by_crm, start + timedelta(days=2), "crm-b")
    run = services.case_deck_request(workspace=personas.workspace, actor=personas.owner, campaign=by_crm)
    assert run.kind == "case"
    # the rows claim 9 sales but the CRM confirmed one: the deck would show 1 of 2, so no case
    MetricFactory(campaign=by_rows, date=start, sales=9)
    _sale(by_rows, start + timedelta(days=1), "crm-c")
    with pytest.raises(AppError):
        services.case_deck_request(workspace=personas.workspace, actor=personas.owner, campaign=by_rows)
