"""Production settings refuse to start on a key anyone can read."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"KOMBEL_TESTING", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import kombel.settings"],
        env={**clean, "KOMBEL_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "secret",
    [
        None,
        "",
        "kombel-development-secret-key-not-for-production",
        "change-me-to-a-long-random-string",
    ],
)
def test_production_without_a_real_secret_key_refuses_to_start(tmp_path, secret):
    env = {"DEBUG": "0"} if secret is None else {"DEBUG": "0", "SECRET_KEY": secret}
    result = _load_settings(tmp_path, **env)
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("env", [{"DEBUG": "1"}, {"DEBUG": "0", "SECRET_KEY": "x" * 20 + "y" * 40}])
def test_development_copy_or_a_real_key_starts(tmp_path, env):
    assert _load_settings(tmp_path, **env).returncode == 0


def test_the_kombel_command_says_why_it_refuses_and_manage_py_is_a_development_copy(tmp_path):
    """Django hides a settings error behind "Models aren't loaded yet"; the command says it."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env = {**clean, "KOMBEL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kombel.settings"}
    refused = subprocess.run(
        [sys.executable, "-m", "kombel", "check"], env=env, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert refused.stderr.startswith("kombel: SECRET_KEY is not set")
    manage = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"], env=env, capture_output=True, text=True
    )
    assert manage.returncode == 0, manage.stderr[-2000:]


def test_checking_for_missing_migrations_needs_no_key(tmp_path):
    """`kombel makemigrations --check` reads only the code: it runs without DEBUG or a key."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env = {**clean, "KOMBEL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kombel.settings"}
    checked = subprocess.run(
        [sys.executable, "-m", "kombel", "makemigrations", "--check", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (checked.returncode, checked.stdout.strip()) == (0, "No changes detected"), (
        checked.stderr
    )
