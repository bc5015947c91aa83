"""``manage.py seed_demo``: a deterministic demo workspace full of Russian-language data.

Accounts create the team and workspaces; then every app with a ``demo.py`` adds its data through
``seed(workspace=..., people=...)``. Running it again keeps the data (``--reset`` recreates it).
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.demo import DEMO_PASSWORD, DEMO_SLUG, seed_people_and_workspaces
from accounts.models import User, Workspace

DEMO_APPS = ["campaigns", "planning", "partners", "negativity", "reports", "integrations"]
DEMO_EMAILS = ["marina@demo.smm", "alexey@demo.smm", "olga@demo.smm", "client@demo.smm"]


class Command(BaseCommand):
    help = "Create the demo workspace with realistic Russian-language data and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo data and create it again.")
        parser.add_argument(
            "--no-login",
            action="store_true",
            help="Do not print the login (scripts/demo prints it once the server is up).",
        )

    def handle(self, *args, reset: bool = False, no_login: bool = False, **options):
        exists = Workspace.objects.filter(slug=DEMO_SLUG).exists()
        if exists and reset:
            Workspace.objects.filter(slug__in=[DEMO_SLUG, "prana"]).delete()
            User.objects.filter(email__in=DEMO_EMAILS).delete()
            exists = False
        if not exists:
            # The demo team is fictional: no invitation emails are sent while seeding.
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
                transaction.atomic(),
            ):
                workspace, people = seed_people_and_workspaces()
                for app in DEMO_APPS:
                    try:
                        module = import_module(f"{app}.demo")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{app}.demo":
                            raise
                        continue
                    module.seed(workspace=workspace, people=people)
                    self.stdout.write(f"  {app}: demo data added")
        if not no_login:
            print_login(self)


def print_login(command: BaseCommand) -> None:
    """The demo's login banner (also printed by ``demo_server`` once the server is listening)."""
    url = settings.SITE_URL
    command.stdout.write(command.style.SUCCESS("\nThe demo is ready.\n"))
    command.stdout.write(f"  Open      {url}/accounts/login/")
    command.stdout.write(
        "  Email     marina@demo.smm   (owner; also alexey@ manager, olga@ marketer, client@ viewer)"
    )
    command.stdout.write(f"  Password  {DEMO_PASSWORD}\n")
