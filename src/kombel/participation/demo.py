"""The demo's parents and community leaders (SMP N 1 Kabupaten Tebo)."""

from typing import Any


def seed(ctx: Any) -> None:
    return None
