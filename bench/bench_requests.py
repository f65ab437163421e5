"""Request latency of the tenant-scoped pages and API, through the whole middleware stack
(tenant context, RLS settings on PostgreSQL, templates). Prints figures; records nothing.

    .venv/bin/python bench/bench_requests.py            # embedded SQLite
    DATABASE_URL=postgres://campaigns_owner:campaigns@127.0.0.1:5432/campaigns \
        .venv/bin/python bench/bench_requests.py        # PostgreSQL with RLS

It migrates and seeds the demo data in the configured database first.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from campaigns.api_tokens import api_token_issue  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "300"))


def measure(label, call):
    for _ in range(20):  # warm-up
        call()
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{label:<34} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms")


def main():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"database: {connection.vendor}, rounds: {ROUNDS}")
    admin = get_user_model().objects.get(username="mobile_admin")
    page = Client()
    page.force_login(admin)
    token = api_token_issue(user=admin, name="bench")[1]
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    measure("GET /mobile-city/ (home, admin)", lambda: page.get("/mobile-city/"))
    measure("GET /mobile-city/members/", lambda: page.get("/mobile-city/members/"))
    measure("GET /api/v1/mobile-city/me/ (token)", lambda: api.get("/api/v1/mobile-city/me/"))
    measure("GET /accounts/login/ (anonymous)", lambda: Client().get("/accounts/login/"))


if __name__ == "__main__":
    main()
