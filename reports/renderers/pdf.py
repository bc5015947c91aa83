"""PDF (reportlab platypus) in DejaVu Sans, which covers Cyrillic; tiles, tables and charts."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .text import fmt, header_lines, tile_text

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
PALETTE = [colors.HexColor(c) for c in ("#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997")]
MAX_CHART_POINTS = 120


class FontMissing(RuntimeError):
    """The Cyrillic-capable font is not installed (Debian: ``apt-get install fonts-dejavu-core``)."""


def register_fonts() -> None:
    """Register DejaVu Sans from ``REPORTS_FONT_DIR``; ``FontMissing`` with the fix when absent."""
    folder = Path(getattr(settings, "REPORTS_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontMissing(
            f"DejaVuSans.ttf and DejaVuSans-Bold.ttf are needed in {folder} for PDF reports "
            "(install the fonts-dejavu-core package or set REPORTS_FONT_DIR)."
        )
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9),
    }


def _escape(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(data: list[list], styles, header: bool = True, widths=None) -> Table:
    cells = [[Paragraph(_escape(v), styles["cell"]) for v in row] for row in data]
    table = Table(cells, repeatRows=1 if header else 0, colWidths=widths, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#adb5bd")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")))
    table.setStyle(TableStyle(commands))
    return table


def _category(label, kind: str) -> str:
    return fmt(label, "date") if kind == "line" else str(label)


def _chart(chart: dict) -> Drawing:
    width, height = 250 * mm, 70 * mm
    drawing = Drawing(width, height)
    labels = chart["labels"][-MAX_CHART_POINTS:]
    series = [[float(v or 0) for v in s["values"][-MAX_CHART_POINTS:]] for s in chart["series"]]
    plot = VerticalBarChart() if chart["kind"] == "bar" else HorizontalLineChart()
    plot.x, plot.y, plot.width, plot.height = 40, 30, width - 160, height - 45
    plot.data = series or [[0]]
    # days of a line chart read as the page's dates, axis values as its numbers (03.11.2026, 1 000)
    labels = [_category(label, chart["kind"]) for label in labels]
    plot.categoryAxis.categoryNames = [label[:14] for label in labels] or [""]
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = 6
    plot.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    plot.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    if len(labels) > 31:
        step = max(len(labels) // 15, 1)
        plot.categoryAxis.categoryNames = [
            str(label) if i % step == 0 else "" for i, label in enumerate(labels)
        ]
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.labels.fontSize = 6
    plot.valueAxis.valueMin = 0
    plot.valueAxis.labelTextFormat = lambda value: fmt(value, "decimal")
    for i in range(len(series)):
        target = plot.bars[i] if chart["kind"] == "bar" else plot.lines[i]
        target.fillColor = PALETTE[i % len(PALETTE)]
        target.strokeColor = PALETTE[i % len(PALETTE)]
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = width - 110, height - 20
    legend.fontName, legend.fontSize = FONT, 7
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s["name"]) for i, s in enumerate(chart["series"])]
    drawing.add(legend)
    return drawing


def render(snapshot: dict) -> bytes:
    register_fonts()
    styles = _styles()
    meta = snapshot.get("meta", {})
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=meta.get("title", ""),
        author=meta.get("workspace", ""),
    )
    story: list = [Paragraph(_escape(meta.get("title", "")), styles["title"])]
    story += [Paragraph(_escape(line), styles["body"]) for line in header_lines(snapshot) if line]
    for section in snapshot.get("sections", []):
        story.append(Paragraph(_escape(section["title"]), styles["h2"]))
        if section["note"]:
            story.append(Paragraph(_escape(section["note"]), styles["body"]))
        if section["tiles"]:
            rows = [[t["label"], tile_text(t)] for t in section["tiles"]]
            story.append(_table(rows, styles, header=False, widths=[80 * mm, 50 * mm]))
        for table in section["tables"]:
            story.append(Paragraph(_escape(table["title"]), styles["h3"]))
            types = [c["type"] for c in table["columns"]]
            data = [[c["label"] for c in table["columns"]]]
            data += [[fmt(v, t) for v, t in zip(row, types, strict=False)] for row in table["rows"]]
            story.append(_table(data, styles))
        for chart in section["charts"]:
            if chart["labels"]:
                story.append(Paragraph(_escape(chart["title"]), styles["h3"]))
                story.append(_chart(chart))
        story.append(Spacer(1, 4 * mm))
    doc.build(story)
    return buffer.getvalue()
