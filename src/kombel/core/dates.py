"""Dates and times as people read them in messages, labels and subjects, in the active language:
"28 November 2026", "Senin, 28 November 2026", "13.30" (pages use the same forms through
kombel.formats and the `date` filter). An aware datetime is read in the school's time zone
(TIME_ZONE, as pages' `date` filter reads it): 23.30 UTC is already the next morning in Tebo."""

import datetime

from django.utils import formats, timezone


def _local(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day_text(value: datetime.date) -> str:
    """28 November 2026"""
    return formats.date_format(_local(value), "j F Y")


def weekday_text(value: datetime.date) -> str:
    """Sabtu, 28 November 2026 (a reminder: people plan by the day of the week)"""
    return formats.date_format(_local(value), "l, j F Y")


def clock_text(value: datetime.time) -> str:
    """13.30 (the Indonesian way, also in English messages: one form in every message)"""
    return value.strftime("%H.%M")
