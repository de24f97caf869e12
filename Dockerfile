FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# The versions in requirements.lock (ranges in pyproject.toml), installed as a package, not
# in editable mode: the code itself is copied below.
COPY pyproject.toml requirements.lock ./
RUN pip install --upgrade pip && pip install -c requirements.lock . && rm -rf build *.egg-info
COPY . .
# Static files are built into the image (hashed names, compressed) and served by WhiteNoise.
RUN DJANGO_DEBUG=1 ACCORD_STATIC_MANIFEST=1 python manage.py collectstatic --noinput
RUN useradd --create-home accord && mkdir -p /app/var/media && chown -R accord /app/var
USER accord
EXPOSE 8000
# Bind, workers and logging: gunicorn.conf.py.
CMD ["gunicorn", "config.wsgi"]
