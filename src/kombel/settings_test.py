"""Test settings: only what tests need differs (fast hasher, immediate tasks, temp media)."""

import os

os.environ["KOMBEL_TESTING"] = "1"
os.environ.setdefault("DEBUG", "0")

from kombel.settings import *  # noqa: F403
