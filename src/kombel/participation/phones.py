"""Phone numbers as usernames.

Parents join with their WhatsApp number as username and later type it however their phone
shows it: 0812-3456-7890, +62 812 3456 7890, 62812..., 0812 3456 7890. An Indonesian mobile
number is kept in one form, the national digits (`081234567890`, what the join page suggests),
at join (`participation.services.invitation_accept`) and found again from any of those forms at
login (`participation.backends.PhoneUsernameBackend`). Parsing is Google's libphonenumber
(`phonenumbers`), region ID. Anything that is not an Indonesian mobile number (a name, a
foreign number) is left as typed.
"""

import re
from typing import Any

import phonenumbers

REGION = "ID"
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
# Only what a phone number is typed with: digits, +, spaces, dashes, dots, brackets (so that a
# name such as "ortu01" is never read as a vanity number).
_PHONE_LIKE = re.compile(r"\+?[\d\s().\-]{8,25}")


def parse_mobile(value: str) -> phonenumbers.PhoneNumber | None:
    """The Indonesian mobile number `value` is, however typed; None when it is not one."""
    value = (value or "").strip()
    if not _PHONE_LIKE.fullmatch(value):
        return None
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if (
        phonenumbers.region_code_for_number(number) != REGION
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE
    ):
        return None
    return number


def canonical_username(value: str) -> str:
    """`value` in the one form a phone-number username is kept in (`081234567890`); anything
    that is not an Indonesian mobile number comes back unchanged."""
    number = parse_mobile(value)
    if number is None:
        return value
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\D", "", national)


def username_forms(value: str) -> list[str]:
    """Every form a phone-number username may have been stored in (the canonical one first):
    accounts made before usernames were normalised keep working. Empty when `value` is not an
    Indonesian mobile number."""
    number = parse_mobile(value)
    if number is None:
        return []
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)  # +62812...
    return [canonical_username(value), e164, e164[1:]]


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """The username the login lockout counts failures against (settings.AXES_USERNAME_CALLABLE):
    the canonical form, so that typing one's number another way is the same account's attempt."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", getattr(request, "POST", {})).get("username")
    return canonical_username(username) if isinstance(username, str) else username
