"""Observations' objects, made through the services (so they are what Kombel itself makes)."""

import datetime
from typing import Any

from django_scopes import scopes_disabled

from kombel.observations import defaults
from kombel.observations.models import Instrument, InstrumentVersion, Observation
from kombel.observations.services import instruments, observations
from kombel.schools.models import School


def shipped(school: School, code: str = "observasi-kelas-d1") -> InstrumentVersion:
    """The version in use of a shipped instrument (installed once per school)."""
    with scopes_disabled():
        instruments.instruments_install_shipped(school=school, actor=None)
        instrument = Instrument.objects.get(school=school, code=code)
        return instrument.versions.get(number=1)


def instrument(school: School, spec: dict[str, Any]) -> InstrumentVersion:
    with scopes_disabled():
        made = instruments.instrument_from_spec(school=school, actor=None, spec=spec)
        return made.versions.get()


def planned(
    *,
    teacher: Any,
    observers: list[Any],
    version: InstrumentVersion | None = None,
    actor: Any = None,
    starts_at: datetime.datetime | None = None,
    **kwargs: Any,
) -> Observation:
    school = (version.school if version else None) or observers[0].memberships.first().school
    with scopes_disabled():
        version = version or shipped(school)
        return observations.observation_plan(
            school=version.school,
            actor=actor or observers[0],
            version=version,
            teacher=teacher,
            observers=observers,
            starts_at=starts_at or datetime.datetime(2026, 11, 24, 8, 0, tzinfo=datetime.UTC),
            **kwargs,
        )


def scored(
    observation: Observation, observer: Any, values: dict[str, int], submit: bool = True
) -> None:
    """Score items by code (scale items only) and submit the observer's record."""
    with scopes_disabled():
        items = {i.code: i for i in observation.instrument_version.items.all()}
        observations.record_save(
            observation=observation,
            actor=observer,
            scores=[
                observations.ScoreInput(items[code].pk, value) for code, value in values.items()
            ],
            submit=submit,
        )


SMALL = {
    "code": "kecil",
    "kind": "other",
    "name": "Instrumen kecil",
    "name_en": "Small instrument",
    "sections": [
        {
            "title": "Bagian A",
            "title_en": "Part A",
            "items": [
                {
                    "code": "a1",
                    "kind": "scale",
                    "text": "Butir satu",
                    "text_en": "Item one",
                    "competency": "pedagogical",
                    "levels": defaults.D1_LEVELS,
                },
                {"code": "a2", "kind": "yesno", "text": "Butir dua", "text_en": "Item two"},
                {"code": "a3", "kind": "text", "text": "Catatan", "text_en": "Notes"},
            ],
        }
    ],
}
