"""How config/settings.py reads the environment: each function turns variables into one
setting's value (or stops the process with one line saying what is wrong).

The settings stay one file read top to bottom, every value in it; what takes more than a
line to work out — the database, the broker, the mailer, the storage of résumés, the secret
key on this machine — is worked out here, beside the checks that refuse to start.
"""

import contextlib
import os
import secrets
from datetime import time
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def refuse_to_start(message: str):
    """Stop the process with one line on stderr (no traceback to read through)."""
    raise SystemExit(f"Accord cannot start: {message}")


# --- Fail fast -------------------------------------------------------------------------
# In production (DEBUG off without ACCORD_LOCAL_HTTP) web, worker and beat refuse to
# start without what they cannot do without, with one line saying which: a host that fell
# back to its own SQLite or file broker would look healthy and share nothing.
REQUIRED_IN_PRODUCTION = {
    "DATABASE_URL": "postgres://user:password@host:5432/accord",
    "REDIS_URL": "redis://host:6379/0",
}


def refuse_to_start_without_services(environ) -> None:
    """Production: stop unless DATABASE_URL and REDIS_URL are set."""
    missing = [name for name in REQUIRED_IN_PRODUCTION if not environ.get(name, "").strip()]
    if missing:
        refuse_to_start(
            ", ".join(missing)
            + (" is" if len(missing) == 1 else " are")
            + " not set (production is the default: DEBUG is off unless DJANGO_DEBUG=1; e.g. "
            + "; ".join(f"{n}={REQUIRED_IN_PRODUCTION[n]}" for n in missing)
            + ")."
        )


def local_secret_key(var_dir: Path) -> str:
    """The key in var/secret_key, written once; processes starting together agree on it
    because the file appears complete (hard link of a written file) or not at all."""
    path = var_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"secret_key.{os.getpid()}")
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()


def secret_key(environ, *, debug: bool, local_http: bool, var_dir: Path) -> str:
    """DJANGO_SECRET_KEY; on this machine (`make run`) one generated once into var/; with
    DEBUG a fixed development key; in production without it, the process stops."""
    key = environ.get("DJANGO_SECRET_KEY", "")
    if key:
        return key
    if local_http:
        return local_secret_key(var_dir)
    if not debug:
        refuse_to_start(
            "DJANGO_SECRET_KEY must be set in production (DEBUG is off unless DJANGO_DEBUG=1; "
            "on your own machine `make dev` and `make run` set what they need)."
        )
    return "dev-only-insecure-key-accord-not-for-production-use-0123456789"


# --- Database -------------------------------------------------------------------------
def databases(database_url: str, var_dir: Path) -> dict:
    """PostgreSQL (or any database) at DATABASE_URL; without it, SQLite in var/.

    SQLite is the zero-setup default. A web process and a worker write at once, so it runs
    in WAL mode with IMMEDIATE transactions and a long busy timeout (STACK_NOTES)."""
    if database_url:
        # Health checks: a connection broken by a database restart is replaced, not reused.
        default = dj_database_url.parse(database_url, conn_max_age=60, conn_health_checks=True)
        if default["ENGINE"] == "django.db.backends.postgresql":
            # No JIT compilation: a figure over a year of a large employer's history costs
            # enough for PostgreSQL to compile it, and compiling took 1.8 s of the funnel's
            # 2.3 s (its query runs in under 0.5 s without). Requests are short; JIT is for
            # long reports.
            # work_mem 32 MB: the figures group a year of a large employer's commitments
            # (tens of thousands of summary rows into thousands of groups); with the default
            # 4 MB PostgreSQL sorts them on disk (external merge) instead of hashing them in
            # memory, which took two thirds of the pair scoreboard's query (0.45 of 0.65 s).
            # It is a ceiling per sort or hash, reached only by those queries.
            default.setdefault("OPTIONS", {})["options"] = "-c jit=off -c work_mem=32MB"
        return {"default": default}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": var_dir / "accord.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not the shared in-memory database: the browser tests' live server
            # answers htmx requests on several threads, each with its own connection.
            "TEST": {"NAME": var_dir / "test.sqlite3"},
        }
    }


