"""Demo data of the monthly evaluation (filled in below)."""

from typing import Any


def seed(ctx: Any) -> None:
    return None


def synthetic(ctx: Any) -> None:
    return None
