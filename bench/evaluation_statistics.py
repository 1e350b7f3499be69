"""The statistics budget of DESIGN.md §7: statistics over 1,000,000 answers <= 2 s.

One school's teacher questionnaire (20 Likert items) given twice to 25,000 named teachers (a
baseline and an end wave: 50,000 responses, 1,000,000 answers), then the end wave's results
timed as the page and the API compute them: every construct's n, mean, SD, distribution,
Cronbach's alpha with its Feldt CI, and the paired comparison with the baseline (test, CI,
effect size, normalised gain), reading both waves from the database. Everything is written
inside a transaction that is rolled back: the benchmark database is left as it was.
"""

import datetime
import random
import statistics
import time
from typing import Any

RESPONDENTS = 25_000


class _Rollback(Exception):
    pass


def statistics_over_a_million_answers(school: Any, repeats: int = 3) -> dict[str, Any]:
    from django.db import transaction
    from django_scopes import scope, scopes_disabled

    from kombel.accounts.models import User
    from kombel.evaluation import defaults
    from kombel.evaluation.enums import WaveKind
    from kombel.evaluation.models import Item, Response, Wave, encode_likert
    from kombel.evaluation.queries.results import wave_results
    from kombel.evaluation.services.questionnaires import questionnaire_from_spec
    from kombel.programs.models import Programme

    rng = random.Random(11)
    result: dict[str, Any] = {}
    try:
        with transaction.atomic(), scopes_disabled():
            questionnaire = questionnaire_from_spec(
                school=school, actor=None, spec=defaults.TEACHER
            )
            slots = dict(
                Item.objects.filter(questionnaire=questionnaire, kind="likert").values_list(
                    "name", "slot"
                )
            )
            names = list(slots)
            start = datetime.date(2026, 7, 13)
            programme = Programme.objects.create(
                school=school, title="Bench", start=start, end=start + datetime.timedelta(days=90)
            )
            waves = [
                Wave.objects.create(
                    school=school,
                    programme=programme,
                    questionnaire=questionnaire,
                    kind=kind,
                    title=kind,
                    opens_on=start + datetime.timedelta(days=offset),
                    closes_on=start + datetime.timedelta(days=offset + 6),
                    anonymous=False,
                )
                for kind, offset in ((WaveKind.BASELINE, 0), (WaveKind.ENDLINE, 84))
            ]
            users = User.objects.bulk_create(
                [
                    User(username=f"bench-respondent-{n}", full_name=f"R{n}")
                    for n in range(RESPONDENTS)
                ],
                batch_size=2000,
            )
            for n, wave in enumerate(waves):
                rows = []
                for user in users:
                    likert = {
                        name: min(5, max(1, round(rng.gauss(3 + 0.4 * n, 0.9)))) for name in names
                    }
                    rows.append(
                        Response(
                            school=school,
                            wave=wave,
                            respondent=user,
                            status="submitted",
                            submitted_on=wave.opens_on,
                            likert=likert,
                            vector=encode_likert(likert, slots),
                        )
                    )
                Response.objects.bulk_create(rows, batch_size=2000)
            answers = 2 * RESPONDENTS * len(names)
            timings = []
            with scope(school=[school.pk]):
                for _ in range(repeats):
                    started = time.perf_counter()
                    results = wave_results(waves[1])
                    timings.append((time.perf_counter() - started) * 1000)
            result = {
                "answers": answers,
                "constructs": len(results.constructs),
                "tests": sorted({c.comparison.test for c in results.changes}),
                "ms_runs": [round(t, 1) for t in timings],
                "ms": round(statistics.median(timings), 1),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result
