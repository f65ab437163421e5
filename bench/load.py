"""Load: the three roles' daily requests through the production stack, against a bare
Django view through the same server in the same run (issue 17, item 11).

gunicorn with the documented workers (docs/production.md: `--workers 3`, sync), the
production settings (bench/settings.py: config.settings.production plus the bare view),
PostgreSQL with row-level security, loopback HTTP only. Locust (headless, bounded in
time; the users are in bench/load_locustfile.py) sends requests back to back from USERS
simulated people:
- the bare view (`/bench/bare/`, a short HttpResponse through the same middleware);
- the daily mix: branch staff (weight 6: the contest's entry page, posting an entry, the
  leaderboard), franchisees (weight 3: their territory's dashboard), the manager (weight
  1: the franchise rollout board, the leaderboard).
The two take turns, ROUNDS times SECONDS each, so a busy moment of the machine falls on
both. `load_ratio` = the mix's requests per second / the bare view's; `p95_ms` is the
mix's 95th percentile latency (the worst round's); `errors` counts failed requests of
both (any status but the expected: 200, and 302 for a posted entry); `rps` is the mix's
rate. Before gunicorn starts, each request of the mix once in this process (test client,
no HTTP): its status, statements and time, to read the figures by.

    .venv/bin/python bench/load.py

It creates its own database (BENCH_DB, default `bench_load`) as the PostgreSQL superuser
(PG_ADMIN_URL, default postgres@127.0.0.1), owned by the app role (APP_DB_URL's role,
default campaigns_app), migrates it, builds the data through the services (AGENTS agents
in 6 teams with POLICIES policies; TERRITORIES territories with MONTHS months of revenue
each), runs, stops gunicorn and drops the database. WORKERS= (3), USERS= (24),
ROUNDS= (2), SECONDS= (20), KEEP_DB=1 keeps the database. The last line is
`load_ratio=<x> p95_ms=<x> errors=<n> rps=<x>`.
"""

import csv
import datetime
import io
import json
import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB = os.environ.get("BENCH_DB", "bench_load")
PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
APP_URL = urlsplit(
    os.environ.get("APP_DB_URL", "postgres://campaigns_app:campaigns@127.0.0.1:5432/campaigns")
)
APP_ROLE = APP_URL.username
WORKERS = int(os.environ.get("WORKERS", "3"))
USERS = int(os.environ.get("USERS", "24"))
ROUNDS = int(os.environ.get("ROUNDS", "2"))
SECONDS = int(os.environ.get("SECONDS", "20"))
AGENTS = int(os.environ.get("AGENTS", "300"))
POLICIES = int(os.environ.get("POLICIES", "20000"))
TERRITORIES = int(os.environ.get("TERRITORIES", "100"))
MONTHS = int(os.environ.get("MONTHS", "24"))
DATABASE_URL = urlunsplit(APP_URL._replace(path=f"/{DB}"))
LOCUSTFILE = ROOT / "bench" / "load_locustfile.py"

ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DEBUG": "0",
    "CONN_MAX_AGE": "60",
    # Pages need the collected static files' manifest (production's storage): collected
    # into a directory of this run's own.
    "STATIC_ROOT": tempfile.mkdtemp(prefix="bench-load-static-"),
}
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


