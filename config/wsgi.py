import os

from django.core.wsgi import get_wsgi_application

from config.body_limit import RequestBodyLimit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Every request body is measured before Django reads it (config/body_limit.py).
application = RequestBodyLimit(get_wsgi_application())
