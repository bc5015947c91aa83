"""Human formatting of typed values shared by the PDF and PPTX renderers."""

from __future__ import annotations


def fmt(value, type_: str) -> str:
    if value is None:
        return "—"
    if type_ == "int":
        return f"{int(value):,}".replace(",", " ")
    if type_ in ("money", "decimal"):
        text = f"{float(value):,.2f}".replace(",", " ")
        return text[:-3] if text.endswith(".00") else text
    if type_ == "percent":
        return f"{float(value):.1f} %"
    return str(value)


def tile_text(tile: dict) -> str:
    text = fmt(tile["value"], tile["type"])
    if tile.get("target") is not None:
        text += " / " + fmt(tile["target"], tile["type"])
    return text


def header_lines(snapshot: dict) -> list[str]:
    meta = snapshot.get("meta", {})
    return [meta.get("workspace", ""), meta.get("period_label", ""), meta.get("generated_label", "")]
