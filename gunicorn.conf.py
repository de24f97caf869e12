"""Gunicorn's settings. `gunicorn config.wsgi` reads this file from the working directory,
so the image, compose, the Procfile and `make run` all start the web process the same way.

PORT (default 8000) and GUNICORN_BIND (default 0.0.0.0:$PORT) choose the address,
WEB_CONCURRENCY (default 3) the number of worker processes."""

import os

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 3)
accesslog = "-"
# A request slower than this is a bug to see in the log, not one to wait on forever.
timeout = 30
# The request id (config.observability) in each access-log line, beside the client address.
# The path without its query string (%(U)s, not the request line %(r)s): an email's action
# button carries its token as ?t=…, and tokens are never written to logs (issue 18).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms request=%({x-request-id}o)s'


# /metrics sums the request histogram over every worker process when
# PROMETHEUS_MULTIPROC_DIR is set (compose sets it): emptied at start, a dead worker's
# files marked so its gauges go.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
