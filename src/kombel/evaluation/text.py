"""Indonesian text for coding: sentences (the unit of coder agreement) and keyword suggestions
(Sastrawi's stemmer and stop-word list) to help find passages for a code.

Offsets are Python string indices: zero-based Unicode code points, end exclusive.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ends at . ! ? or a line break; spaces trimmed."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return str(_stemmer().stem(word))


def stems(text: str) -> list[str]:
    """The text's content words, lower-cased, stop words removed, stemmed."""
    stop = stop_words()
    found = []
    for word in _WORD.findall(text.lower()):
        if len(word) > 2 and word not in stop:
            root = stem(word)
            if len(root) > 2 and root not in stop:
                found.append(root)
    return found


@dataclass(frozen=True)
class Keyword:
    stem: str
    example: str  # a word of the texts with this stem, to show
    score: float


def suggest_keywords(
    coded: Iterable[str], corpus: Iterable[str], seed: str = "", limit: int = 8
) -> list[Keyword]:
    """Stems typical of the passages already coded (and of the code's name and description):
    frequent in them, rare in the sentences of the other texts (tf-idf over sentences)."""
    sentence_stems = [set(stems(s)) for text in corpus for s in _split(text)]
    documents = len(sentence_stems) or 1
    frequency: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for text in [*coded, seed]:
        for word in _WORD.findall(text.lower()):
            if len(word) > 2 and word not in stop_words():
                root = stem(word)
                frequency[root] += 1
                examples.setdefault(root, word)
    df: Counter[str] = Counter(s for stems_ in sentence_stems for s in stems_)
    scored = [
        Keyword(root, examples[root], count * math.log((1 + documents) / (1 + df[root])))
        for root, count in frequency.items()
        if root not in stop_words() and len(root) > 2
    ]
    scored.sort(key=lambda k: (-k.score, k.stem))
    return [k for k in scored if k.score > 0][:limit]


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def matching_sentences(text: str, wanted: set[str]) -> list[tuple[int, int, list[str]]]:
    """Sentences of `text` holding any of the `wanted` stems, with the stems they hold."""
    found = []
    for start, end in sentences(text):
        hits = sorted(wanted & set(stems(text[start:end])))
        if hits:
            found.append((start, end, hits))
    return found
