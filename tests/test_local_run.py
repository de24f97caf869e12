"""`make run`: the product as deployed (DEBUG off, WhiteNoise, its own error pages) over plain
http on this machine, with a secret kept in var/ and links built from the port it serves."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "ACCORD_BASE_URL": settings.ACCORD_BASE_URL,
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "MAILER": settings.MAILERS["default"]["BACKEND"],
    "MAIL_VIEWER": settings.ACCORD_MAIL_VIEWER,
}))
"""


def _settings_as_make_run(var_dir, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ACCORD_")) and key != "PORT"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        ACCORD_LOCAL_HTTP="1",
        ACCORD_VAR_DIR=str(var_dir),
        PORT="8123",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_make_run_serves_like_the_product_over_http_on_localhost(tmp_path):
    result = _settings_as_make_run(tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)

    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert not values["SECURE_SSL_REDIRECT"]
    assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["ACCORD_BASE_URL"] == "http://127.0.0.1:8123"
    assert values["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    # One line per email, each readable at "Mail sent" (tests/outbox/test_local_mail.py).
    assert values["MAILER"] == "outbox.console.EmailBackend"
    assert values["MAIL_VIEWER"] is True


@pytest.mark.slow
def test_the_generated_secret_key_is_kept_in_var_and_reused(tmp_path):
    first = json.loads(_settings_as_make_run(tmp_path).stdout)["SECRET_KEY"]
    second = json.loads(_settings_as_make_run(tmp_path).stdout)["SECRET_KEY"]
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert "dev-only" not in first


@pytest.mark.slow
def test_local_http_refuses_a_public_host_name(tmp_path):
    result = _settings_as_make_run(tmp_path, DJANGO_ALLOWED_HOSTS="accord.example.com")
    assert result.returncode != 0
    assert "ACCORD_LOCAL_HTTP serves plain http on localhost only" in result.stderr


def test_make_run_uses_that_mode_with_gunicorn_and_make_dev_the_debug_server():
    makefile = (ROOT / "Makefile").read_text()
    run_env = makefile.split("RUN_ENV :=")[1].split("DEV_ENV :=")[0]
    assert "DJANGO_DEBUG=0" in run_env and "ACCORD_LOCAL_HTTP=1" in run_env
    assert "ACCORD_BASE_URL=http://127.0.0.1:$(PORT)" in run_env
    run = makefile.split("\nrun:")[1].split("\ndev:")[0]
    assert "collectstatic" in run and "bin/supervise Procfile $(BANNER_WHEN_UP)\n" in run
    assert "web: gunicorn config.wsgi" in (ROOT / "Procfile").read_text()
    dev = makefile.split("\ndev:")[1].split("\nlogins:")[0]
    assert "Procfile.dev" in dev
    assert "runserver" in (ROOT / "Procfile.dev").read_text()