def working_hours(value: str) -> tuple:
    """'09:00-17:00' → (time(9), time(17)); the working day of business time."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        refuse_to_start(f"ACCORD_WORKING_HOURS must look like 09:00-17:00, not {value!r}.")
    if end <= start:
        refuse_to_start(f"ACCORD_WORKING_HOURS ends before it starts: {value!r}.")
    return start, end


# --- Storage of uploaded files (résumés) -----------------------------------------------
# Local files under MEDIA_ROOT for `make run` and a single host (compose mounts a volume
# there); any S3-compatible store (AWS S3, MinIO, Ceph, Garage, …) when ACCORD_S3_BUCKET is
# set — what several web and worker hosts need, since each must reach every file
# (docs/operations.md, "Storage"). Files are never public: the bucket stays private and
# résumés are streamed through the access-checked view.
def media_storage(environ) -> dict:
    """The `default` storage for this environment."""
    bucket = environ.get("ACCORD_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        # Empty: AWS itself. A self-hosted server: its URL, e.g. http://minio:9000.
        "endpoint_url": environ.get("ACCORD_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("ACCORD_S3_REGION") or None,
        # Empty: boto3's own chain (AWS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY, an instance role).
        "access_key": environ.get("ACCORD_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("ACCORD_S3_SECRET_ACCESS_KEY") or None,
        "location": environ.get("ACCORD_S3_PREFIX", "media").strip("/"),
        "default_acl": None,  # the bucket's own (private) policy
        "querystring_auth": True,  # any URL it makes is signed and short-lived
        "querystring_expire": 60,
        "file_overwrite": False,
        # "path" for most self-hosted servers (MinIO); AWS prefers virtual-hosted.
        "addressing_style": environ.get("ACCORD_S3_ADDRESSING_STYLE") or None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# --- Email ----------------------------------------------------------------------------
def mailers(environ, *, debug: bool, local_http: bool) -> dict:
    """Django 6.1 mailers. In development without DJANGO_EMAIL_HOST, email goes to the
    console (the worker's log); in production it is SMTP, on localhost unless
    DJANGO_EMAIL_HOST says."""
    if environ.get("DJANGO_EMAIL_HOST") or not (debug or local_http):
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": environ.get("DJANGO_EMAIL_HOST", "localhost"),
                    "port": int(environ.get("DJANGO_EMAIL_PORT", "587")),
                    "username": environ.get("DJANGO_EMAIL_HOST_USER", ""),
                    "password": environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                    "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
                    # Each SMTP step is cut at 20 s; outbox.delivery explains the timings.
                    "timeout": 20,
                },
            }
        }
    if environ.get("ACCORD_EMAIL_FILE_PATH"):  # the fault test counts what was sent
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "OPTIONS": {"file_path": environ["ACCORD_EMAIL_FILE_PATH"]},
            }
        }
    # One line per email (to, subject, where to read it: outbox.console), not raw MIME.
    return {"default": {"BACKEND": "outbox.console.EmailBackend"}}


# --- Celery broker --------------------------------------------------------------------
def celery_broker(redis_url: str, var_dir: Path) -> tuple[str, dict]:
    """(CELERY_BROKER_URL, CELERY_BROKER_TRANSPORT_OPTIONS): Redis when REDIS_URL is set;
    otherwise kombu's file-system transport, which needs no server and works for the web,
    one worker and one beat on one machine."""
    if redis_url:
        return redis_url, {
            # Longer than any task may run (CELERY_TASK_TIME_LIMIT kills one after 120 s),
            # short enough that a message held by a SIGKILLed worker comes back within
            # minutes, not the 1 h default.
            "visibility_timeout": int(os.environ.get("ACCORD_VISIBILITY_TIMEOUT", "600")),
            # Workers take from the queues in CELERY_TASK_QUEUES order: the sweep and the
            # other short periodic jobs ("celery") before any waiting email ("email").
            "queue_order_strategy": "priority",
        }
    broker_dir = var_dir / "broker"
    broker_dir.mkdir(parents=True, exist_ok=True)
    return "filesystem://", {
        "data_folder_in": str(broker_dir),
        "data_folder_out": str(broker_dir),
        # The exchange table; kombu writes it to the working directory when unset.
        "control_folder": str(var_dir / "broker-control"),
    }
