"""The coding pages and API read the codebook without starting it: the default codebook is
started by the button (or by the first text opened, the first codebook imported)."""

import pytest
from django_scopes import scopes_disabled

from kombel.evaluation.models import Code, Codebook
from kombel.schools.enums import Role
from tests.evaluation.conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unscoped():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        yield


@pytest.fixture
def mentor(school):  # type: ignore[no-untyped-def]
    return member(school, Role.MENTOR, full_name="Dr. Ratna Juwita")


def _coding(programme, suffix: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/s/{programme.school.npsn}/evaluation/coding/{programme.pk}/{suffix}"


def test_reading_starts_no_codebook(client, programme, mentor):
    client.force_login(mentor)
    overview = client.get(_coding(programme))
    assert overview.status_code == 200
    assert (overview.context["codebook"], overview.context["codes"]) == (None, [])
    assert _coding(programme, "codebook/start/") in overview.content.decode()
    # Nothing to analyse or export yet (a REFI-QDA file holds at least one code): the overview.
    for suffix in ("analysis/", "codebook.qdc", "project.qdpx"):
        answer = client.get(_coding(programme, suffix))
        assert (answer.status_code, answer["Location"]) == (302, _coding(programme))
    api = f"/api/v1/schools/{programme.school.npsn}/evaluation/programmes/{programme.pk}/coding"
    assert client.get(api + "/frequencies").json() == {"items": [], "count": 0}
    agreement = client.get(api + "/agreement").json()
    assert (agreement["documents"], agreement["codes"]) == (0, [])
    assert (Codebook.objects.count(), Code.objects.count()) == (0, 0)


def test_the_button_starts_the_default_codebook_once(client, programme, mentor):
    client.force_login(mentor)
    started = client.post(_coding(programme, "codebook/start/"))
    assert (started.status_code, started["Location"]) == (302, _coding(programme))
    codebook = Codebook.objects.get(programme=programme)
    codes = Code.objects.filter(codebook=codebook).count()
    assert codes > 0
    client.post(_coding(programme, "codebook/start/"))
    assert (Codebook.objects.count(), Code.objects.count()) == (1, codes)
    overview = client.get(_coding(programme))
    assert overview.context["codebook"] == codebook
    assert len(overview.context["codes"]) == codes


def test_the_button_is_for_evaluators(client, programme, teachers):
    client.force_login(teachers[0])
    assert client.post(_coding(programme, "codebook/start/")).status_code == 403
    assert Codebook.objects.count() == 0
