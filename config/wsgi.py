import os

from django.core.wsgi import get_wsgi_application

from config.observability import start_tracing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
start_tracing()  # OpenTelemetry, only when OTEL_EXPORTER_OTLP_ENDPOINT is set
application = get_wsgi_application()
