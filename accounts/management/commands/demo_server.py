"""``manage.py demo_server [addr:port]``: the development server plus the in-process scheduler
(``smm_platform.inprocess``), so that with no broker queued work still runs outside the request
and the beat schedule (webhook retries, reminders, nightly checks) still runs. The demo only."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands.runserver import Command as RunserverCommand

from smm_platform import inprocess

from .seed_demo import print_login


class DemoRunserver(RunserverCommand):
    """``runserver`` that ends its start-up lines with the demo's login, so the login is the last
    thing the demo prints and stays visible."""

    def on_bind(self, server_port):
        super().on_bind(server_port)
        print_login(self)


class Command(BaseCommand):
    help = "Run the development server with an in-process worker and beat (the zero-setup demo)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        scheduler = inprocess.start()
        self.stdout.write(f"in-process scheduler: {len(scheduler._beat)} beat entries, tasks run off-request")
        try:
            call_command(DemoRunserver(), options["addrport"], use_reloader=False)
        finally:
            inprocess.stop()
