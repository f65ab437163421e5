"""Production settings for the HTTP benchmarks (bench/event_day.py), with a bare view
mounted in front of the project's URLs (bench/urls.py). Needs what production needs from
the environment: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
