from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from kombel.core.versioning import check_version

ROW = SimpleNamespace(version=3)


@pytest.mark.parametrize("version", [None, 3, "3"])
def test_check_version_accepts_no_version_or_the_current_one(version):
    assert check_version(ROW, version) is None


@pytest.mark.parametrize("version", [2, "4", "abc", "1.5", "", [3]])
def test_check_version_turns_a_stale_or_unusable_version_into_a_conflict(version):
    with pytest.raises(ValidationError) as raised:
        check_version(ROW, version)
    assert raised.value.code == "conflict"
