"""CSV: every table of every section as a block (title line, header, rows, blank line), tiles
first as ``label, value, target``. Numbers stay raw (dot decimal) so machines can read them;
UTF-8 with a BOM so spreadsheet programs show Cyrillic."""

from __future__ import annotations

import csv
import io


def render(snapshot: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    meta = snapshot.get("meta", {})
    writer.writerow([meta.get("title", ""), meta.get("period_start", ""), meta.get("period_end", "")])
    writer.writerow([])
    for section in snapshot.get("sections", []):
        writer.writerow([section["title"]])
        if not section["available"]:
            writer.writerow([section["note"]])
            writer.writerow([])
            continue
        for tile in section["tiles"]:
            writer.writerow([tile["label"], _raw(tile["value"]), _raw(tile.get("target"))])
        if section["tiles"]:
            writer.writerow([])
        for table in section["tables"]:
            writer.writerow([table["title"]])
            writer.writerow([c["label"] for c in table["columns"]])
            for row in table["rows"]:
                writer.writerow([_raw(v) for v in row])
            writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _raw(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)
