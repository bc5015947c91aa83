"""Run every benchmark in ``bench/`` at one scale and print one table of figures, floors and ratios.

    DATABASE_URL=postgres://... python bench/run_all.py [--scale 1] [--only campaigns_alignment,planning_calendar]

``--scale 1`` is the size the issue sets (10,000 campaigns over 1,000,000 metric rows; 100,000
mentions; 20,000 plan items; 100,000 metric rows ingested; a report over 1,000,000 metric rows and
100,000 mentions; 50,000 partners) and finishes in under 10 minutes on 2 cores. Each benchmark runs
in its own process and writes ``bench/out/<name>.json``; this script reads those files back and
writes the table to ``bench/out/summary.json`` too. The exit status is 1 when a target was missed.
Ratios are the figure to trust on a shared machine: the floor is measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from results import OUT  # noqa: E402


def _n(base: int, scale: float, least: int = 10) -> str:
    return str(max(least, int(base * scale)))


#: name -> (script, arguments at a scale)
BENCHMARKS = {
    "campaigns_ingest": ("campaigns_ingest.py", lambda s: ["--scale", str(s)]),
    "campaigns_alignment": ("campaigns_alignment.py", lambda s: ["--scale", str(s)]),
    "negativity_ingest": ("negativity_ingest.py", lambda s: ["--scale", _n(100_000, s, 1000)]),
    "negativity_attacks": ("negativity_attacks.py", lambda s: []),
    "planning_calendar": ("planning_calendar.py", lambda s: ["--items", _n(20_000, s, 100)]),
    "reports_summary": ("reports_summary.py", lambda s: ["--scale", str(s)]),
    "partners_shortlist": (
        "partners_shortlist.py",
        lambda s: ["--partners", _n(50_000, s, 500), "--runs", "3"],
    ),
}


def _cell(value, unit) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}/s" if unit == "/s" else f"{value:.3f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="", help="comma-separated names (default: all)")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; known: {', '.join(BENCHMARKS)}")

    rows, failed_runs, started = [], [], time.perf_counter()
    for name in names:
        script, arguments = BENCHMARKS[name]
        out = OUT / f"{name}.json"
        out.unlink(missing_ok=True)
        print(f"\n=== {name} ===", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call(
            [sys.executable, str(BENCH / script), *arguments(args.scale)], cwd=BENCH.parent
        )
        seconds = time.perf_counter() - t0
        if code or not out.exists():
            failed_runs.append(name)
            print(f"{name} failed (exit {code})")
            continue
        for f in json.loads(out.read_text())["figures"]:
            rows.append({"benchmark": name, "wall_seconds": round(seconds, 1), **f})

    total = time.perf_counter() - started
    print(f"\n{'benchmark':<20} {'figure':<52} {'value':>12} {'floor':>12} {'ratio':>7}  target")
    for r in rows:
        verdict = "" if not r["target"] else f"{r['target']}: {'PASS' if r['passed'] else 'FAIL'}"
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        print(
            f"{r['benchmark']:<20} {r['label']:<52} {_cell(r['value'], r['unit']):>12} "
            f"{_cell(r['floor'], r['unit']):>12} {ratio:>7}  {verdict}"
        )
    missed = [r for r in rows if r["target"] and not r["passed"]]
    print(f"\nscale {args.scale}: {len(rows)} figures in {total / 60:.1f} min; "
          f"{len(missed)} target(s) missed; failed runs: {', '.join(failed_runs) or 'none'}")  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.json").write_text(
        json.dumps(
            {"scale": args.scale, "minutes": round(total / 60, 1), "figures": rows, "failed": failed_runs},
            indent=2,
        )
    )
    return 1 if missed or failed_runs else 0


if __name__ == "__main__":
    sys.exit(main())
