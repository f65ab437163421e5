# Image for web, worker and beat (docker-compose.yml). Not built in CI (no Docker engine there).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      gettext fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . \
    && python manage.py compilemessages --ignore=.venv \
    && useradd --create-home app && mkdir -p /data/media /data/static && chown -R app /data
USER app
EXPOSE 8000
