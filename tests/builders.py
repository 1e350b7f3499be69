"""Imports every app's world builder (tests/<app>/builders.py) so that they register."""

import tests.communities.builders
import tests.followups.builders
import tests.programs.builders
import tests.schools.builders
import tests.workshops.builders  # noqa: F401
