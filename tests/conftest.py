import pytest
from django_scopes import scopes_disabled

from tests.world import World, build_world


@pytest.fixture(autouse=True)
def _media_and_locale(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "id"


@pytest.fixture
def world(db) -> World:
    """Two schools of one district, one user per role in each, and the objects every app adds.

    School "own" is the one tests act in; school "other" holds the data that must never leak.
    """
    return build_world()


@pytest.fixture
def unscoped():
    with scopes_disabled():
        yield
