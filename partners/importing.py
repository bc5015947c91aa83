"""Reading CSV/XLSX uploads of candidate partners into flat row dicts (no database)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from smm_platform.errors import AppError

from .forms import MAX_IMPORT_ROWS

COLUMNS = [
    "name",
    "kind",
    "platform",
    "url",
    "handle",
    "audience_size",
    "engagement_rate",
    "topics",
    "geography",
    "tags",
    "price",
    "currency",
    "email",
    "phone",
    "telegram",
    "notes",
]


def _rows_from_table(header: list, body) -> list[dict]:
    keys = [str(h or "").strip().lower() for h in header]
    if "name" not in keys:
        raise AppError(
            _("The first row must name the columns (name, kind, platform, url, handle, audience_size, ...)."),
            errors={"file": [_("No “name” column.")]},
        )
    rows = []
    for values in body:
        if not any(v not in (None, "") for v in values):
            continue
        rows.append(
            {
                k: ("" if v is None else str(v).strip())
                for k, v in zip(keys, values, strict=False)
                if k in COLUMNS
            }
        )
        if len(rows) > MAX_IMPORT_ROWS:
            raise AppError(
                _("At most %(n)s rows per file.") % {"n": MAX_IMPORT_ROWS},
                errors={"file": [_("Too many rows.")]},
            )
    return rows


def read_upload(name: str, content: bytes) -> list[dict]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file; a clear 400 when unreadable."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            table = sheet.iter_rows(values_only=True)
            header = next(table, None)
        except Exception as exc:
            raise AppError(
                _("The file is not a readable XLSX workbook."), errors={"file": [str(_("Unreadable file."))]}
            ) from exc
        if header is None:
            return []
        return _rows_from_table(list(header), table)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AppError(_("Save the CSV file as UTF-8."), errors={"file": [_("Not UTF-8 text.")]}) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if header is None:
        return []
    return _rows_from_table(header, reader)
