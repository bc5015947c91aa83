"""``manage.py evaluate_classifier [--corpus-dir ../shared/corpora] [--input FILE.csv]
[--workspace SLUG] [--json FILE]``: precision, recall and F1 of the text classifier.

* On the corpora (default): the held-out rows recorded beside the shipped model (rows training
  never saw), per corpus and pooled per language and task, against the targets of issue 11.
* ``--input``: a labelled CSV (``text``, ``label`` in positive/neutral/natural/trolling/ordered).

Other figures (the attack benchmark) join the same report through ``EXTRA_SECTIONS``: a list of
callables ``(options) -> (title, list of lines)`` that other modules append to.
"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from negativity import classification
from negativity.ml import corpora, training
from negativity.ml.classifier import CATEGORIES

EXTRA_SECTIONS: list = []


def print_figures(write, report: dict) -> None:
    write(f"{'corpus':<36} {'lang':<4} {'category':<9} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>7}")
    for e in report["corpora"]:
        name = e["corpus"] + ("" if e.get("shipped", True) else " (eval only)")
        write(
            f"{name:<36} {e['language']:<4} {e['category']:<9} {e['precision']:>9.3f} {e['recall']:>7.3f} "
            f"{e['f1']:>6.3f} {e['size']:>7}"
        )
    for e in report["pooled"]:
        name = f"pooled {e['language']} {e['task']}"
        write(
            f"{name:<36} {e['language']:<4} {e['category']:<9} {e['precision']:>9.3f} {e['recall']:>7.3f} "
            f"{e['f1']:>6.3f} {e['size']:>7}"
        )
    for t in report.get("targets", []):
        f1 = "n/a" if t["f1"] is None else f"{t['f1']:.3f}"
        write(f"target {t['title']}: F1 {f1} (>= {t['target']}) {'met' if t['met'] else 'NOT met'}")


def _csv_report(model, path: str) -> list[str]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
    if not rows or "text" not in rows[0] or "label" not in rows[0]:
        raise CommandError("The CSV needs the columns text and label.")
    bad = sorted({r["label"] for r in rows} - set(CATEGORIES))
    if bad:
        raise CommandError(f"Unknown labels: {', '.join(bad)}; use {', '.join(CATEGORIES)}.")
    from sklearn.metrics import precision_recall_fscore_support

    predicted = list(model.categories([r["text"] for r in rows]))
    truth = [r["label"] for r in rows]
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=CATEGORIES, zero_division=0)
    lines = [f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for i, label in enumerate(CATEGORIES):
        lines.append(f"{label:<10} {p[i]:>9.3f} {r[i]:>7.3f} {f[i]:>6.3f} {s[i]:>8}")
    return lines


class Command(BaseCommand):
    help = "Precision, recall and F1 of the text classifier on held-out corpus rows (or a CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--corpus-dir", default="../shared/corpora", help="Folder of the corpora.")
        parser.add_argument("--input", help="A labelled CSV (text,label) instead of the corpora.")
        parser.add_argument("--workspace", help="Evaluate this workspace's active model.")
        parser.add_argument("--json", help="Also write the report as JSON to this file.")
        parser.add_argument(
            "--no-attacks", action="store_true", help="Leave out the attack benchmark's figures."
        )
        parser.add_argument(
            "--save", action="store_true", help="Store the figures beside the shipped model (README, page)."
        )

    def handle(self, *args, **options):
        if options["workspace"]:
            from accounts.models import Workspace

            workspace = Workspace.objects.filter(slug=options["workspace"]).first()
            if workspace is None:
                raise CommandError("No such workspace.")
            model, version = classification.for_workspace(workspace)
        else:
            model, version = classification.starter(), "shipped"
        if options["input"]:
            lines = _csv_report(model, options["input"])
            self.stdout.write(f"Model {version} on {len(lines) and options['input']}")
            for line in lines:
                self.stdout.write(line)
            return
        try:
            rows = corpora.read_all(options["corpus_dir"])
        except FileNotFoundError as exc:
            raise CommandError(f"Cannot read the corpora: {exc}") from exc
        keys = classification.holdout_keys()
        _train, test = corpora.split(rows, keys)
        report = training.evaluate(model, test)
        report["targets"] = training.targets(report)
        self.stdout.write(f"Model {version}: held-out rows that training never saw")
        print_figures(self.stdout.write, report)
        for section in [] if options["no_attacks"] else EXTRA_SECTIONS:
            title, lines = section(options)
            self.stdout.write(title)
            for line in lines:
                self.stdout.write(line)
        if options["save"] and not options["workspace"]:
            report["training"] = classification.shipped_evaluation().get("training", model.meta)
            classification.EVALUATION_FILE.write_text(
                json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as fh:
                json.dump(report, fh, ensure_ascii=False, indent=1)
