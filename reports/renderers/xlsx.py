"""XLSX (openpyxl write-only mode): a summary sheet, then one sheet per section.

Numbers are stored as numbers with the number format of their column type in the report's
language (``smm_platform.formatting.xlsx_number_format``), never as text; text that a
spreadsheet would run as a formula is stored as text (``reports.renderers.safety``). Sheet names
are the sections' titles cut at a word (Excel allows 31 characters), unique in the book; a
table's header names are unique; each sheet freezes its first column and the rows above the
first table's data, and columns are sized to their content.
"""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from smm_platform.formatting import format_value, xlsx_number_format

from .safety import is_formula_like

BOLD = Font(bold=True)
MAX_SHEET_NAME = 31
MAX_WIDTH = 60


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]\*\?/\\:']", " ", title).strip() or "Sheet"
    base = (
        re.sub(r"\s*\(.*$", "", base) or base
    )  # "Reach and engagement (vanity metrics)" -> "Reach and engagement"
    if len(base) > MAX_SHEET_NAME - 3:
        cut = base[: MAX_SHEET_NAME - 3]
        base = cut.rsplit(" ", 1)[0] if " " in cut else cut
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[: MAX_SHEET_NAME - 3]} {n}"
        n += 1
    used.add(name.lower())
    return name


def unique_headers(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        count = seen.get(label.lower(), 0) + 1
        seen[label.lower()] = count
        out.append(label if count == 1 else f"{label} ({count})")
    return out


class _Sheet:
    """A write-only sheet that remembers how wide each column's content is."""

    def __init__(self, wb, title: str, language: str):
        self.ws = wb.create_sheet(title)
        self.language = language
        self.widths: dict[int, int] = {}
        self.rows: list[list] = []

    def cell(self, value, type_: str = "text", bold: bool = False):
        if type_ == "date" and isinstance(value, str):
            with contextlib.suppress(ValueError):  # a day is a date cell, not text
                value = date.fromisoformat(value[:10])
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, int | float | date) and not isinstance(value, bool):
            number_format = xlsx_number_format(type_, self.language)
            if number_format:
                cell.number_format = number_format
        elif is_formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        if bold:
            cell.font = BOLD
        return cell

    def append(self, values: list, types: list[str] | None = None, bold: bool = False, measure=True):
        types = types or ["text"] * len(values)
        row = []
        for i, (value, type_) in enumerate(zip(values, types, strict=False), start=1):
            row.append(value if hasattr(value, "data_type") else self.cell(value, type_, bold))
            if measure and value is not None:
                shown = format_value(value, type_, self.language) if not hasattr(value, "data_type") else ""
                self.widths[i] = max(self.widths.get(i, 0), len(str(shown)))
        self.rows.append(row)

    def flush(self, freeze: str | None = None):
        if freeze:
            self.ws.freeze_panes = freeze
        for column, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), MAX_WIDTH)
        for row in self.rows:
            self.ws.append(row)


def render(snapshot: dict) -> bytes:
    wb = Workbook(write_only=True)
    used: set[str] = set()
    meta = snapshot.get("meta", {})
    language = meta.get("language", "ru")
    summary = _Sheet(wb, _sheet_title(meta.get("summary_label", "Summary"), used), language)
    summary.append([meta.get("title", "")], bold=True, measure=False)
    for line in (meta.get("workspace", ""), meta.get("period_label", ""), meta.get("generated_label", "")):
        summary.append([line], measure=False)
    summary.append([])
    for section in snapshot.get("sections", []):
        summary.append([section["title"]], bold=True, measure=False)
        for tile in section["tiles"]:
            summary.append(
                [tile["label"], tile["value"], tile.get("target")], ["text", tile["type"], tile["type"]]
            )
        if not section["available"]:
            summary.append([section["note"]], measure=False)
    summary.flush()
    for section in snapshot.get("sections", []):
        sheet = _Sheet(wb, _sheet_title(section["title"], used), language)
        sheet.append([section["title"]], bold=True, measure=False)
        if section["note"]:
            sheet.append([section["note"]], measure=False)
        freeze = None
        for table in section["tables"]:
            sheet.append([])
            sheet.append([table["title"]], bold=True, measure=False)
            sheet.append(unique_headers([c["label"] for c in table["columns"]]), bold=True)
            if freeze is None:
                freeze = f"B{len(sheet.rows) + 1}"
            types = [c["type"] for c in table["columns"]]
            for row in table["rows"]:
                sheet.append(list(row), types)
        for chart in section["charts"]:
            sheet.append([])
            sheet.append([chart["title"]], bold=True, measure=False)
            sheet.append(["", *[s["name"] for s in chart["series"]]], bold=True)
            for i, label in enumerate(chart["labels"]):
                sheet.append(
                    [label, *[s["values"][i] for s in chart["series"]]],
                    ["date" if chart["kind"] == "line" else "text", *["decimal"] * len(chart["series"])],
                )
        sheet.flush(freeze)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
