"""Compile every ``.po`` catalogue of the project into ``.mo`` with polib (no GNU gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogues into .mo files."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        catalogues = [
            p
            for p in base.glob("**/locale/*/LC_MESSAGES/*.po")
            if ".venv" not in p.parts and "node_modules" not in p.parts
        ]
        if not catalogues:
            raise CommandError("No .po catalogues found.")
        for po_path in catalogues:
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(
                f"compiled {po_path.relative_to(base)} ({catalogue.percent_translated()}% translated)"
            )
