"""Reading a CSV or XLSX file of mentions into rows of the ingest API's shape."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import datetime

from django.utils.translation import gettext as _

from smm_platform.errors import AppError

MAX_FILE_ROWS = 5000
AUTHOR_COLUMNS = {
    "author_handle": "handle",
    "author": "handle",
    "author_name": "name",
    "author_created_at": "created_at",
    "author_followers": "followers",
}


def _to_row(record: dict) -> dict:
    row: dict = {"author": {}}
    for key, value in record.items():
        if key is None:
            continue
        name = str(key).strip().lower()
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, datetime):
            value = value.isoformat()
        if value in ("", None):
            continue
        if name in AUTHOR_COLUMNS:
            row["author"][AUTHOR_COLUMNS[name]] = value
        else:
            row[name] = value
    return row


def read_rows(uploaded) -> list[dict]:
    """Rows of a ``.csv`` (UTF-8, comma or semicolon) or ``.xlsx`` upload; header in the first row."""
    name = (uploaded.name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(uploaded, read_only=True, data_only=True).active
        except Exception:
            raise AppError(
                _("The file is not a readable XLSX workbook."), errors={"file": [_("Unreadable file.")]}
            ) from None
        values = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(values, [])]
        records = [dict(zip(header, r, strict=False)) for r in values if any(c not in (None, "") for c in r)]
    elif name.endswith(".csv"):
        try:
            text = uploaded.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AppError(_("The CSV file must be UTF-8."), errors={"file": [_("Not UTF-8.")]}) from None
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        records = [
            r
            for r in csv.DictReader(io.StringIO(text), dialect=dialect)
            if any((v or "").strip() for v in r.values() if isinstance(v, str))
        ]
    else:
        raise AppError(_("Upload a .csv or .xlsx file."), errors={"file": [_("Unsupported file type.")]})
    if not records:
        raise AppError(_("The file has no rows."), errors={"file": [_("No rows.")]})
    if len(records) > MAX_FILE_ROWS:
        raise AppError(
            _("A file holds at most %(n)s rows.") % {"n": MAX_FILE_ROWS},
            errors={"file": [_("Too many rows.")]},
        )
    return [_to_row(r) for r in records]
