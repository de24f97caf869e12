"""Accord settings: one file of every value, driven by the environment (what takes more than a
line to work out from it — database, broker, mailer, storage, secret key — is in
config/environment.py).

Production is the default: DEBUG is on only with DJANGO_DEBUG=1 said explicitly (`make dev`
and the tests say it; the image and compose never do), so a server started without it gets
the hardening that `manage.py check --deploy` asks for and refuses to start without a secret
key (see README, "Production"). The data stores have embedded defaults (SQLite, a
file-system Celery broker in var/), so `make run` works on a fresh machine; DATABASE_URL and
REDIS_URL switch to PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from kombu import Queue

from config.environment import (
    celery_broker,
    databases,
    env_bool,
    env_list,
    mailers,
    media_storage,
    refuse_to_start_without_services,
    secret_key,
    working_hours,
)
from config.observability import logging_config, start_error_reporting
from config.schedule import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", BASE_DIR / "var"))


# Off unless DJANGO_DEBUG=1 is set (issue 20, finding 8: it defaulted to on, and the image
# did not set it).
DEBUG = env_bool("DJANGO_DEBUG", False)
# `make run`: the product as it is deployed (DEBUG off, WhiteNoise, its own error pages), but
# over plain http on this machine: no TLS redirect or secure-only cookies, hosts limited to
# localhost, a secret key generated once into var/, emails printed by the worker. Never set it
# behind a public host name: it refuses to start with one.
LOCAL_HTTP = env_bool("ACCORD_LOCAL_HTTP", False)
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


# In production (DEBUG off without ACCORD_LOCAL_HTTP) web, worker and beat refuse to start
# without PostgreSQL and Redis, or without a secret key (config.environment, "Fail fast").
PRODUCTION = not DEBUG and not LOCAL_HTTP
if PRODUCTION:
    refuse_to_start_without_services(os.environ)
SECRET_KEY = secret_key(os.environ, debug=DEBUG, local_http=LOCAL_HTTP, var_dir=VAR_DIR)

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ",".join(LOCAL_HOSTS) if DEBUG or LOCAL_HTTP else ""
)
if LOCAL_HTTP and set(ALLOWED_HOSTS) - set(LOCAL_HOSTS):
    raise ImproperlyConfigured("ACCORD_LOCAL_HTTP serves plain http on localhost only.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # the talent pool's full-text search (on PostgreSQL only)
    "django.forms",  # the widget templates, for FORM_RENDERER below
    "django_htmx",
    "accounts",
    "hiring",
    "outbox",
    "commitments",
    "intake",
    "pipeline",
    "interviews",
    "talent",  # the talent pool: résumé text, search, find similar
    "checkins",
    "privacy",  # candidates' personal data: export, erasure, retention
    "insights",
    "api",  # the REST API (/api/v1/) and personal access tokens
    "slack",  # reminders and notices as Slack direct messages, with their buttons
    "imports",  # import of existing searches from CSV and XLSX files
    "ninja",  # its docs page from the package's own static files, no CDN
    "health",
    "webhooks",  # signed webhooks and Microsoft Teams channel cards (issue 23)
    "axes",  # sign-in throttling, configured in accounts.throttling
]

MIDDLEWARE = [
    "config.observability.RequestIdMiddleware",  # X-Request-ID, and in every log line
    "health.metrics.RequestLatencyMiddleware",  # accord_request_seconds for /metrics
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",  # no-store when signed in, CORP, ...
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.sessions.IdleSessionMiddleware",
    "accounts.reader_time.ReaderTimeZoneMiddleware",  # dates in the reader's own zone
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # the 429 page of a throttled sign-in
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            # `|date`, `|time` and `{% url %}` as Django's, without their per-call cost
            # (config/dates.py, config/links.py).
            "builtins": ["config.dates", "config.links"],
        },
    },
]
FORM_RENDERER = "config.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------
# DATABASE_URL, or SQLite in var/ in WAL mode (config.environment.databases).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = databases(DATABASE_URL, VAR_DIR)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# "figures": summary rows of past weeks kept in each process under the versions the
# database gives them (insights.figures.kept); a few hundred kilobytes an entry at most.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "figures",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# --- People ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "insights:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses throttled tries before any check
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.CompanyOIDCBackend",  # does nothing unless single sign-on is set up
]
# Sign-in throttling (README, "Production"; accounts/throttling.py): 5 wrong passwords for
# one username from one address pause that pair for 15 minutes; 50 from one address, any
# usernames, pause the address. A username alone is never locked, so nobody can lock a
# colleague out from elsewhere.
AXES_HANDLER = "accounts.throttling.SigninThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("ACCORD_SIGNIN_FAILURE_LIMIT", "5"))
ACCORD_SIGNIN_IP_FAILURE_LIMIT = int(os.environ.get("ACCORD_SIGNIN_IP_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ACCORD_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_USERNAME_CALLABLE = "accounts.throttling.throttle_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_VERBOSE = False
# How many proxies of ours append to X-Forwarded-For in front of gunicorn (1 behind one
# load balancer or nginx). 0: the TCP peer is the client. Never more than there are: a
# client could then choose its own address.
ACCORD_TRUSTED_PROXY_COUNT = int(os.environ.get("ACCORD_TRUSTED_PROXY_COUNT", "0"))
# Sessions (accounts.sessions; ASVS 4.0 L2 3.3.2): one unused for ACCORD_SESSION_IDLE_MINUTES
# ends, and every one ends ACCORD_SESSION_ABSOLUTE_HOURS after its sign-in, however busy.
# Polling by the bell and the journal does not count as use.
ACCORD_SESSION_IDLE_MINUTES = int(os.environ.get("ACCORD_SESSION_IDLE_MINUTES", "30"))
ACCORD_SESSION_ABSOLUTE_HOURS = float(os.environ.get("ACCORD_SESSION_ABSOLUTE_HOURS", "12"))
# An hour beyond the idle limit, so the middleware (not the expiry) ends an idle session
# and can send an open tab's next htmx request to the log-in page.
SESSION_COOKIE_AGE = (ACCORD_SESSION_IDLE_MINUTES + 60) * 60
ACCORD_PASSIVE_URL_NAMES = ["commitments:notification-badge", "hiring:requisition-journal"]
# Single sign-on (OpenID Connect, accounts/oidc.py): on when an issuer and a client are set.
ACCORD_OIDC_ISSUER = os.environ.get("ACCORD_OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("ACCORD_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("ACCORD_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = env_bool("ACCORD_OIDC_CREATE_USERS", False)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"

LANGUAGE_CODE = "en-gb"
# config/formats/en_GB: dates are written into forms as ISO 8601 (what date inputs take).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("ACCORD_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# The organisation's defaults for new requisitions (DESIGN: "Time zone and country are set
# per requisition, defaulting from the organisation's settings").
ACCORD_ORGANISATION_NAME = os.environ.get("ACCORD_ORGANISATION_NAME", "Northwind Labs")
ACCORD_DEFAULT_COUNTRY = os.environ.get("ACCORD_DEFAULT_COUNTRY", "GB")
ACCORD_DEFAULT_CURRENCY = os.environ.get("ACCORD_DEFAULT_CURRENCY", "GBP")


# The organisation's working hours: business time (deadlines, reminders) counts only these
# hours of each working day; the working week comes from each search's country.
ACCORD_WORKING_HOURS = working_hours(os.environ.get("ACCORD_WORKING_HOURS", "09:00-17:00"))

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request without it
WHITENOISE_USE_FINDERS = DEBUG
# Said outright, not left to WhiteNoise's default (settings.DEBUG when the middleware starts):
# the test runner turns DEBUG off after this file is read, and WhiteNoise would then scan
# every static file each time a test client starts (a tenth of a second per test).
WHITENOISE_AUTOREFRESH = DEBUG


# --- Storage of uploaded files (résumés) -----------------------------------------------
# Local files under MEDIA_ROOT, or a private S3-compatible bucket when ACCORD_S3_BUCKET is
# set (config.environment.media_storage; docs/operations.md, "Storage").
STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("ACCORD_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files (résumés) live outside the web root and are only served by views that
# check access; nothing maps MEDIA_URL.
MEDIA_ROOT = Path(os.environ.get("ACCORD_MEDIA_ROOT", VAR_DIR / "media"))
# Request bodies (config/body_limit.py): anything larger than this is refused with 413
# before it is read — the bundled proxy's `request_body max_size` (deploy/Caddyfile) is the
# same number. A résumé is at most 10 MiB (pipeline.resumes); the rest is form fields.
ACCORD_MAX_REQUEST_BYTES = int(os.environ.get("ACCORD_MAX_REQUEST_BYTES", 12_000_000))
# What Django itself holds in memory of the non-file fields, and how many files one request
# may carry (a form uploads one résumé).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Import of existing searches (imports/): the largest file and the most rows one upload may
# hold (each refused with a message saying so), and how long a run's rows are kept.
ACCORD_IMPORT_MAX_BYTES = int(os.environ.get("ACCORD_IMPORT_MAX_BYTES", 2 * 1024 * 1024))
ACCORD_IMPORT_MAX_ROWS = int(os.environ.get("ACCORD_IMPORT_MAX_ROWS", 1000))
ACCORD_IMPORT_KEEP_DAYS = int(os.environ.get("ACCORD_IMPORT_KEEP_DAYS", 30))

# --- Security -------------------------------------------------------------------------
# No inline script or style anywhere: htmx's indicator style is switched off in base.html.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"  # accounts.middleware.SecurityHeadersMiddleware
if not DEBUG and not LOCAL_HTTP:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The health check is probed over plain HTTP from inside the compose network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Email ----------------------------------------------------------------------------
# Console (the worker's log) in development, SMTP in production (config.environment.mailers).
MAILERS = mailers(os.environ, debug=DEBUG, local_http=LOCAL_HTTP)
# "Mail sent" (/operations/mail/, admins): every email as its recipient reads it, on a
# machine where email is printed instead of sent. Never in production, where it would show
# every person's email to every admin.
ACCORD_MAIL_VIEWER = DEBUG or LOCAL_HTTP
# Buttons in reminder and notice emails act after a confirmation page without signing in
# (issue 18). Organisations that forbid it set ACCORD_EMAIL_ACTIONS=0: the same buttons then
# lead through the normal sign-in (SSO included) to the signed-in confirmation.
ACCORD_EMAIL_ACTIONS = os.environ.get("ACCORD_EMAIL_ACTIONS", "1") != "0"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Accord <accord@localhost>")
# Where links in emails and invites point. Without it, this machine on PORT (`make run`).
ACCORD_BASE_URL = os.environ.get(
    "ACCORD_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
)
# Slack (issue 23; slack app, README "Integrations"): off unless both are set. Reminders and
# notices then go to each person as direct messages, their emails held and sent only when
# Slack does not know the person or keeps failing.
ACCORD_SLACK_BOT_TOKEN = os.environ.get("ACCORD_SLACK_BOT_TOKEN", "")
ACCORD_SLACK_SIGNING_SECRET = os.environ.get("ACCORD_SLACK_SIGNING_SECRET", "")
ACCORD_SLACK_API_URL = os.environ.get("ACCORD_SLACK_API_URL", "https://slack.com/api/")
# A person's Slack user (found by email) is looked up again after this many hours.
ACCORD_SLACK_RECHECK_HOURS = float(os.environ.get("ACCORD_SLACK_RECHECK_HOURS", "24"))
# Tries of one message before its email goes instead, and the first wait (doubling).
ACCORD_SLACK_ATTEMPTS = int(os.environ.get("ACCORD_SLACK_ATTEMPTS", "5"))
ACCORD_SLACK_BACKOFF_SECONDS = float(os.environ.get("ACCORD_SLACK_BACKOFF_SECONDS", "10"))
# Requests one API token may make in a minute (api.tokens.admit); past it, 429.
ACCORD_API_RATE_PER_MINUTE = int(os.environ.get("ACCORD_API_RATE_PER_MINUTE", "120"))

# --- Celery ---------------------------------------------------------------------------
# Redis when REDIS_URL is set; otherwise kombu's file-system transport in var/, which needs
# no server (config.environment.celery_broker).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL, CELERY_BROKER_TRANSPORT_OPTIONS = celery_broker(REDIS_URL, VAR_DIR)
CELERY_TASK_IGNORE_RESULT = True
# Emails have a queue of their own, so a backlog of thousands of sends never holds the
# sweep or the dispatcher back (their ticks would expire): workers empty "celery" first.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("email"), Queue("webhooks"), Queue("slack"))
CELERY_TASK_ROUTES = {
    "outbox.tasks.send_email": {"queue": "email"},
    "outbox.tasks.send_emails": {"queue": "email"},
    # A receiver may take its 10 s to answer: webhooks never hold the sweep's queue.
    "webhooks.tasks.deliver": {"queue": "webhooks"},
    # Slack may take its 10 s to answer, or be down: its posts never hold the sweep's queue.
    "slack.tasks.send_slack_message": {"queue": "slack"},
    "slack.tasks.update_slack_message": {"queue": "slack"},
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beats hold a lease in the database: one sends, any other is a hot standby (health.beat).
CELERY_BEAT_SCHEDULER = "health.beat:LeaderScheduler"
ACCORD_BEAT_LEASE_SECONDS = float(os.environ.get("ACCORD_BEAT_LEASE_SECONDS", 30))
SWEEP_EVERY = float(os.environ.get("ACCORD_SWEEP_EVERY_SECONDS", "60"))
# The reminder sweep alone ticks faster, so a deadline reaches the app within a few seconds
# (issue 24: p99 ≤ 10 s in the app, ≤ 15 s to the mail server). An idle tick is one indexed
# query of about a millisecond; `make bench` prints what the idle ticks cost per hour.
REMINDER_SWEEP_EVERY = min(
    float(os.environ.get("ACCORD_REMINDER_SWEEP_EVERY_SECONDS", "5")), SWEEP_EVERY
)
# A sweep or dispatch tick still waiting after this is dropped (the next covers the same
# rows); never under 20 s, so a busy queue at a short test interval cannot starve them.
TICK_EXPIRES = max(SWEEP_EVERY * 0.9, 20)
# Celery's own beat (django-celery-beat pins Django<6.1). Every entry is idempotent, so a
# second beat running by mistake only repeats work that is claimed before it is done.
# Candidates whose every search ended this many months ago are erased (privacy.retention);
# 0 keeps everyone.
ACCORD_CANDIDATE_RETENTION_MONTHS = int(os.environ.get("ACCORD_CANDIDATE_RETENTION_MONTHS", "12"))
# One retention run erases for at most this long, then the next run picks up (well inside
# CELERY_TASK_SOFT_TIME_LIMIT, so the erasure under way when it runs out still ends).
ACCORD_RETENTION_RUN_SECONDS = float(os.environ.get("ACCORD_RETENTION_RUN_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = beat_schedule(
    sweep_every=SWEEP_EVERY, reminder_sweep_every=REMINDER_SWEEP_EVERY, tick_expires=TICK_EXPIRES
)

# The reminder ladder around every deadline, in business hours (DESIGN: a nudge before,
# a reminder at it, an escalation after the agreed grace, a second one later).
ACCORD_REMINDER_LADDER = {
    "nudge_before": float(os.environ.get("ACCORD_NUDGE_BEFORE_HOURS", "4")),
    "escalate_after": float(os.environ.get("ACCORD_ESCALATE_AFTER_HOURS", "8")),
    "second_escalate_after": float(os.environ.get("ACCORD_SECOND_ESCALATE_AFTER_HOURS", "24")),
}

# How long a claimed email may stay unconfirmed before another worker may take it, and how
# long an unsent email waits before it is enqueued again (lost message, broker restart).
# outbox.delivery's docstring says why these numbers (the longest legitimate SMTP exchange).
ACCORD_EMAIL_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("ACCORD_EMAIL_CLAIM_TIMEOUT_SECONDS", 90))
ACCORD_EMAIL_REQUEUE_AFTER_SECONDS = int(os.environ.get("ACCORD_EMAIL_REQUEUE_AFTER_SECONDS", 60))
ACCORD_EMAIL_SEND_TIME_LIMIT_SECONDS = int(os.environ.get("ACCORD_EMAIL_SEND_LIMIT_SECONDS", 60))
# Retry a failing send with exponential backoff and jitter for this long, then give up.
ACCORD_EMAIL_RETRY_FOR_SECONDS = int(os.environ.get("ACCORD_EMAIL_RETRY_FOR_SECONDS", 24 * 3600))
ACCORD_EMAIL_BACKOFF_SECONDS = float(os.environ.get("ACCORD_EMAIL_BACKOFF_SECONDS", 30))
ACCORD_EMAIL_BACKOFF_MAX_SECONDS = float(os.environ.get("ACCORD_EMAIL_BACKOFF_MAX_SECONDS", 3600))

# --- Webhooks (webhooks/sending.py; README "Integrations") ---------------------------------
# Networks a webhook may be sent into besides the public internet (comma-separated, e.g.
# "10.20.0.0/16" for a service of the organisation's own). Empty: private, loopback and
# link-local addresses are refused (webhooks/addresses.py says why).
ACCORD_WEBHOOKS_ALLOWED_NETWORKS = [
    n.strip()
    for n in os.environ.get("ACCORD_WEBHOOKS_ALLOWED_NETWORKS", "").split(",")
    if n.strip()
]
# Each attempt waits this long for an answer (the connection: 5 s); a failed delivery is
# retried with back-off (30 s doubling, at most an hour apart) for a day, then failed.
ACCORD_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("ACCORD_WEBHOOK_TIMEOUT_SECONDS", 10))
ACCORD_WEBHOOK_RETRY_FOR_SECONDS = int(os.environ.get("ACCORD_WEBHOOK_RETRY_FOR_SECONDS", 86400))
ACCORD_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("ACCORD_WEBHOOK_BACKOFF_SECONDS", 30))
ACCORD_WEBHOOK_BACKOFF_MAX_SECONDS = float(
    os.environ.get("ACCORD_WEBHOOK_BACKOFF_MAX_SECONDS", 3600)
)
# Delivered and failed deliveries leave the endpoint's log after this many days (daily).
ACCORD_WEBHOOK_KEEP_DAYS = int(os.environ.get("ACCORD_WEBHOOK_KEEP_DAYS", 30))

# --- Health token -----------------------------------------------------------------------
# /healthz answers liveness to anyone; its figures and /metrics need this token
# (`Authorization: Bearer …`) or a staff session (docs/operations.md, "Health token").
ACCORD_HEALTH_TOKEN = os.environ.get("ACCORD_HEALTH_TOKEN", "").strip()

# /healthz answers 503 when a figure passes its threshold (docs/operations.md, "Alarms").
ACCORD_HEALTH = {
    "queue_depth": int(os.environ.get("ACCORD_HEALTH_QUEUE_DEPTH", 5000)),
    "sweep_stale": int(os.environ.get("ACCORD_HEALTH_SWEEP_STALE_SECONDS", 180)),
    "sweep_lag": int(os.environ.get("ACCORD_HEALTH_SWEEP_LAG_SECONDS", 300)),
    "beat_stale": int(os.environ.get("ACCORD_HEALTH_BEAT_STALE_SECONDS", 120)),
    "worker_stale": int(os.environ.get("ACCORD_HEALTH_WORKER_STALE_SECONDS", 180)),
    "emails_failed": int(os.environ.get("ACCORD_HEALTH_EMAILS_FAILED", 0)),
    "oldest_pending": int(os.environ.get("ACCORD_HEALTH_OLDEST_PENDING_SECONDS", 900)),
}

# --- Logs, error reports, traces (config/observability.py; docs/operations.md, "Logs") ---
# Every line: time, level, logger, request id, user id; JSON lines with ACCORD_LOG_JSON=1.
LOGGING = logging_config(
    json_lines=env_bool("ACCORD_LOG_JSON", False),
    level=os.environ.get("ACCORD_LOG_LEVEL", "INFO"),
)
start_error_reporting()  # Sentry, only when SENTRY_DSN is set
