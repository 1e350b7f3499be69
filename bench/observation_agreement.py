"""Inter-rater statistics over 10,000 observations (issue 10, budget as DESIGN.md §7's
statistics: <= 2 s).

10,000 lessons of the benchmark school, each seen by two observers with the D.1 classroom
sheet (10 items on 1-3, 200,000 scores), then the school's agreement computed as the page and
the API do: per instrument ICC(A,1) and ICC(C,1) with their 95 % CI over the lesson totals,
pooled weighted kappa, and per item weighted kappa, each with its interval, reading every
score from the database. The first of the runs also imports scipy, scikit-learn and pandas.
Everything is written inside a transaction that is rolled back: the benchmark database is
left as it was.
"""

import datetime
import random
import statistics
import time
from typing import Any

OBSERVATIONS = 10_000


class _Rollback(Exception):
    pass


def agreement_over_ten_thousand_observations(school: Any, repeats: int = 3) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from kombel.accounts.models import User
    from kombel.observations import defaults
    from kombel.observations.agreement import school_agreement
    from kombel.observations.models import Observation, Record, Score
    from kombel.observations.services.instruments import instrument_from_spec

    rng = random.Random(17)
    result: dict[str, Any] = {}
    try:
        with transaction.atomic(), scopes_disabled():
            spec = {**defaults.CLASSROOM_D1, "code": "bench-d1"}
            version = instrument_from_spec(school=school, actor=None, spec=spec).versions.get()
            items = list(version.items.filter(kind="scale"))
            teachers = User.objects.bulk_create(
                [User(username=f"bench-observed-{n}", full_name=f"T{n}") for n in range(200)]
            )
            observers = User.objects.bulk_create(
                [User(username=f"bench-observer-{n}", full_name=f"O{n}") for n in range(2)]
            )
            now = timezone.now()
            start = now - datetime.timedelta(days=180)
            lessons = [
                Observation(
                    school=school,
                    instrument_version=version,
                    teacher=teachers[n % len(teachers)],
                    starts_at=start + datetime.timedelta(minutes=25 * n),
                    stage="done",
                    released_at=now,
                )
                for n in range(OBSERVATIONS)
            ]
            Observation.objects.bulk_create(lessons, batch_size=2000)
            records = [
                Record(school=school, observation=o, observer=observer, submitted_at=now)
                for o in lessons
                for observer in observers
            ]
            Record.objects.bulk_create(records, batch_size=2000)
            scores = []
            for n in range(0, len(records), 2):
                level = rng.uniform(1.2, 2.8)
                for record in records[n : n + 2]:
                    for item in items:
                        value = max(1, min(3, round(level + rng.gauss(0, 0.45))))
                        scores.append(Score(school=school, record=record, item=item, value=value))
            Score.objects.bulk_create(scores, batch_size=5000)
            timings, cpu = [], []
            with scope(school=[school.pk]):
                for _ in range(repeats):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    results = school_agreement(school)
                    timings.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
            bench = next(r for r in results if r.instrument.code == "bench-d1")
            result = {
                "observations": OBSERVATIONS,
                "scores": len(scores),
                "icc_a": round(bench.icc_a.value or 0, 3),
                "icc_c": round(bench.icc_c.value or 0, 3),
                "instruments": len(results),
                "ms_runs": [round(t, 1) for t in timings],
                "ms": round(statistics.median(timings), 1),
                # This process's CPU time: on a shared, loaded machine the wall time above
                # also counts the waits for a core.
                "cpu_ms": round(statistics.median(cpu), 1),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result
