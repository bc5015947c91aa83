"""``manage.py evaluate_classifier --input FILE.csv [--workspace SLUG]``: per-class precision,
recall, F1 and the confusion matrix of the classifier on a labelled CSV.

Columns: ``text``, ``label`` (positive, neutral, natural, trolling, ordered) and optionally
``author_age_days``, ``author_followers``, ``author_mentions``, ``author_negative``.
"""

import csv

from django.core.management.base import BaseCommand, CommandError

from negativity import classification
from negativity.ml import classifier
from negativity.ml.corpus import CATEGORIES

AUTHOR_FIELDS = ("author_age_days", "author_followers", "author_mentions", "author_negative")


def print_report(write, report: dict) -> None:
    write(f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for label, m in report["per_class"].items():
        write(f"{label:<10} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['support']:>8}")
    write(f"accuracy {report['accuracy']:.3f}   macro F1 {report['macro_f1']:.3f}   n={report['size']}")
    write("confusion matrix (rows: true, columns: predicted)")
    labels = report["labels"]
    write(" " * 10 + "".join(f"{label[:8]:>9}" for label in labels))
    for label, row in zip(labels, report["confusion"], strict=True):
        write(f"{label:<10}" + "".join(f"{c:>9}" for c in row))


def _number(value):
    if value in (None, ""):
        return None
    try:
        return float(value)
    except ValueError:
        return None


class Command(BaseCommand):
    help = "Evaluate the mention classifier on a labelled CSV (text,label[,author fields])."

    def add_arguments(self, parser):
        parser.add_argument(
            "--input", required=True, help="CSV with columns text,label and optional author fields."
        )
        parser.add_argument(
            "--workspace", help="Evaluate this workspace's active model instead of the starter one."
        )

    def handle(self, *args, **options):
        try:
            with open(options["input"], newline="", encoding="utf-8-sig") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as exc:
            raise CommandError(f"Cannot read {options['input']}: {exc}") from exc
        if not rows or "text" not in rows[0] or "label" not in rows[0]:
            raise CommandError("The CSV needs the columns text and label.")
        bad = sorted({r["label"] for r in rows} - set(CATEGORIES))
        if bad:
            raise CommandError(f"Unknown labels: {', '.join(bad)}; use {', '.join(CATEGORIES)}.")
        if options["workspace"]:
            from accounts.models import Workspace

            workspace = Workspace.objects.filter(slug=options["workspace"]).first()
            if workspace is None:
                raise CommandError("No such workspace.")
            model, version = classification.for_workspace(workspace)
        else:
            model, version = classification.starter(), "starter"
        records = [{"text": r["text"], **{f: _number(r.get(f)) for f in AUTHOR_FIELDS}} for r in rows]
        predicted = [p.category for p in model.predict(records)]
        report = classifier.evaluate([r["label"] for r in rows], predicted, CATEGORIES)
        self.stdout.write(f"Model {version} on {len(rows)} examples from {options['input']}")
        print_report(self.stdout.write, report)
