"""Attack detection benchmark against PostgreSQL (``DATABASE_URL``): are attacks caught whole,
fast, and never confused with genuine customers?

    python bench/negativity_attacks.py [--in-process] [--seed 11] [--corpus-dir ../shared/corpora]

Runs ``negativity.attack_bench.run()`` (see its docstring): a 40-mention templated attack among 200
genuine complaints, and the same attack with typos, capitals, emoji and reordered phrases beside an
outage wave of 100 genuine complaints, both streamed through the real ingest so detection is
triggered by ingest as in production. With a Redis ``CELERY_BROKER_URL`` a real Celery worker runs
in this process (the debounce countdown counts in "seconds to detect"); ``--in-process`` (or no
broker) runs the tasks eagerly. Prints recall, precision, incidents per attack, seconds to detect
and genuine complaints called ordered; writes ``bench/out/negativity_attacks.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import figure, write  # noqa: E402


def setup_django(*, in_process: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    if in_process or not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        os.environ.pop("CELERY_BROKER_URL", None)  # tasks run eagerly
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://... (the benchmark runs against PostgreSQL).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def worker():
    """A real Celery worker in this process when a broker is configured."""
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return nullcontext()
    from celery.contrib.testing.worker import start_worker

    from smm_platform.celery import app

    app.control.purge()
    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-process", action="store_true", help="run tasks eagerly, no worker")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--corpus-dir", help="the labelled corpora (e.g. ../shared/corpora): adds the real-text scenario"
    )
    args = parser.parse_args()
    setup_django(in_process=args.in_process)
    from negativity import attack_bench

    with worker():
        figures = attack_bench.run(seed=args.seed, corpus_dir=args.corpus_dir)
    print("\n".join(attack_bench.table(figures)))
    out = []
    for name in ("templated", "varied_beside_wave", "real_text"):
        if name not in figures:
            continue
        f = figures[name]
        seconds = f["seconds_to_detect"]
        out += [
            figure(f"{name}: recall (share of the attack in one incident)", f["recall"], "",
                   target=">= 0.9", passed=f["recall"] >= 0.9),
            figure(f"{name}: precision", f["precision"], "", target=">= 0.95", passed=f["precision"] >= 0.95),
            figure(f"{name}: incidents per attack", f["incidents_per_attack"], "",
                   target="== 1", passed=f["incidents_per_attack"] == 1),
            figure(f"{name}: seconds to detect after the last mention", -1 if seconds is None else seconds,
                   "s", target="<= 60 s", passed=seconds is not None and seconds <= 60),
        ]  # fmt: skip
    if "real_text" in figures:
        real = figures["real_text"]
        out.append(
            figure(
                f"real_text: real complaints called ordered (of {real['genuine_mentions']})",
                real["genuine_called_ordered"],
                "",
                target="== 0",
                passed=real["genuine_called_ordered"] == 0,
            )
        )
    out.append(
        figure(
            f"genuine complaints called ordered (of {figures['genuine_total']})",
            figures["genuine_called_ordered"],
            "",
            target="== 0",
            passed=figures["genuine_called_ordered"] == 0,
        )
    )
    write("negativity_attacks", out, **figures)


if __name__ == "__main__":
    main()
