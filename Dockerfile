FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install -e .
COPY . .
# Static files are built into the image (hashed names, compressed) and served by WhiteNoise.
RUN DJANGO_DEBUG=1 ACCORD_STATIC_MANIFEST=1 python manage.py collectstatic --noinput
RUN useradd --create-home accord && mkdir -p /app/var && chown -R accord /app/var
USER accord
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
