import datetime
import random

import pytest
from django_scopes import scopes_disabled

from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.demo import people, programme
from kombel.programs.enums import EventKind
from kombel.programs.models import Event, SchoolClosure
from kombel.workshops.enums import WORKSHOP_KIND

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def test_demo_programme():
    ctx = DemoContext(today=TODAY, rng=random.Random(1))
    with scopes_disabled():
        people.seed(ctx)
        programme.seed(ctx)
        p = ctx.programme
        assert (p.start, p.end) == (datetime.date(2026, 9, 14), datetime.date(2026, 12, 19))
        assert p.semester is not None
        assert p.participations.count() == 25 + 14
        assert p.materials.count() == 5
        closure = SchoolClosure.objects.get(school=ctx.school)
        events = Event.objects.filter(programme=p)
        assert not events.filter(date=closure.date).exists()
        assert events.filter(is_generated=False).count() == 1
        assert events.filter(kind=EventKind.EVALUATION).count() == 4
        assert {e.location for e in events.filter(kind=WORKSHOP_KIND)} == {
            "Ruang kelas",
            "Laboratorium komputer",
            "Aula sekolah",
        }
        assert ctx.programme2.school == ctx.school2


def test_synthetic_programme():
    with scopes_disabled():
        shared = people.prepare_synthetic(TODAY)
        ctx = SyntheticSchool(index=1, today=TODAY, rng=random.Random(1), extra=dict(shared))
        people.synthetic(ctx)
        programme.synthetic(ctx)
        assert Event.objects.filter(programme=ctx.programme).count() > 80
        assert ctx.programme.participations.count() == len(ctx.teachers) + 1
