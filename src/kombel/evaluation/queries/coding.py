"""Reads of qualitative coding: passages per code, frequencies by source and month,
co-occurrence, coder agreement, keyword suggestions. Each reads the codings once."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from django.db.models import Count, QuerySet

from kombel.evaluation import stats, text
from kombel.evaluation.enums import AgreementUnit, SourceType
from kombel.evaluation.models import Code, Codebook, Coding, Document


def codes_of(codebook: Codebook) -> list[Code]:
    """Themes then their codes, in order, each with how often it was applied."""
    codes = list(
        Code.objects.filter(codebook=codebook)
        .annotate(uses=Count("codings"))
        .order_by("order", "name")
    )
    by_parent: dict[Any, list[Code]] = defaultdict(list)
    for code in codes:
        by_parent[code.parent_id].append(code)
    ordered: list[Code] = []

    def walk(parent: Any, depth: int) -> None:
        for code in by_parent.get(parent, []):
            code.depth = depth  # type: ignore[attr-defined]
            ordered.append(code)
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered


def passages_of(code: Code) -> QuerySet[Coding]:
    return (
        Coding.objects.filter(code=code)
        .select_related("document", "coder")
        .order_by("document__month", "document__title", "start")
    )


def documents_of(codebook: Codebook) -> QuerySet[Document]:
    return (
        Document.objects.filter(programme_id=codebook.programme_id)
        .annotate(coding_count=Count("codings"), coder_count=Count("codings__coder", distinct=True))
        .order_by("-month", "title")
    )


@dataclass
class Frequencies:
    codes: list[Code]
    source_types: list[tuple[str, str]]
    months: list[datetime.date]
    by_source: dict[Any, dict[str, int]]
    by_month: dict[Any, dict[datetime.date, int]]
    totals: dict[Any, int]

    @property
    def source_rows(self) -> list[tuple[Code, list[int], int]]:
        """Per code: its count for each source type (in `source_types` order) and in all."""
        return [
            (
                code,
                [self.by_source.get(code.pk, {}).get(key, 0) for key, _label in self.source_types],
                self.totals.get(code.pk, 0),
            )
            for code in self.codes
        ]

    @property
    def month_rows(self) -> list[tuple[Code, list[int]]]:
        return [
            (code, [self.by_month.get(code.pk, {}).get(month, 0) for month in self.months])
            for code in self.codes
        ]


def frequencies(codebook: Codebook) -> Frequencies:
    """How often each code was applied, by kind of source and by month (one query)."""
    rows = (
        Coding.objects.filter(code__codebook=codebook)
        .values("code_id", "document__source_type", "document__month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_source: dict[Any, dict[str, int]] = defaultdict(dict)
    by_month: dict[Any, dict[datetime.date, int]] = defaultdict(dict)
    totals: dict[Any, int] = defaultdict(int)
    months: set[datetime.date] = set()
    used_types: set[str] = set()
    for row in rows:
        code, kind, month, n = (
            row["code_id"],
            row["document__source_type"],
            row["document__month"],
            row["n"],
        )
        by_source[code][kind] = by_source[code].get(kind, 0) + n
        by_month[code][month] = by_month[code].get(month, 0) + n
        totals[code] += n
        months.add(month)
        used_types.add(kind)
    codes = [c for c in codes_of(codebook) if c.is_codable]
    return Frequencies(
        codes=codes,
        source_types=[(k, str(label)) for k, label in SourceType.choices if k in used_types],
        months=sorted(months),
        by_source=dict(by_source),
        by_month=dict(by_month),
        totals=dict(totals),
    )


def _codings(codebook: Codebook) -> list[tuple[Any, Any, Any, int, int]]:
    return list(
        Coding.objects.filter(code__codebook=codebook).values_list(
            "document_id", "code_id", "coder_id", "start", "end"
        )
    )


def cooccurrence(codebook: Codebook) -> tuple[list[Code], dict[tuple[Any, Any], int]]:
    """How many times two codes were applied to overlapping passages of the same text (by any
    coders): {(code a, code b): count} with a before b in the codebook's order."""
    codes = [c for c in codes_of(codebook) if c.is_codable]
    order = {c.pk: i for i, c in enumerate(codes)}
    by_document: dict[Any, list[tuple[Any, int, int]]] = defaultdict(list)
    for document, code, _coder, start, end in _codings(codebook):
        by_document[document].append((code, start, end))
    counts: dict[tuple[Any, Any], int] = defaultdict(int)
    for items in by_document.values():
        for (a, s1, e1), (b, s2, e2) in combinations(items, 2):
            if a != b and s1 < e2 and s2 < e1:
                pair = (a, b) if order.get(a, 0) <= order.get(b, 0) else (b, a)
                counts[pair] += 1
    return codes, dict(counts)


