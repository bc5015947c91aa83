"""PPTX (python-pptx): a title slide, then per section its headline numbers, its tables and its
charts as native, editable PowerPoint charts (the data sits in the deck's embedded workbook)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from .text import fmt, header_lines, tile_text

ROWS_PER_SLIDE = 12
MAX_CHART_POINTS = 120


def _title_only(prs, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
    return slide


def _text(slide, lines: list[str], size_pt: int = 18):
    size = Pt(size_pt)
    box = slide.shapes.add_textbox(Inches(0.6), Inches(1.5), Inches(12), Inches(5.5))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = size


def _table(slide, columns: list[dict], rows: list[list]):
    shape = slide.shapes.add_table(
        len(rows) + 1, len(columns), Inches(0.4), Inches(1.4), Inches(12.5), Inches(0.4) * (len(rows) + 1)
    )
    table = shape.table
    for j, column in enumerate(columns):
        table.cell(0, j).text = column["label"]
    for i, row in enumerate(rows, start=1):
        for j, (value, column) in enumerate(zip(row, columns, strict=False)):
            table.cell(i, j).text = fmt(value, column["type"])
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(11)


def _chart(slide, chart: dict):
    data = CategoryChartData()
    labels = chart["labels"][-MAX_CHART_POINTS:]
    # days of a line chart read as the report's dates (03.11.2026 / Nov 3, 2026)
    data.categories = [fmt(label, "date") for label in labels] if chart["kind"] == "line" else labels
    for series in chart["series"]:
        data.add_series(series["name"], [float(v or 0) for v in series["values"][-MAX_CHART_POINTS:]])
    kind = XL_CHART_TYPE.COLUMN_CLUSTERED if chart["kind"] == "bar" else XL_CHART_TYPE.LINE_MARKERS
    frame = slide.shapes.add_chart(kind, Inches(0.5), Inches(1.4), Inches(12.3), Inches(5.6), data)
    axis = frame.chart.value_axis.tick_labels  # grouped whole numbers, the viewer's separators
    axis.number_format, axis.number_format_is_linked = "#,##0", False
    frame.chart.has_legend = True
    frame.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    frame.chart.legend.include_in_layout = False


def render(snapshot: dict) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    meta = snapshot.get("meta", {})
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = meta.get("title", "")
    cover.placeholders[1].text = "\n".join(line for line in header_lines(snapshot) if line)
    for section in snapshot.get("sections", []):
        if not section["available"]:
            slide = _title_only(prs, section["title"])
            _text(slide, [section["note"]])
            continue
        if section["tiles"] or section["note"]:
            slide = _title_only(prs, section["title"])
            lines = [f"{t['label']}: {tile_text(t)}" for t in section["tiles"]]
            _text(slide, ([section["note"]] if section["note"] else []) + lines, size_pt=16)
        for table in section["tables"]:
            if not table["rows"]:
                continue
            for start in range(0, len(table["rows"]), ROWS_PER_SLIDE):
                slide = _title_only(prs, table["title"])
                _table(slide, table["columns"], table["rows"][start : start + ROWS_PER_SLIDE])
        for chart in section["charts"]:
            if chart["labels"]:
                slide = _title_only(prs, chart["title"])
                _chart(slide, chart)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
