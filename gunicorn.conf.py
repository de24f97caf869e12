"""Gunicorn's settings. `gunicorn config.wsgi` reads this file from the working directory,
so the image, compose, the Procfile and `make run` all start the web process the same way.

PORT (default 8000) and GUNICORN_BIND (default 0.0.0.0:$PORT) choose the address,
WEB_CONCURRENCY (default 3) the number of worker processes."""

import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 3)
accesslog = "-"
# A request slower than this is a bug to see in the log, not one to wait on forever.
timeout = 30