def admin_sql(sql):
    subprocess.run(
        ["psql", PG_ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


admin_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
admin_sql(f"CREATE DATABASE {DB} OWNER {APP_ROLE}")
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from campaigns import services as org_services  # noqa: E402
from campaigns.models import Team  # noqa: E402
from campaigns.plans import services as plan_services  # noqa: E402
from campaigns.roles import Role  # noqa: E402
from campaigns.tenancy import tenant_context  # noqa: E402
from contests import services as contest_services  # noqa: E402
from contests.models import Agent, Policy  # noqa: E402
from franchise import rules as franchise_rules  # noqa: E402
from franchise.models import (  # noqa: E402
    Agreement,
    Franchisee,
    Hospital,
    RevenueReport,
    Territory,
)

SLUG = "bench-load"
PASSWORD = "Quiet-river-8271"
STATUSES = ["open", "negotiating", "signed", "model_market", "strong_market"]


# -- the data, through the services --------------------------------------------------------


def build_contest(org, manager):
    plan = plan_services.plan_create(
        organization=org, actor=manager.user, title="开门红竞赛", template_key="contest"
    )
    contest = contest_services.contest_create(organization=org, plan=plan, calendar_stock=10**6)
    with tenant_context(org):
        teams = [Team.objects.create(organization=org, name=f"第{i}组") for i in range(6)]
        Agent.objects.bulk_create(
            Agent(organization=org, code=f"A{i:05d}", name=f"业务员{i}", team=teams[i % 6])
            for i in range(AGENTS)
        )
        ids = list(Agent.objects.for_org(org).order_by("pk").values_list("pk", flat=True))
        days = (contest.period_end - contest.period_start).days + 1
        for chunk in range(0, POLICIES, 10000):
            Policy.objects.bulk_create(
                Policy(
                    organization=org,
                    contest=contest,
                    agent_id=ids[n % len(ids)],
                    number=f"P{n:08d}",
                    premium=Decimal(1000 + n % 9000),
                    issued_on=contest.period_start + datetime.timedelta(days=n % days),
                    card_number=f"K{n}",
                )
                for n in range(chunk, min(chunk + 10000, POLICIES))
            )
    return contest, teams


def build_franchise(org, manager):
    plan_services.plan_create(
        organization=org, actor=manager.user, title="加盟方案", template_key="franchise"
    )
    start = datetime.date(2024, 1, 1)
    with tenant_context(org):
        Territory.objects.bulk_create(
            Territory(
                organization=org,
                name=f"市场{i:04d}",
                position=i,
                planned_phase=1 + i % 3,
                status=STATUSES[i % 5],
                established_on=datetime.date(2023, 11, 1) if i % 5 >= 3 else None,
            )
            for i in range(TERRITORIES)
        )
        territories = list(
            Territory.objects.for_org(org).order_by("position").values_list("pk", flat=True)
        )
        Franchisee.objects.bulk_create(
            Franchisee(organization=org, name=f"加盟商{i:04d}") for i in range(TERRITORIES)
        )
        franchisees = list(
            Franchisee.objects.for_org(org).order_by("name").values_list("pk", flat=True)
        )
        Agreement.objects.bulk_create(
            Agreement(
                organization=org,
                territory_id=t,
                franchisee_id=f,
                model="B",
                start_date=start,
                franchise_fee=Decimal("200000"),
                allotment_share=Decimal("30"),
                royalty_rate=Decimal("5"),
            )
            for t, f in zip(territories, franchisees, strict=True)
        )
        Hospital.objects.bulk_create(
            Hospital(organization=org, territory_id=t, name=f"医院{n}")
            for t in territories
            for n in range(2)
        )
        agreements = list(
            Agreement.objects.for_org(org)
            .order_by("territory__position")
            .values_list("pk", flat=True)
        )
        months = [franchise_rules.add_months(start, n) for n in range(MONTHS)]
        RevenueReport.objects.bulk_create(
            RevenueReport(
                organization=org,
                agreement_id=agreement_id,
                month=month,
                revenue=Decimal(50000 + (index * 37 + n * 11) % 90000),
            )
            for index, agreement_id in enumerate(agreements)
            for n, month in enumerate(months)
        )
    return list(zip(territories, franchisees, strict=True))


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def csrf_secret():
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def build():
    org = org_services.organization_create(slug=SLUG, name="Bench load")
    with tenant_context(org):
        manager = org_services.member_add(
            organization=org, username=f"{SLUG}-m", password=PASSWORD, role=Role.MANAGER
        )
    contest, teams = build_contest(org, manager)
    territories = build_franchise(org, manager)
    staff, franchisees = [], []
    with tenant_context(org):
        for i, team in enumerate(teams):
            member = org_services.member_add(
                organization=org,
                username=f"{SLUG}-staff{i}",
                password=PASSWORD,
                role=Role.BRANCH_STAFF,
                team=team,
            )
            agent = Agent.objects.for_org(org).filter(team=team).order_by("pk").first()
            staff.append((member, agent.pk))
        for i, (territory, franchisee) in enumerate(territories[:6]):
            member = org_services.member_add(
                organization=org,
                username=f"{SLUG}-f{i}",
                password=PASSWORD,
                role=Role.FRANCHISEE,
            )
            Franchisee.objects.for_org(org).filter(pk=franchisee).update(account=member.user)
            franchisees.append((member, territory))
    with connection.cursor() as cursor:  # as autovacuum would leave them
        cursor.execute("ANALYZE")
    today = timezone.localdate(timezone=org.zoneinfo)
    day = min(max(today, contest.period_start), contest.period_end)
    return {
        "slug": SLUG,
        "contest": contest.pk,
        "day": day.isoformat(),
        "staff": [
            {"session": session_of(m.user), "csrf": csrf_secret(), "agent": agent}
            for m, agent in staff
        ],
        "franchisees": [
            {"session": session_of(m.user), "csrf": csrf_secret(), "territory": t}
            for m, t in franchisees
        ],
        "managers": [{"session": session_of(manager.user), "csrf": csrf_secret()}],
    }


# -- in this process: each request of the mix once -----------------------------------------


def in_process(people):
    """Each request of the mix in this process (the test client, no HTTP): status,
    statements, milliseconds (the median of 5, after one warm-up)."""
    slug, contest = people["slug"], people["contest"]
    staff, franchisee, manager = (
        people["staff"][0],
        people["franchisees"][0],
        people["managers"][0],
    )

    def client(person):
        c = Client(HTTP_X_FORWARDED_PROTO="https")
        c.cookies["sessionid"] = person["session"]
        return c

    entry = f"/{slug}/contests/{contest}/entry/"
    posted = iter(range(10**6))

    def post_entry(c):
        return c.post(
            entry,
            {
                "agent": staff["agent"],
                "number": f"INPROC-{next(posted)}",
                "premium": "3000",
                "issued_on": people["day"],
                "product": "鸿禧",
                "card_number": f"C-INPROC-{next(posted)}",
            },
        )

    requests = {
        "bare view": (Client(HTTP_X_FORWARDED_PROTO="https"), lambda c: c.get("/bench/bare/")),
        "staff: entry page": (client(staff), lambda c: c.get(entry)),
        "staff: post an entry": (client(staff), post_entry),
        "leaderboard": (client(staff), lambda c: c.get(f"/{slug}/contests/{contest}/")),
        "franchisee: dashboard": (
            client(franchisee),
            lambda c: c.get(f"/{slug}/franchise/territories/{franchisee['territory']}/"),
        ),
        "manager: rollout board": (client(manager), lambda c: c.get(f"/{slug}/franchise/")),
    }
    rows = {}
    for name, (c, call) in requests.items():
        call(c)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = call(c)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        rows[name] = (response.status_code, len(queries), times[2])
        if response.status_code >= 400:
            text = response.content.decode(errors="replace")
            rows["refusal"] = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', text)[:5]
        print(
            f"  in-process {name:<24} status {response.status_code}, "
            f"{len(queries):3d} statements ({sql_ms:5.1f} ms in SQL), {times[2]:7.1f} ms"
        )
    slowest = max((row[2], name) for name, row in rows.items() if name != "refusal")[1]
    profile(slowest, *requests[slowest])
    return rows


def profile(name, c, call):
    """Where the slowest request of the mix spends its time: the functions of the most
    own time over five calls (cProfile), printed."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        call(c)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(12)
    print(f"  profile of {name} (5 calls, by own time):")
    for line in out.getvalue().splitlines():
        if line.strip() and ("ncalls" in line or line.lstrip()[:1].isdigit()):
            print(f"    {line.rstrip()[:150]}")


# -- gunicorn and locust -------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answer(port, path):
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=PROXY_HEADERS)
        return conn.getresponse().status
    finally:
        conn.close()


def start_gunicorn(port, log):
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--backlog", "2048"]
        + ["--timeout", "120"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            sys.exit(f"gunicorn exited with {server.returncode}:\n{log.read()[-3000:]}")
        try:
            if answer(port, "/bench/bare/") == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def stop_gunicorn(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def locust(port, people_file, classes, seconds, prefix):
    """One headless locust run of `classes` for `seconds`; its aggregated figures."""
    subprocess.run(
        [str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE), "--headless"]
        + ["-u", str(USERS), "-r", str(USERS), "-t", f"{seconds}s", "--stop-timeout", "10"]
        + ["--host", f"http://127.0.0.1:{port}", "--csv", prefix, "--only-summary"]
        + ["--loglevel", "WARNING", *classes],
        env={**os.environ, "LOAD_PEOPLE": people_file},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    with open(f"{prefix}_failures.csv", newline="") as f:
        failures = [(row["Name"], row["Error"], row["Occurrences"]) for row in csv.DictReader(f)]
    total = rows["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p95": float(total["95%"]),
        "by_name": {
            name: (int(r["Request Count"]), float(r["50%"]), float(r["95%"]))
            for name, r in rows.items()
            if name != "Aggregated"
        },
        "failure_kinds": failures,
    }


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    if connection.vendor != "postgresql":
        sys.exit("bench/load.py measures PostgreSQL")
    print(f"load average at start {load()} on {os.cpu_count()} cores")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    server = None
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        t0 = time.perf_counter()
        people = build()
        print(
            f"built: {AGENTS} agents, {POLICIES} policies, {TERRITORIES} territories x "
            f"{MONTHS} months, {len(people['staff'])} staff, {len(people['franchisees'])} "
            f"franchisees, 1 manager in {time.perf_counter() - t0:.1f} s"
        )
        people_file = work / "people.json"
        people_file.write_text(json.dumps(people))
        inproc = in_process(people)
        bad = {
            name: row[0]
            for name, row in inproc.items()
            if name != "refusal" and row[0] not in (200, 302)
        }
        if bad:
            sys.exit(f"requests of the mix did not answer: {bad} ({inproc['refusal']})")
        connection.close()
        port = free_port()
        log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - gunicorn's, read on failure
        server = start_gunicorn(port, log)
        mix = ["BranchStaff", "Franchisee", "Manager"]
        locust(port, str(people_file), ["BareUser"], 5, str(work / "warm-bare"))  # warm-up
        locust(port, str(people_file), mix, 5, str(work / "warm-mix"))
        totals = {"bare": [0, 0.0], "mix": [0, 0.0]}
        p95s, errors, by_name, kinds = [], 0, {}, []
        for r in range(ROUNDS):
            rates = {}
            for phase, classes in (("bare", ["BareUser"]), ("mix", mix)):
                figures = locust(
                    port, str(people_file), classes, SECONDS, str(work / f"{phase}{r}")
                )
                totals[phase][0] += figures["requests"]
                totals[phase][1] += figures["requests"] / figures["rps"] if figures["rps"] else 0
                errors += figures["failures"]
                kinds += figures["failure_kinds"]
                rates[phase] = figures["rps"]
                if phase == "mix":
                    p95s.append(figures["p95"])
                    for name, (n, p50, p95) in figures["by_name"].items():
                        by_name.setdefault(name, []).append((n, p50, p95))
                print(
                    f"round {r + 1}: {phase:<4} {figures['rps']:7.1f} req/s "
                    f"({figures['requests']} requests, {figures['failures']} failed), "
                    f"p95 {figures['p95']:.0f} ms, load {load()}"
                )
            print(f"round {r + 1}: mix / bare {rates['mix'] / rates['bare']:.3f}")
        for name, runs in sorted(by_name.items()):
            n = sum(run[0] for run in runs)
            print(
                f"  {name:<24} {n:6d} requests, median {max(r[1] for r in runs):5.0f} ms, "
                f"p95 {max(r[2] for r in runs):5.0f} ms (worst round)"
            )
        if kinds:
            print(f"FAILED requests: {kinds[:5]}")
        rate = {phase: n / s if s else 0.0 for phase, (n, s) in totals.items()}
        ratio = rate["mix"] / rate["bare"] if rate["bare"] else 0.0
        print(f"load average at end {load()}")
        print(
            f"load_ratio={ratio:.3f} p95_ms={max(p95s):.0f} errors={errors} rps={rate['mix']:.1f}"
        )
    finally:
        if server is not None:
            stop_gunicorn(server)
        connection.close()
        import shutil

        shutil.rmtree(ENV["STATIC_ROOT"], ignore_errors=True)
        if os.environ.get("KEEP_DB") != "1":
            admin_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
