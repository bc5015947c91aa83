"""What every benchmark in ``bench/`` shares at the end: its figure, the floor measured in the same
run and their ratio, printed as one line each and written to ``bench/out/<name>.json`` (which
``bench/run_all.py`` collects into one table). Not a benchmark itself.

A figure is a dict: ``label``, ``value`` and ``unit`` (``s`` or ``/s``), optional ``floor`` (the
same unit, measured in the same run) with ``floor_label``, and ``target`` (a sentence such as
``"<= 1.5x floor"``) with ``passed`` (bool) when the issue sets one.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def figure(
    label: str,
    value: float,
    unit: str = "s",
    *,
    floor: float | None = None,
    floor_label: str = "",
    target: str = "",
    passed: bool | None = None,
    **extra,
) -> dict:
    """One measured figure; ``ratio`` is value/floor for times and floor/value for rates (so a
    ratio above 1 always means "slower than the floor")."""
    ratio = None
    if floor:
        ratio = value / floor if unit == "s" else floor / value if value else None
    return {
        "label": label,
        "value": round(value, 4),
        "unit": unit,
        "floor": None if floor is None else round(floor, 4),
        "floor_label": floor_label,
        "ratio": None if ratio is None else round(ratio, 2),
        "target": target,
        "passed": passed,
        **extra,
    }


def _fmt(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if unit == "/s" else f"{value:.3f} {unit}"


def write(name: str, figures: list[dict], **context) -> Path:
    """Print each figure with its floor and ratio, and write them with ``context`` to
    ``bench/out/<name>.json``."""
    for f in figures:
        line = f"  {f['label']:<48} {_fmt(f['value'], f['unit']):>16}"
        if f["floor"] is not None:
            line += f"   floor {_fmt(f['floor'], f['unit'])} ({f['floor_label']})"
        if f["ratio"] is not None:
            line += f"   ratio {f['ratio']:.2f}x"
        if f["target"]:
            line += f"   target {f['target']}: {'PASS' if f['passed'] else 'FAIL'}"
        print(line)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    body = {
        "benchmark": name,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "context": context,
        "figures": figures,
    }
    path.write_text(json.dumps(body, indent=2, default=str))
    return path
