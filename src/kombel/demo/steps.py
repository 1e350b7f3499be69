"""The demo and synthetic seeds: every app's registered demo step (core.extensions.DemoStep),
each after the steps it depends on."""

import datetime
import random
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_scopes import scopes_disabled

from kombel.core.demo import DemoContext, SyntheticSchool
from kombel.core.extensions import demo_steps
from kombel.demo import people

DEMO_SEED = 1509  # the BPS code of Kabupaten Tebo: any fixed number keeps the demo identical


def demo_exists() -> bool:
    from kombel.schools.models import School

    with scopes_disabled():
        return School.objects.filter(npsn=people.SCHOOL_NPSN).exists()


def run_demo(today: datetime.date) -> DemoContext:
    """Builds the whole demo in one transaction: every step's `seed`, in order."""
    ctx = DemoContext(today=today, rng=random.Random(DEMO_SEED))  # noqa: S311  (not crypto)
    # The demo school's data is written in its language, whatever the command's locale.
    with scopes_disabled(), transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for step in demo_steps():
            step.seed(ctx)
    return ctx


def prepare_synthetic(today: datetime.date) -> dict[str, Any]:
    """The objects every synthetic school shares (district, school year, subjects)."""
    with scopes_disabled(), transaction.atomic():
        return people.prepare_synthetic(today)


def existing_synthetic_schools() -> int:
    from kombel.schools.models import School

    with scopes_disabled():
        return School.objects.filter(district__bps_code=people.SYNTHETIC_BPS).count()


def run_synthetic_school(
    index: int, today: datetime.date, shared: dict[str, Any]
) -> SyntheticSchool:
    """Builds one synthetic school in one transaction: every step's `synthetic`, in order."""
    ctx = SyntheticSchool(
        index=index,
        today=today,
        rng=random.Random(index),  # noqa: S311  (not crypto)
        extra=dict(shared),
    )
    with scopes_disabled(), transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for step in demo_steps():
            if step.synthetic is not None:
                step.synthetic(ctx)
    return ctx
