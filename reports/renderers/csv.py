"""CSV: every table of every section as a block (title line, header, rows, blank line), tiles
first as ``label, value, target``.

The choice for spreadsheet programs (documented in docs/FIGURES.md): UTF-8 with a BOM so Excel
shows Cyrillic; a report in Russian is separated by semicolons and writes decimals with a comma
(what Russian Excel expects, so numbers open as numbers), an English one by commas with a point.
Numbers are not grouped and keep the snapshot's rounding; text a spreadsheet would run as a
formula is neutralised (``reports.renderers.safety``).
"""

from __future__ import annotations

import csv
import io

from .safety import csv_text


def dialect_for(language: str) -> tuple[str, str]:
    """(delimiter, decimal separator) of a report's language."""
    return (";", ",") if (language or "ru").startswith("ru") else (",", ".")


def render(snapshot: dict) -> bytes:
    out = io.StringIO()
    meta = snapshot.get("meta", {})
    delimiter, decimal = dialect_for(meta.get("language", "ru"))
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")

    def raw(value) -> str:
        return _raw(value, decimal)

    writer.writerow(
        [csv_text(meta.get("title", "")), meta.get("period_start", ""), meta.get("period_end", "")]
    )
    writer.writerow([])
    for section in snapshot.get("sections", []):
        writer.writerow([csv_text(section["title"])])
        if not section["available"]:
            writer.writerow([csv_text(section["note"])])
            writer.writerow([])
            continue
        for tile in section["tiles"]:
            writer.writerow([csv_text(tile["label"]), raw(tile["value"]), raw(tile.get("target"))])
        if section["tiles"]:
            writer.writerow([])
        for table in section["tables"]:
            writer.writerow([csv_text(table["title"])])
            writer.writerow([csv_text(c["label"]) for c in table["columns"]])
            for row in table["rows"]:
                writer.writerow([raw(v) for v in row])
            writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _raw(value, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", decimal)
    if isinstance(value, int):
        return str(value)
    return csv_text(str(value))
