"""`kombel demo-info`: where the demo runs and how to log in."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kombel.demo.people import PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Prints the demo's address and its logins."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [(login.username, login.role) for login in demo_logins()]
        width = max(len(u) for u, _ in [*rows, ("username", "")])
        lines = [
            "",
            f"Kombel demo: {settings.SITE_URL}",
            f"Every login uses the password: {PASSWORD}",
            "",
            f"  {'username'.ljust(width)}  role",
            f"  {'-' * width}  {'-' * 30}",
        ]
        lines += [f"  {username.ljust(width)}  {role}" for username, role in rows]
        lines += ["", f"Django admin: {settings.SITE_URL}/admin/ (login admin)", ""]
        self.stdout.write("\n".join(lines))
