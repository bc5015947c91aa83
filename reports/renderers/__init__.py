"""Render a run's snapshot (plain data, see ``reports.sections``) into a file's bytes.

Renderers only read the snapshot: a file can be rendered again from the stored numbers and shows
exactly what the run computed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation

from . import csv as csv_renderer
from . import pdf, pptx, xlsx

RENDERERS: dict[str, Callable[[dict], bytes]] = {
    "pdf": pdf.render,
    "xlsx": xlsx.render,
    "pptx": pptx.render,
    "csv": csv_renderer.render,
}


def render(fmt: str, snapshot: dict) -> bytes:
    """The file of one format; numbers follow the snapshot's language (as on the web page)."""
    with translation.override(snapshot.get("meta", {}).get("language") or "ru"):
        return RENDERERS[fmt](snapshot)