@dataclass
class CodeAgreement:
    code: Code
    coded_units: int  # units any coder gave this code
    kappas: list[tuple[Any, Any, float | None]]  # (coder a, coder b, Cohen's kappa)
    alpha: float | None  # Krippendorff's alpha (nominal), all coders


@dataclass
class Agreement:
    unit: str
    documents: int
    units: int
    coders: list[Any]
    codes: list[CodeAgreement] = field(default_factory=list)


def _units(document_text: str, spans: list[tuple[int, int]], unit: str) -> list[tuple[int, int]]:
    if unit == AgreementUnit.SENTENCE:
        return text.sentences(document_text)
    # Segments: the text cut at every coder's passage boundaries; the pieces someone coded.
    cuts = sorted({0, len(document_text), *(p for span in spans for p in span)})
    pieces = list(pairwise(cuts))
    return [(a, b) for a, b in pieces if any(s < b and a < e for s, e in spans)]


def agreement(codebook: Codebook, unit: str = AgreementUnit.SENTENCE) -> Agreement:
    """Coder agreement on the texts two or more people coded, per code, on a stated unit (a
    sentence, or a segment between coders' passage boundaries): each coder either applied the
    code to a unit or not. Cohen's kappa for every pair of coders, Krippendorff's alpha
    (nominal) across all of them; a coder who did not code a text is missing there, not "no"."""
    from kombel.accounts.models import User

    rows = _codings(codebook)
    coders_of: dict[Any, set[Any]] = defaultdict(set)
    for document, _code, coder, _s, _e in rows:
        coders_of[document].add(coder)
    shared = {d for d, c in coders_of.items() if len(c) >= 2}
    texts = dict(Document.objects.filter(pk__in=shared).values_list("pk", "text"))
    coder_ids = sorted({c for d in shared for c in coders_of[d]}, key=str)
    coders = sorted(User.objects.filter(pk__in=coder_ids), key=lambda u: u.full_name)
    result = Agreement(unit=unit, documents=len(shared), units=0, coders=coders)
    if not shared:
        return result
    # unit list: (document, start, end)
    units: list[tuple[Any, int, int]] = []
    spans_of: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for document, _code, _coder, start, end in rows:
        if document in shared:
            spans_of[document].append((start, end))
    for document in sorted(shared, key=str):
        units += [(document, a, b) for a, b in _units(texts[document], spans_of[document], unit)]
    result.units = len(units)
    applied: dict[tuple[Any, Any], list[tuple[Any, int, int]]] = defaultdict(list)
    for document, code, coder, start, end in rows:
        if document in shared:
            applied[(code, coder)].append((document, start, end))
    for code in (c for c in codes_of(codebook) if c.is_codable):
        vectors: dict[Any, list[float]] = {}
        for coder in coders:
            passages = applied.get((code.pk, coder.pk), [])
            vector = []
            for document, a, b in units:
                if coder.pk not in coders_of[document]:
                    vector.append(math.nan)
                else:
                    hit = any(d == document and s < b and a < e for d, s, e in passages)
                    vector.append(1.0 if hit else 0.0)
            vectors[coder.pk] = vector
        coded = sum(1 for i in range(len(units)) if any(vectors[c.pk][i] == 1.0 for c in coders))
        kappas = []
        for first, second in combinations(coders, 2):
            pairs = [
                (int(x), int(y))
                for x, y in zip(vectors[first.pk], vectors[second.pk], strict=True)
                if not (math.isnan(x) or math.isnan(y))
            ]
            kappa = (
                stats.cohen_kappa([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None
            )
            kappas.append((first, second, kappa))
        alpha = stats.krippendorff_alpha([vectors[c.pk] for c in coders])
        result.codes.append(CodeAgreement(code, coded, kappas, alpha))
    return result


@dataclass
class Suggestion:
    keywords: list[text.Keyword]
    sentences: list[tuple[Document, str, list[str]]]  # (text, the sentence, stems it holds)


def suggestions(code: Code, limit: int = 10) -> Suggestion:
    """Keywords for a code (its passages, name and description, Sastrawi-stemmed, stop words
    out) and uncoded sentences of the programme's texts that hold them."""
    documents = list(Document.objects.filter(programme_id=code.codebook.programme_id))
    coded = [c.passage for c in Coding.objects.filter(code=code).select_related("document")]
    keywords = text.suggest_keywords(
        coded, [d.text for d in documents], seed=f"{code.name}. {code.description}"
    )
    wanted = {k.stem for k in keywords}
    taken: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for document_id, start, end in Coding.objects.filter(code=code).values_list(
        "document_id", "start", "end"
    ):
        taken[document_id].append((start, end))
    found = []
    for document in documents:
        for start, end, hits in text.matching_sentences(document.text, wanted):
            if not any(s < end and start < e for s, e in taken[document.pk]):
                found.append((document, document.text[start:end], hits))
    found.sort(key=lambda f: -len(f[2]))
    return Suggestion(keywords, found[:limit])
