"""Human formatting of typed values shared by the PDF and PPTX renderers: the one formatting
helper (``smm_platform/formatting.py``) in the snapshot's language, so a file reads exactly like
the web page of the same run."""

from __future__ import annotations

from smm_platform.formatting import format_value


def fmt(value, type_: str, language: str | None = None) -> str:
    return format_value(value, type_, language)


def tile_text(tile: dict, language: str | None = None) -> str:
    text = fmt(tile["value"], tile["type"], language)
    if tile.get("target") is not None:
        text += " / " + fmt(tile["target"], tile["type"], language)
    return text


def header_lines(snapshot: dict) -> list[str]:
    meta = snapshot.get("meta", {})
    return [meta.get("workspace", ""), meta.get("period_label", ""), meta.get("generated_label", "")]
