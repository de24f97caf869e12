"""Loaded by pytest before Django's settings (`-p tests.environment` in pyproject.toml):
the environment every test run needs, whoever starts it (`make test`, CI, plain pytest).

Settings default to production (DEBUG off, which needs a secret key and https); the tests
run the development configuration, as `make dev` does, unless the caller chose otherwise.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
