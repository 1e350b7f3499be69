"""Comparing the first and the last revision of the benchmark school's long plan (every
section long, rewritten several times: lessons.demo.synthetic), section by section and word by
word, as the compare page does."""

import time
from typing import Any


def compare_a_long_plan(school: Any, repeats: int = 5) -> dict[str, Any]:
    from django_scopes import scope

    from kombel.lessons.models import LessonPlan
    from kombel.lessons.text import compare

    with scope(school=[school.pk]):
        plan = (
            LessonPlan.objects.filter(school=school, title="Ekosistem Sawah di Sekitar Sekolah")
            .order_by("-created_at")
            .first()
        )
        if plan is None:
            return {"ms": 0.0, "skipped": "no long plan"}
        revisions = list(plan.revisions.order_by("number"))
        sections = list(plan.sections.values_list("key", "title"))
    first, last = revisions[0], revisions[-1]
    words = sum(len(text.split()) for text in last.content.values())
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        changes = compare(sections, first.content, last.content)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "ms": min(timings),
        "revisions": len(revisions),
        "words": words,
        "sections_changed": sum(1 for c in changes if c.changed),
    }
