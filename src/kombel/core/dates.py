"""Dates and times as people read them in messages, labels and subjects, in the active language:
"28 November 2026", "Senin, 28 November 2026", "13.30" (pages use the same forms through
kombel.formats and the `date` filter). A datetime is shown as given: turn it into local time
first (`timezone.localtime`)."""

import datetime

from django.utils import formats


def day_text(value: datetime.date) -> str:
    """28 November 2026"""
    return formats.date_format(value, "j F Y")


def weekday_text(value: datetime.date) -> str:
    """Sabtu, 28 November 2026 (a reminder: people plan by the day of the week)"""
    return formats.date_format(value, "l, j F Y")


def clock_text(value: datetime.time) -> str:
    """13.30 (the Indonesian way, also in English messages: one form in every message)"""
    return value.strftime("%H.%M")
