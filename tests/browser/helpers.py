"""Helpers for browser tests (importable; fixtures live in conftest.py)."""

from dataclasses import dataclass, field

from django.utils import translation


@dataclass
class Console:
    """What the page said on its console (and uncaught errors), for assertions."""

    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    broken_assets: list[str] = field(default_factory=list)  # stylesheets, scripts... >= 400

    def csp_violations(self) -> list[str]:
        return [m for m in self.messages + self.errors if "content security policy" in m.lower()]


def indonesian(msgid: str) -> str:
    """The Indonesian text the page must show for `msgid` (Kombel's or Django's catalogue)."""
    with translation.override("id"):
        return translation.gettext(msgid)
