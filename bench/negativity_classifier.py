"""Throughput of the shipped text classifier alone, in process, on one core.

    python bench/negativity_classifier.py [--mentions 100000] [--batch 1000]

The stream: real sentences of the held-out corpus rows when ``../shared/corpora`` is there
(else the generated starter corpus), repeated to ``--mentions``, classified in batches of
``--batch`` by ``TextModel.categories`` (vectorising, the three heads, the decision) and by
``TextModel.predict`` (the same plus topic, evidence and the ``Prediction`` objects ingest
stores). Lemmas are cached per distinct word: one warm-up pass over the distinct texts runs
before timing. Target (issue 11): >= 20,000 mentions/s for the model alone. The floor, measured
in the same run: splitting each text of the stream into lower-cased words, one text at a time
(``features.tokens``); each figure is also given per CPU second of the process, which a busy
machine does not lower. Figures land in ``bench/out/negativity_classifier.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from results import figure, write  # noqa: E402


def texts_for_bench(limit: int = 20000) -> tuple[list[str], str]:
    from negativity.ml import corpora, corpus

    folder = ROOT.parent / "shared" / "corpora"
    if folder.exists():
        rows = corpora.read_all(folder)
        from negativity import classification

        _train, test = corpora.split(rows, classification.holdout_keys())
        texts = [r.text for rs in test.values() for r in rs][:limit]
        return texts, "held-out corpus rows"
    return [r["text"] for r in corpus.generate(seed=1, per_class=400)], "generated starter corpus"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from negativity import classification

    model = classification.starter()
    pool, origin = texts_for_bench()
    model.categories(pool)  # warm-up: every distinct word analysed once
    stream = (pool * (args.mentions // len(pool) + 1))[: args.mentions]

    def rate(step) -> tuple[float, float]:
        """Mentions per second of wall time and of this process's CPU time."""
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(stream), args.batch):
            step(stream[i : i + args.batch])
        return len(stream) / (time.perf_counter() - wall), len(stream) / (time.process_time() - cpu)

    from negativity.ml import features

    # The floor: only splitting each text into lower-cased words, one text at a time.
    floor, floor_cpu = rate(lambda texts: [features.tokens(t) for t in texts])
    fast, fast_cpu = rate(model.categories)
    full, full_cpu = rate(lambda texts: model.predict([{"text": t} for t in texts]))

    floor_label = "tokenising each text alone"
    figures = [
        figure(
            "text model, categories",
            fast,
            "/s",
            floor=floor,
            floor_label=floor_label,
            target=">= 20000/s",
            passed=fast >= 20000,
            per_cpu_second=round(fast_cpu),
        ),
        figure(
            "text model, full predictions (topic, evidence)",
            full,
            "/s",
            floor=floor,
            floor_label=floor_label,
            per_cpu_second=round(full_cpu),
        ),
    ]
    print(
        f"  per CPU second of this process: categories {fast_cpu:,.0f}/s, full predictions "
        f"{full_cpu:,.0f}/s, floor {floor_cpu:,.0f}/s (the wall figures fall when the core is shared)"
    )
    write(
        "negativity_classifier",
        figures,
        mentions=len(stream),
        batch=args.batch,
        texts=origin,
        distinct_texts=len(pool),
        one_core=True,
    )


if __name__ == "__main__":
    main()
