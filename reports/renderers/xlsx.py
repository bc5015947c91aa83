"""XLSX (openpyxl write-only mode): a summary sheet, then one sheet per section; numbers are
stored as numbers with a number format, never as text."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

NUMBER_FORMATS = {"int": "#,##0", "money": "#,##0.00", "decimal": "#,##0.00", "percent": "0.0"}
BOLD = Font(bold=True)


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]\*\?/\\:]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def _cell(ws, value, type_: str = "text", bold: bool = False):
    cell = WriteOnlyCell(ws, value=value)
    if type_ in NUMBER_FORMATS and isinstance(value, int | float):
        cell.number_format = NUMBER_FORMATS[type_]
    if bold:
        cell.font = BOLD
    return cell


def render(snapshot: dict) -> bytes:
    wb = Workbook(write_only=True)
    used: set[str] = set()
    meta = snapshot.get("meta", {})
    summary = wb.create_sheet(_sheet_title(meta.get("summary_label", "Summary"), used))
    summary.append([_cell(summary, meta.get("title", ""), bold=True)])
    summary.append([meta.get("workspace", "")])
    summary.append([meta.get("period_label", "")])
    summary.append([meta.get("generated_label", "")])
    summary.append([])
    for section in snapshot.get("sections", []):
        summary.append([_cell(summary, section["title"], bold=True)])
        for tile in section["tiles"]:
            summary.append(
                [
                    tile["label"],
                    _cell(summary, tile["value"], tile["type"]),
                    _cell(summary, tile.get("target"), tile["type"]),
                ]
            )
        if not section["available"]:
            summary.append([section["note"]])
    for section in snapshot.get("sections", []):
        ws = wb.create_sheet(_sheet_title(section["title"], used))
        ws.append([_cell(ws, section["title"], bold=True)])
        if section["note"]:
            ws.append([section["note"]])
        for table in section["tables"]:
            ws.append([])
            ws.append([_cell(ws, table["title"], bold=True)])
            ws.append([_cell(ws, c["label"], bold=True) for c in table["columns"]])
            types = [c["type"] for c in table["columns"]]
            for row in table["rows"]:
                ws.append([_cell(ws, v, t) for v, t in zip(row, types, strict=False)])
        for chart in section["charts"]:
            ws.append([])
            ws.append([_cell(ws, chart["title"], bold=True)])
            ws.append(["", *[s["name"] for s in chart["series"]]])
            for i, label in enumerate(chart["labels"]):
                ws.append([label, *[_cell(ws, s["values"][i], "decimal") for s in chart["series"]]])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
