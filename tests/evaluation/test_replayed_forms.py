"""A form sent twice (a double tap, a reload while it was sending, a connection that dropped
before the answer came) is saved once: kombel.js gives every page's form one `_draft` token,
and a second POST with a token already saved answers with the first one's redirect."""

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled

from kombel.evaluation.models import Interview
from tests.evaluation.conftest import TODAY

pytestmark = pytest.mark.usefixtures("unscoped")


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _interview(programme, token, **extra):  # type: ignore[no-untyped-def]
    return {
        "programme": programme.pk,
        "held_on": TODAY.isoformat(),
        "interviewee_role": "teacher",
        "interviewee": "Guru Matematika",
        "consent_given": "on",
        "transcript": "Saya lebih percaya diri.",
        "_draft": token,
        **extra,
    }


def test_a_form_sent_twice_is_saved_once(client, school, programme, facilitator):  # type: ignore[no-untyped-def]
    client.force_login(facilitator)
    url = f"/s/{school.npsn}/evaluation/interviews/new/"

    first = client.post(url, _interview(programme, "k1tap"))
    second = client.post(url, _interview(programme, "k1tap"))

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    with scopes_disabled():
        assert Interview.objects.filter(school=school).count() == 1


def test_another_submission_is_saved_again(client, school, programme, facilitator):  # type: ignore[no-untyped-def]
    client.force_login(facilitator)
    url = f"/s/{school.npsn}/evaluation/interviews/new/"

    client.post(url, _interview(programme, "k1first"))
    client.post(url, _interview(programme, "k1second", interviewee="Guru IPA"))

    with scopes_disabled():
        assert Interview.objects.filter(school=school).count() == 2


def test_a_refused_form_may_be_sent_again(client, school, programme, facilitator):  # type: ignore[no-untyped-def]
    client.force_login(facilitator)
    url = f"/s/{school.npsn}/evaluation/interviews/new/"

    refused = client.post(url, _interview(programme, "k1again", held_on=""))
    saved = client.post(url, _interview(programme, "k1again"))

    assert refused.status_code == 200
    assert saved.status_code == 302
    with scopes_disabled():
        assert Interview.objects.filter(school=school).count() == 1


def test_the_token_is_one_persons(client, school, programme, facilitator, principal):  # type: ignore[no-untyped-def]
    url = f"/s/{school.npsn}/evaluation/interviews/new/"
    client.force_login(facilitator)
    client.post(url, _interview(programme, "k1same"))
    client.force_login(principal)
    client.post(url, _interview(programme, "k1same"))

    with scopes_disabled():
        assert Interview.objects.filter(school=school).count() == 2


def test_a_documentation_photo_sent_twice_is_added_once(client, school, programme, facilitator):  # type: ignore[no-untyped-def]
    from kombel.evaluation.models import DocumentationItem
    from tests.evaluation.test_documentation import _photo

    client.force_login(facilitator)
    url = f"/s/{school.npsn}/evaluation/documentation/new/"
    assert 'data-autosave="documentation"' in client.get(url).content.decode()
    data = {"programme": programme.pk, "caption": "Pameran proyek", "taken_on": TODAY.isoformat()}
    data |= {"activity_kind": "other", "_draft": "k1photo"}

    first = client.post(url, {**data, "file": _photo()})
    second = client.post(url, {**data, "file": _photo()})

    assert first.status_code == second.status_code == 302
    with scopes_disabled():
        assert DocumentationItem.objects.filter(school=school).count() == 1


def test_a_wave_sent_twice_is_opened_once(client, school, programme, questionnaire, facilitator):  # type: ignore[no-untyped-def]
    from kombel.evaluation.models import Wave

    client.force_login(facilitator)
    url = f"/s/{school.npsn}/evaluation/waves/new/"
    assert 'data-autosave="wave"' in client.get(url).content.decode()
    data = {
        "programme": programme.pk,
        "questionnaire": questionnaire.pk,
        "kind": "monthly",
        "month": TODAY.isoformat(),
        "title": "Angket bulan Desember",
        "opens_on": TODAY.isoformat(),
        "closes_on": TODAY.isoformat(),
        "_draft": "k1wave",
    }
    with scopes_disabled():
        before = Wave.objects.filter(school=school).count()

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == 302
    assert second["Location"] == first["Location"]
    with scopes_disabled():
        assert Wave.objects.filter(school=school).count() == before + 1
