import os

from django.core.wsgi import get_wsgi_application

from config.body_limit import RequestBodyLimit
from config.observability import start_tracing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
start_tracing()  # OpenTelemetry, only when OTEL_EXPORTER_OTLP_ENDPOINT is set
# Every request body is measured before Django reads it (config/body_limit.py).
application = RequestBodyLimit(get_wsgi_application())
