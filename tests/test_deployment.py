"""The production settings and the compose file, checked the way an operator would."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import IN_CI

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "accord.example.com",
    "DJANGO_EMAIL_HOST": "smtp.example.com",
    "DATABASE_URL": "postgres://accord:secret@db.example.com:5432/accord",
    "REDIS_URL": "redis://redis.example.com:6379/0",
}


def _production_env():
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for the browser tests only
    return env


@pytest.mark.slow
def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("unset", "command"),
    [
        (["DATABASE_URL"], ["manage.py", "check"]),
        (["REDIS_URL"], ["-m", "celery", "-A", "config", "worker", "--loglevel", "INFO"]),
        (["DATABASE_URL", "REDIS_URL"], ["-m", "celery", "-A", "config", "beat"]),
    ],
)
def test_finding_4_production_refuses_to_start_without_database_url_or_redis_url(unset, command):
    """No silent fallback to a host's own SQLite or file broker: web, worker and beat stop
    at once with one line naming what is missing (and check --deploy cannot pass)."""
    env = _production_env()
    for name in unset:
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith("Accord cannot start: ")
    for name in unset:
        assert name in message
    for name in {"DATABASE_URL", "REDIS_URL"} - set(unset):
        assert name not in message


@pytest.mark.slow
def test_the_local_http_mode_keeps_its_embedded_defaults():
    env = {k: v for k, v in _production_env().items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"ACCORD_LOCAL_HTTP": "1", "DJANGO_ALLOWED_HOSTS": "localhost"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def _compose_command():
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.mark.slow
def test_the_compose_file_is_valid():
    command = _compose_command()
    if command is None:
        if IN_CI:
            pytest.fail("neither `docker compose` nor `docker-compose` is installed")
        pytest.skip("no compose client on this machine")
    result = subprocess.run(
        [*command, "config", "--quiet"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        [*command, "config", "--services"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split()
    assert set(services) == {"migrate", "proxy", "web", "worker", "beat", "db", "redis"}


def test_migrations_run_once_before_web_worker_and_beat_start():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "command: python manage.py migrate --noinput" in compose
    assert compose.count("migrate --noinput") == 1
    # web, worker and beat share the x-app block that waits for the migrate service.
    x_app = compose.split("services:")[0]
    assert "migrate:\n      condition: service_completed_successfully" in x_app
    for service in ("web", "worker", "beat"):
        assert f"  {service}:\n    <<: *app" in compose


def test_the_gunicorn_command_is_written_in_one_place():
    for name in ("Dockerfile", "Procfile", "docker-compose.yml", "Makefile"):
        text = (ROOT / name).read_text()
        assert "--bind" not in text and "--workers" not in text, name
    assert 'CMD ["gunicorn", "config.wsgi"]' in (ROOT / "Dockerfile").read_text()
    assert "bind =" in (ROOT / "gunicorn.conf.py").read_text()


def test_the_image_installs_the_locked_versions_and_not_in_editable_mode():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -c requirements.lock ." in dockerfile
    assert "-e ." not in dockerfile
    lock = (ROOT / "requirements.lock").read_text()
    assert "django==6.1" in lock.lower()
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


def test_no_build_or_runtime_artifact_is_committed():
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("not a git checkout")
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    artifacts = [
        f
        for f in files
        if ".egg-info/" in f
        or f.startswith(("control/", "var/", "staticfiles/"))
        or "__pycache__" in f
        or f == ".env"
    ]
    assert artifacts == []


def test_finding_6_compose_keeps_gunicorn_behind_its_one_proxy_keeps_files_and_lets_sends_finish():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    app = services["web"]
    # Published on the loopback only; the bundled proxy is the one X-Forwarded-For hop.
    assert all(str(port).startswith("127.0.0.1:") for port in app["ports"]), app["ports"]
    assert "caddy" in services["proxy"]["image"]
    assert "reverse_proxy web:8000" in (ROOT / "deploy" / "Caddyfile").read_text()
    assert app["environment"]["ACCORD_TRUSTED_PROXY_COUNT"].startswith(
        "${ACCORD_TRUSTED_PROXY_COUNT:-1}"
    )
    # Résumés survive a rebuild: a named volume at the media root of web and worker.
    for name in ("web", "worker"):
        assert "media:/app/var/media" in services[name]["volumes"]
        assert services[name]["environment"]["ACCORD_MEDIA_ROOT"] == "/app/var/media"
    assert "media" in compose["volumes"]
    # A worker mid-send gets longer than its send limit (60 s) to finish on SIGTERM.
    grace = services["worker"]["stop_grace_period"]
    assert int(grace.rstrip("s")) >= 75
    # The tests are not copied into the image.
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "tests" in ignored
