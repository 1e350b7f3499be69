"""The `kombel` console script: Django's manage.py for the installed package."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kombel.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (Django would hide a refusal behind a later error)
    except ImproperlyConfigured as refusal:
        sys.exit(f"kombel: {refusal}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
