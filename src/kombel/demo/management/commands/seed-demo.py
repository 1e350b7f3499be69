"""`kombel seed-demo`: the SMP Negeri 1 Kabupaten Tebo demo, built by the steps of demo/steps.py."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kombel.demo import steps


class Command(BaseCommand):
    help = "Builds the SMP Negeri 1 Kabupaten Tebo demo (all logins use the password kombel-demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the demo school already exists.",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The date the demo is built around (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if steps.demo_exists():
            if options["if_empty"]:
                self.stdout.write("The demo data already exists; nothing to do.")
                return
            raise CommandError(
                "The demo school already exists. Run `make clean-demo` first, or pass --if-empty."
            )
        today = options["today"] or timezone.localdate()
        ctx = steps.run_demo(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo built around {today:%Y-%m-%d}: {ctx.school} and {ctx.school2}, "
                f"{len(ctx.users)} users."
            )
        )
