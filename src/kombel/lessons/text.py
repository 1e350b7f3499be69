"""Section text: Markdown rendered by markdown-it-py and sanitised by nh3; word-level diffs."""

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h1", "h2", "h3", "h4", "blockquote", "code",
    "pre", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "hr",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}


@functools.lru_cache(maxsize=256)
def render_markdown(text: str) -> SafeString:
    """HTML of a section's Markdown, sanitised (no script, no style, no event handler; links
    get rel="noopener noreferrer"; images keep only src/alt and are sized by the stylesheet).

    Remembered per process by the text itself (a plan is read far more often than written):
    the same text always gives the same HTML."""
    if not text.strip():
        return mark_safe("")
    html = _MD.render(text)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "del", "ins"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The change from `old` to `new` word by word (whitespace and punctuation are tokens of
    their own), as pieces to show struck through, inserted or unchanged."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return pieces


def diff_html(pieces: list[Piece]) -> SafeString:
    """<del>/<ins> around changed words, line breaks kept (escaped text only)."""
    out = []
    for piece in pieces:
        text = escape(piece.text).replace("\n", "<br>")
        if piece.op == "same":
            out.append(text)
        else:
            out.append(f"<{piece.op}>{text}</{piece.op}>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped)


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    changed: bool
    html: Any  # SafeString of the diff (or the unchanged text)
    added: int  # words added
    removed: int  # words removed


def compare(
    sections: list[tuple[str, str]], old: dict[str, str], new: dict[str, str]
) -> list[SectionChange]:
    """Section by section (`sections`: (key, title) in the plan's order, then keys only one
    revision has), what changed from the `old` content to the `new`."""
    keys = [key for key, _title in sections]
    titles = dict(sections)
    for key in [*old, *new]:
        if key not in titles:
            keys.append(key)
            titles[key] = key
    changes = []
    for key in keys:
        before, after = old.get(key, ""), new.get(key, "")
        if before == after:
            changes.append(
                SectionChange(key, titles[key], False, diff_html([Piece("same", after)]), 0, 0)
            )
            continue
        pieces = word_diff(before, after)
        added = sum(1 for p in pieces if p.op == "ins" for t in tokens(p.text) if t.strip())
        removed = sum(1 for p in pieces if p.op == "del" for t in tokens(p.text) if t.strip())
        changes.append(SectionChange(key, titles[key], True, diff_html(pieces), added, removed))
    return changes
