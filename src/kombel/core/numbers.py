"""Numbers as people read them."""

from django.utils import formats


def percent(part: int, whole: int) -> str:
    """ "87 %" (the locale's number format), or an en dash when there is nothing to divide."""
    if not whole:
        return "\N{EN DASH}"
    return f"{formats.number_format(round(100 * part / whole))} %"
