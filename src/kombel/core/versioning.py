"""Concurrent edits never silently overwrite each other.

A form or API body carries the `version` of the row it was loaded with; the service reads the
row for update (locked) and refuses the save when the version moved on in between.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def conflict_error() -> ValidationError:
    """The one answer to a lost race: code "conflict" (the API answers 409)."""
    return ValidationError(
        _(
            "Someone else saved a change while you were editing. Your changes were not saved: "
            "reload the page to see theirs, then make yours again."
        ),
        code="conflict",
    )


def check_version(current: Any, version: int | str | None) -> None:
    """Refuse the save when `current` (read for update) is no longer at `version`.

    `version` None means the client sent none (an API caller that does not care): no check.
    A value that is not a whole number matches no version of the row: a conflict, not a crash.
    """
    if version is None:
        return
    try:
        loaded = int(version)
    except (TypeError, ValueError):
        raise conflict_error() from None
    if loaded != current.version:
        raise conflict_error()
