"""Production refuses to start without its secrets, and passes Django's deploy checklist."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TRYEZA_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "TRYEZA_ENV": "production",
    "TRYEZA_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "TRYEZA_ENCRYPTION_KEY": GOOD_KEY,
    "TRYEZA_ALLOWED_HOSTS": "tryeza.example.org",
}


@pytest.mark.parametrize(
    "missing", ["TRYEZA_SECRET_KEY", "TRYEZA_ENCRYPTION_KEY", "TRYEZA_ALLOWED_HOSTS"]
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_malformed_encryption_key():
    result = manage("check", **{**PRODUCTION, "TRYEZA_ENCRYPTION_KEY": "too-short"})
    assert result.returncode != 0
    assert "32 url-safe base64-encoded bytes" in result.stderr


def test_production_refuses_debug():
    result = manage("check", **{**PRODUCTION, "TRYEZA_DEBUG": "true"})
    assert result.returncode != 0
    assert "TRYEZA_DEBUG" in result.stderr


def test_deploy_checklist_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_starts_with_nothing_set():
    result = manage("check")
    assert result.returncode == 0, result.stderr
