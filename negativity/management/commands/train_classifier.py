"""``manage.py train_classifier --corpus-dir ../shared/corpora [--out DIR]``: train the shipped
text classifier from the labelled public corpora, hold out a seeded stratified 20 % of each
(and the whole non-commercial airline set), measure it on those rows and write the model, the
held-out keys and the figures into ``negativity/ml/model/`` (or ``--out``).

Deterministic: the same corpora give the same files. Nothing is trained at setup time."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negativity import classification
from negativity.management.commands.evaluate_classifier import print_figures
from negativity.ml import training


class Command(BaseCommand):
    help = "Train the shipped mention classifier from the labelled corpora in --corpus-dir."

    def add_arguments(self, parser):
        parser.add_argument("--corpus-dir", default="../shared/corpora", help="Folder of the corpora.")
        parser.add_argument("--out", help="Write the model here instead of negativity/ml/model/.")
        parser.add_argument("--limit", type=int, help="At most this many training rows per corpus.")

    def handle(self, *args, **options):
        corpus_dir = Path(options["corpus_dir"])
        try:
            model, keys, test = training.train_shipped(corpus_dir, limit=options["limit"])
        except FileNotFoundError as exc:
            raise CommandError(f"Cannot read the corpora: {exc}") from exc
        report = training.evaluate(model, test)
        report["targets"] = training.targets(report)
        report["training"] = model.meta
        out = Path(options["out"]) if options["out"] else classification.MODEL_DIR
        classification.save_shipped(model, keys, report, out)
        size = (out / classification.MODEL_FILE.name).stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained in {model.meta['seconds']} s on {sum(model.meta['training_rows'].values())} corpus rows "
                f"+ {model.meta['starter_rows']} generated -> {out} ({size / 1e6:.1f} MB)"
            )
        )
        print_figures(self.stdout.write, report)
