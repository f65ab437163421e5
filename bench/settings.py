"""Production settings for the HTTP benchmarks (bench/event_day.py), with a bare view
mounted in front of the project's URLs (bench/urls.py). Needs what production needs from
the environment: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (and RESIDENT_ID_HMAC_KEY, which
the benchmarks derive from SECRET_KEY: the same in every process of a run)."""

import os

os.environ.setdefault(
    "RESIDENT_ID_HMAC_KEY", "bench-resident-id:" + os.environ.get("SECRET_KEY", "")
)

from config.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
