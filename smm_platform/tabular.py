"""Reading the spreadsheets people actually have: one helper for every import (campaign metrics,
partners, mentions).

* CSV in UTF-8 (with or without a BOM), UTF-16 (Excel's "Unicode text") or Windows-1251, detected;
  comma, semicolon or tab separators, detected from the header line (a decimal comma never fools
  it); XLSX, including Russian Excel's.
* Hard limits, checked before the work they guard: bytes of the upload, rows, columns, and for
  XLSX the declared expanded size of the workbook's parts (a 100 KB file that inflates to 30 MB is
  refused without inflating it); rows are streamed and reading stops at the first row past the
  limit.
* Headers in Russian or English: each importer declares its columns with aliases; the preview
  shows the mapping and the person can fix it.
* Values as people write them: "1 234,56", "12 000 ₽", "15%", "01.12.2026", Excel dates.
* Every problem is a :class:`TableError` with a sentence in the reader's language, never a Python
  exception text; cell problems name the row and the column (:func:`cell_message`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .errors import AppError, PayloadTooLarge

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
#: The most the parts of an XLSX workbook may expand to (all XML parts together).
MAX_EXPANDED_BYTES = 25 * 1024 * 1024
#: A part that expands more than this many times is a compression bomb, whatever its size.
MAX_RATIO = 200
MAX_CELL_CHARS = 10_000

IGNORE = ""


class TableError(AppError):
    """The file as a whole cannot be taken (unreadable, too big, no header)."""

    def __init__(self, message, *, status_code: int | None = None):
        super().__init__(str(message), errors={"file": [str(message)]}, status_code=status_code)


class TableTooLarge(TableError, PayloadTooLarge):
    status_code = 413


@dataclass(frozen=True)
class Column:
    """A column an importer understands: its key, its label, and the headers that name it."""

    key: str
    label: object  # a lazy translation
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[list] = field(default_factory=list)
    #: The row number in the file of each data row (the header is row 1 when it is the first).
    lines: list[int] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    kind: str = "csv"

    def as_stash(self) -> dict:
        """A JSON-safe copy for the session (dates as ISO strings)."""
        return {
            "header": self.header,
            "rows": [[_jsonable(v) for v in row] for row in self.rows],
            "lines": self.lines,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "kind": self.kind,
        }

    @classmethod
    def from_stash(cls, data: dict) -> Table:
        return cls(
            header=list(data["header"]),
            rows=[list(r) for r in data["rows"]],
            lines=list(data.get("lines") or []),
            encoding=data.get("encoding", ""),
            delimiter=data.get("delimiter", ""),
            kind=data.get("kind", "csv"),
        )


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- reading ------------------------------------------------------------------------------------


def read_table(
    upload,
    *,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    max_expanded: int = MAX_EXPANDED_BYTES,
) -> Table:
    """The header and data rows of an uploaded ``.csv``/``.txt``/``.xlsx`` (a Django upload, a file
    object or bytes). Empty lines are skipped; trailing empty cells are kept as ``None``/``""``."""
    name = (name or getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_big_bytes(max_bytes)
    content = upload if isinstance(upload, bytes) else _read_bounded(upload, max_bytes)
    if len(content) > max_bytes:
        raise _too_big_bytes(max_bytes)
    if not content.strip():
        raise TableError(_("The file is empty."))
    if name.endswith(".xlsx") or (not name.endswith((".csv", ".txt")) and content[:4] == b"PK\x03\x04"):
        table = _read_xlsx(content, max_rows=max_rows, max_columns=max_columns, max_expanded=max_expanded)
    elif name.endswith((".csv", ".txt")) or not name:
        table = _read_csv(content, max_rows=max_rows, max_columns=max_columns)
    elif name.endswith(".xls"):
        raise TableError(_("Old .xls workbooks cannot be read: save the file as .xlsx or .csv in Excel."))
    else:
        raise TableError(_("Upload a .csv or .xlsx file."))
    if not any(h for h in table.header):
        raise TableError(_("The first row must name the columns."))
    if not table.rows:
        raise TableError(_("The file has no data rows."))
    return table


def _read_bounded(upload, max_bytes: int) -> bytes:
    if hasattr(upload, "seek"):
        with contextlib.suppress(OSError, ValueError):
            upload.seek(0)
    data = upload.read(max_bytes + 1)
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _too_big_bytes(max_bytes: int) -> TableTooLarge:
    return TableTooLarge(
        _("The file is larger than %(mb)s MB; split it into smaller files.")
        % {"mb": max_bytes // (1024 * 1024)}
    )


def _too_many_rows(max_rows: int) -> TableTooLarge:
    return TableTooLarge(
        _("The file has more than %(n)s rows; split it into smaller files.") % {"n": max_rows}
    )


def decode(content: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: a BOM decides, else strict UTF-8, else Windows-1251."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1251"), "cp1251"
    except UnicodeDecodeError:
        raise TableError(
            _("The text encoding of the file is not recognised: save it as UTF-8 or Windows-1251.")
        ) from None


def sniff_delimiter(first_line: str) -> str:
    """The separator of the header line: the most frequent of ``;``, tab and ``,`` outside quotes
    (headers rarely hold commas, while data rows hold decimal commas)."""
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: unquoted.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(content: bytes, *, max_rows: int, max_columns: int) -> Table:
    text, encoding = decode(content)
    if "\x00" in text:
        raise TableError(_("This is not a text file: upload a .csv or .xlsx file."))
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    csv.field_size_limit(MAX_CELL_CHARS * 10)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list] = []
    lines: list[int] = []
    try:
        for line in reader:
            if len(line) > max_columns:
                raise TableTooLarge(_("The file has more than %(n)s columns.") % {"n": max_columns})
            if not any(c.strip() for c in line):
                continue
            if header is None:
                header = [c.strip() for c in line]
                continue
            if len(rows) >= max_rows:
                raise _too_many_rows(max_rows)
            rows.append([c.strip() for c in line])
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise TableError(
            _("The CSV file is malformed near line %(line)s (an unclosed quote?).")
            % {"line": reader.line_num}
        ) from exc
    return Table(
        header=header or [], rows=rows, lines=lines, encoding=encoding, delimiter=delimiter, kind="csv"
    )


def check_xlsx_expansion(content: bytes, *, max_expanded: int = MAX_EXPANDED_BYTES) -> None:
    """Refuse a workbook whose parts would inflate past the limit, from the sizes its zip directory
    declares (reading never yields more than the declared size, so the check is a bound)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > 500:
            raise TableError(_("The file is not a readable XLSX workbook."))
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > max_expanded or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise TableTooLarge(
                    _("The workbook expands to more than %(mb)s MB; split it into smaller files.")
                    % {"mb": max_expanded // (1024 * 1024)}
                )


def _read_xlsx(content: bytes, *, max_rows: int, max_columns: int, max_expanded: int) -> Table:
    check_xlsx_expansion(content, max_expanded=max_expanded)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # any broken workbook is the user's input, told plainly
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = book.active
        header: list[str] | None = None
        rows: list[list] = []
        lines: list[int] = []
        try:
            for number, line in enumerate(
                sheet.iter_rows(values_only=True, max_col=max_columns + 1), start=1
            ):
                if len(line) > max_columns and any(v not in (None, "") for v in line[max_columns:]):
                    raise TableTooLarge(_("The file has more than %(n)s columns.") % {"n": max_columns})
                values = [v.strip() if isinstance(v, str) else v for v in line[:max_columns]]
                if not any(v not in (None, "") for v in values):
                    continue
                if header is None:
                    header = ["" if v is None else str(v).strip() for v in values]
                    continue
                if len(rows) >= max_rows:
                    raise _too_many_rows(max_rows)
                rows.append(values)
                lines.append(number)
        except TableError:
            raise
        except Exception as exc:
            raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        book.close()
    return Table(header=header or [], rows=rows, lines=lines, kind="xlsx")


# --- mapping ------------------------------------------------------------------------------------


def normalise(text) -> str:
    """A header reduced to letters and digits: "Дата публикации", "date_published " -> comparable."""
    text = str(text or "").strip().lower().replace("ё", "е")
    return re.sub(r"[^0-9a-zа-я%]+", "", text)


def auto_mapping(header: list[str], columns: list[Column]) -> list[str]:
    """For each header cell, the key of the column it names (or ``IGNORE``); each key once."""
    lookup: dict[str, str] = {}
    for column in columns:
        for alias in (column.key, str(column.label), *column.aliases):
            lookup.setdefault(normalise(alias), column.key)
    mapping, used = [], set()
    for cell in header:
        key = lookup.get(normalise(cell), IGNORE)
        if key in used:
            key = IGNORE
        used.add(key)
        mapping.append(key)
    return mapping


def mapping_from_post(data, header: list[str], columns: list[Column]) -> list[str]:
    """The mapping the person chose in the preview (``map-<i>`` fields); unknown keys ignored."""
    keys = {c.key for c in columns}
    mapping, used = [], set()
    for index in range(len(header)):
        key = str(data.get(f"map-{index}", IGNORE))
        if key not in keys or key in used:
            key = IGNORE
        used.add(key)
        mapping.append(key)
    return mapping


def missing_required(mapping: list[str], columns: list[Column]) -> list[Column]:
    return [c for c in columns if c.required and c.key not in mapping]


def records(table: Table, mapping: list[str]) -> list[dict]:
    """Each row as ``{key: cell}`` for the mapped columns (empty cells left out)."""
    out = []
    for row in table.rows:
        record = {}
        for key, value in zip(mapping, row, strict=False):
            if key and value not in (None, ""):
                record[key] = value
        out.append(record)
    return out


def header_labels(table: Table, mapping: list[str], columns: list[Column]) -> dict[str, str]:
    """The column as the person named it in the file, by key (for error messages)."""
    labels = {c.key: str(c.label) for c in columns}
    for cell, key in zip(table.header, mapping, strict=False):
        if key:
            labels[key] = cell or labels.get(key, key)
    return labels


# --- preview ------------------------------------------------------------------------------------

#: Error keys that name no column (a row as a whole).
ROW_KEYS = ("non_field_errors", "__all__")
PREVIEW_ROWS = 200


def mapping_choices(columns: list[Column]) -> list[tuple[str, object]]:
    """The options of each column's select in the preview: "do not import", then every column."""
    return [(IGNORE, _("— do not import —"))] + [(c.key, c.label) for c in columns]


def row_lines(table: Table) -> list[int]:
    """The row number in the file of each data row."""
    return table.lines or [i + 2 for i in range(len(table.rows))]


def preview_context(
    table: Table,
    mapping: list[str],
    columns: list[Column],
    *,
    bad_rows=(),
    notes: dict[int, str] | None = None,
    limit: int = PREVIEW_ROWS,
) -> dict:
    """What the shared preview (``includes/table_mapping.html``) shows: the file's header with the
    column each cell is imported as (a select the person can change), the first ``limit`` rows as
    the file has them (``bad_rows``: data-row indexes with errors; ``notes``: a remark by index)."""
    lines, bad, notes = row_lines(table), {int(i) for i in bad_rows}, notes or {}
    return {
        "header": [
            {"index": i, "name": name, "key": mapping[i] if i < len(mapping) else IGNORE}
            for i, name in enumerate(table.header)
        ],
        "choices": mapping_choices(columns),
        "preview": [
            {"line": lines[i], "cells": cells, "errors": i in bad, "note": notes.get(i, "")}
            for i, cells in enumerate(table.rows[:limit])
        ],
        "total": len(table.rows),
        "file_info": {"encoding": table.encoding, "delimiter": table.delimiter, "kind": table.kind},
    }


def error_messages(
    table: Table,
    mapping: list[str],
    columns: list[Column],
    errors: dict,
    *,
    aliases: dict[str, str] | None = None,
) -> list[str]:
    """Every problem as a sentence in the reader's language: first the required columns nothing is
    mapped to, then each cell's, naming the file's row and the column as the file names it.
    ``errors``: by data-row index (counted from 0) ``{key: [message]}``; ``aliases`` turn an error
    key into the column it concerns (``"author"`` -> ``"author_handle"``)."""
    labels = header_labels(table, mapping, columns)
    lines = row_lines(table)
    messages = []
    missing = missing_required(mapping, columns)
    if missing:
        messages.append(
            _("No column is mapped to “%(columns)s”: choose it above the preview.")
            % {"columns": ", ".join(str(c.label) for c in missing)}
        )
    for index in sorted(errors, key=int):
        line = lines[int(index)] if int(index) < len(lines) else int(index) + 2
        for key, texts in errors[index].items():
            key = (aliases or {}).get(key, key)
            column = None if key in ROW_KEYS else labels.get(key, key)
            messages.extend(cell_message(line, column, str(t)) for t in texts)
    return messages


# --- values -------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_CURRENCY = re.compile(r"(₽|руб\.?|р\.|rub|\$|€|usd|eur)$", re.IGNORECASE)


def parse_decimal(value) -> Decimal | None:
    """A number as people write it: 1234.5, "1 234,56", "12 000 ₽", "1.234,56", "15%"."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    text = _SPACES.sub("", str(value)).strip()
    text = _CURRENCY.sub("", text).rstrip("%")
    if not text:
        return None
    if "," in text and "." in text:
        # The later one is the decimal separator: "1.234,56" or "1,234.56".
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def parse_int(value) -> int | None:
    number = parse_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")


def parse_date(value) -> date | None:
    """ISO, "01.12.2026", "1/12/26" (day first), an Excel date or date-time."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    text = text.split("T")[0].split(" ")[0]
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:
                year += 2000
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_moment(value) -> datetime | None:
    """A date-time: ISO 8601, "01.12.2026 14:30", an Excel date-time (naive ones are local)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = str(value or "").strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is not None:
        return moment
    parts = text.replace("T", " ").split(" ", 1)
    day = parse_date(parts[0])
    if day is None:
        return None
    clock = time()
    if len(parts) > 1:
        try:
            clock = time.fromisoformat(parts[1].strip())
        except ValueError:
            return None
    return datetime.combine(day, clock)


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def cell_message(line: int, column: str | None, message: str) -> str:
    """ "Row 5, column “Расход”: enter an amount." in the reader's language."""
    if column:
        return _("Row %(line)s, column “%(column)s”: %(message)s") % {
            "line": line,
            "column": column,
            "message": message,
        }
    return _("Row %(line)s: %(message)s") % {"line": line, "message": message}


def choice_lookup(choices, aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Normalised code, Russian label and English label (and extra aliases) -> the choice's code."""
    from django.utils.translation import override

    lookup = {normalise(k): v for k, v in (aliases or {}).items()}
    for code, label in choices:
        lookup[normalise(code)] = code
        for lang in ("ru", "en"):
            with override(lang):
                lookup.setdefault(normalise(str(label)), code)
    return lookup
