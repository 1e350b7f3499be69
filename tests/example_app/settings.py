"""The test settings with one more app: all a new app needs outside its own folder."""

from kombel.settings_test import *  # noqa: F403
from kombel.settings_test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.example_app"]
