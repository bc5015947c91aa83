"""``manage.py train_classifier [--if-missing] [--corpus-out FILE.csv]``: train the starter
classifier from the shipped corpus into ``NEGATIVITY_MODEL_DIR`` and print its hold-out figures."""

import csv

from django.core.management.base import BaseCommand

from negativity import classification
from negativity.management.commands.evaluate_classifier import print_report


class Command(BaseCommand):
    help = "Train the starter mention classifier from the shipped corpus."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the model file exists."
        )
        parser.add_argument("--corpus-out", help="Also write the starter corpus to this CSV file.")

    def handle(self, *args, **options):
        if options["corpus_out"]:
            records = classification.starter_records()
            with open(options["corpus_out"], "w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(records[0]))
                writer.writeheader()
                writer.writerows(records)
            self.stdout.write(f"Corpus of {len(records)} examples written to {options['corpus_out']}")
        path = classification.starter_path()
        if options["if_missing"] and path.exists():
            self.stdout.write(f"The starter classifier exists: {path}")
            return
        model = classification.train_starter(save=True)
        self.stdout.write(
            self.style.SUCCESS(f"Trained on {model.training_size} examples in {model.seconds} s -> {path}")
        )
        self.stdout.write("Hold-out evaluation (category):")
        print_report(self.stdout.write, model.evaluation["category"])
        self.stdout.write(f"Topic macro F1 on the hold-out split: {model.evaluation['topic']['macro_f1']}")
