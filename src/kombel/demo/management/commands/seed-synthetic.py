"""`kombel seed-synthetic --schools N`: a large district for the benchmarks (bench/run.py)."""

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kombel.demo import steps


class Command(BaseCommand):
    help = (
        "Builds a synthetic district of N schools (25 teachers each, one school year of "
        "activity). Schools already there are kept: the district is extended to N schools."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, default=60, help="Number of schools.")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The date the school year is built around (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        total = options["schools"]
        shared = steps.prepare_synthetic(today)
        first = steps.existing_synthetic_schools() + 1
        if first > total:
            self.stdout.write(f"The synthetic district already has {first - 1} schools.")
            return
        started = time.monotonic()
        for index in range(first, total + 1):
            steps.run_synthetic_school(index, today, shared)
            elapsed = time.monotonic() - started
            self.stdout.write(f"school {index}/{total} ({elapsed:.1f} s)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic district: {total} schools, built in {time.monotonic() - started:.1f} s."
            )
        )
