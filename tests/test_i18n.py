"""The Indonesian catalogue is complete, current, and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

import kombel

SRC = Path(kombel.__file__).resolve().parent
CATALOGUE = Path("locale") / "id" / "LC_MESSAGES" / "django.po"
# The project's catalogue (templates/, api.py) and each app's own (<app>/locale/).
CATALOGUES = sorted(p.relative_to(SRC) for p in SRC.glob(f"**/{CATALOGUE}"))

needs_gettext = pytest.mark.skipif(
    shutil.which("msgattrib") is None, reason="GNU gettext tools are not installed"
)


@needs_gettext
def test_every_string_in_the_code_is_translated(tmp_path, settings):
    """Extract the messages afresh from a copy of the code: nothing new, nothing fuzzy."""
    copy = tmp_path / "kombel"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kombel",
            "makemessages",
            "-l",
            "id",
            "--no-location",
            "--ignore",
            "settings*.py",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    missing, changed = {}, {}
    for catalogue in sorted(p.relative_to(copy) for p in copy.glob(f"**/{CATALOGUE}")):
        fresh = str(copy / catalogue)
        untranslated = subprocess.run(
            ["msgattrib", "--untranslated", "--no-obsolete", fresh],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        fuzzy = subprocess.run(
            ["msgattrib", "--only-fuzzy", "--no-obsolete", fresh],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        # msgattrib prints the header entry first; any entry after it is a finding.
        if untranslated.split("\n\n")[1:]:
            missing[str(catalogue)] = untranslated.split("\n\n")[1:]
        if fuzzy.split("\n\n")[1:]:
            changed[str(catalogue)] = fuzzy.split("\n\n")[1:]
    assert missing == {}, "untranslated: run `make messages` and translate in these django.po"
    assert changed == {}, "fuzzy (changed) translations: check them in these django.po"


@needs_gettext
@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_compiled_catalogue_matches_the_po(tmp_path, catalogue):
    po = SRC / catalogue
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)
    mo = po.with_suffix(".mo")
    assert compiled.read_bytes() == mo.read_bytes(), f"run `make messages` to recompile {po}"


def test_indonesian_is_served_by_default(client, settings):
    settings.LANGUAGE_CODE = "id"  # the project's setting; tests/conftest.py switches it off
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "id"
    with translation.override("id"):
        assert translation.gettext("Log in") != "Log in"
