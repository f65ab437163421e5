"""Event day through the production stack: gunicorn (several workers), PostgreSQL with
row-level security as the app role, loopback HTTP.

- Check-in throughput with 50 concurrent desks (`POST /api/v1/<org>/events/<id>/check-in/`
  with a token, each request checking in a different guest of a 5,000-guest list, half by
  invitation code and half by mobile) against a bare Django view (`bench/bare/`, a short
  HttpResponse through the same middleware) served by the same gunicorn in the same run:
  `checkin_ratio` = check-in req/s / bare req/s. Beside them the API's floor, the
  smallest authenticated call of an organization (`GET /api/v1/<org>/me/`: token,
  organization, tenant transaction, membership). The three take turns, ROUNDS times
  SECONDS each, so a busy moment of the machine falls on all. Before gunicorn starts,
  the same requests in this process (test client, no HTTP): their statements and median
  times, and the check-in's raw SQL.
- 200 simultaneous signings (`POST .../signings/`) on an event with the decoration
  template's offers (first 30 golden eggs, first 5 gift packs): `first_n_exact` when
  exactly places 1..30 and 1..5 were given and every signing was recorded;
  `signing_p95_ms` is the 95th percentile of a signing's latency as its desk saw it
  (from the moment all 200 were released, queueing included); beside it, one signing
  alone in this process.
- 200 simultaneous draws (`POST .../pools/<id>/draws/`) on a sealed pool of 50 prizes,
  each guest holding a golden-egg place (the offer resized to 200 places): `draws_exact`
  when exactly 50 were drawn, numbered 1..50, the stock taken exactly, and the 150 others
  refused with 400.

- Telecom Day (appended; docs/events.md): `bigscreen_ratio` = the big screen's live
  figures through the hall screen's link (`GET /screen/<token>/live/`, the fragment 200
  screens poll every 5 s, no sign-in; the signed-in page's rate is printed beside it), on
  the check-in event after its check-ins, under 200
  concurrent viewers / the bare view with 200 clients, same gunicorn, taking turns;
  `invite_ratio` = INVITES (50,000) invitations fanned out by one Celery worker on Redis
  (a campaign sent: the "events.invitations" job writes them 1,000 at a time and the SMS
  batches go out through the outbox backend; timed until all are delivered) / the same
  worker's rate on no-op tasks (`celery.ping`), as bench/sms_fanout.py measures it. Needs
  CELERY_BROKER_URL (Redis).

    .venv/bin/python bench/event_day.py

It creates its own database (BENCH_DB, default `bench_events`) as the PostgreSQL
superuser (PG_ADMIN_URL, default postgres@127.0.0.1), owned by the app role
(APP_DB_URL's role, default campaigns_app), migrates it, builds everything through the
services, starts gunicorn on a free port with the production settings (bench/settings.py:
config.settings.production plus the bare view), runs, stops gunicorn and drops the
database. WORKERS= (4), THREADS= (1: sync workers, as docs/production.md; more: gthread),
DESKS= (50), GUESTS= (5000), ROUNDS= (4), SECONDS= (6), KEEP_DB=1 to keep the database.
The last line is key=value pairs.
"""

import csv
import datetime
import io
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB = os.environ.get("BENCH_DB", "bench_events")
PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
APP_URL = urlsplit(
    os.environ.get("APP_DB_URL", "postgres://campaigns_app:campaigns@127.0.0.1:5432/campaigns")
)
APP_ROLE = APP_URL.username
WORKERS = int(os.environ.get("WORKERS", "4"))
THREADS = int(os.environ.get("THREADS", "1"))
DESKS = int(os.environ.get("DESKS", "50"))
GUESTS = int(os.environ.get("GUESTS", "5000"))
ROUNDS = int(os.environ.get("ROUNDS", "4"))
SECONDS = float(os.environ.get("SECONDS", "6"))
CROWD = 200  # simultaneous signings, and draws
WARMUP_GUESTS = 300
SPARE_GUESTS = 2 + 2 * 60  # for the in-process figures
DATABASE_URL = urlunsplit(APP_URL._replace(path=f"/{DB}"))

# What production needs from the environment (config/settings/production.py), for this
# process (which builds the data) and for gunicorn alike.
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DEBUG": "0",
    "CONN_MAX_AGE": "60",
}
# A TLS-terminating proxy in front of gunicorn says the request came over HTTPS
# (SECURE_PROXY_SSL_HEADER); without it every request would be redirected.
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
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from campaigns import services as org_services  # noqa: E402
from campaigns.api_tokens import api_token_issue  # noqa: E402
from campaigns.plans import services as plan_services  # noqa: E402
from campaigns.roles import Role  # noqa: E402
from campaigns.tenancy import tenant_context  # noqa: E402
from promotions.events import services  # noqa: E402
from promotions.events.models import Draw, Guest, Place, Prize, PrizePool, Quota, Signing  # noqa: E402

SLUG = "bench-event-day"
PASSWORD = "Bench-password-1"


# -- the data, through the services --------------------------------------------------------


def mobiles(n, start):
    return [f"139{start + i:08d}" for i in range(n)]


def new_event(org, manager, title):
    plan = plan_services.plan_create(
        organization=org, actor=manager.user, title=title, template_key="decoration_event"
    )
    today = timezone.localdate(timezone=org.zoneinfo)
    event = services.event_start(
        organization=org, plan=plan, date=today, venue="会展中心", target_attendance=GUESTS
    )
    return services.event_update(
        organization=org,
        event=event,
        data={"discount_zhe": Decimal("9.5"), "ends_at": datetime.time(23, 59)},
    )


def import_guests(org, event, actor, numbers):
    """The guest list as the desk uploads it: a CSV through guests_import, committed."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["手机", "姓名", "小区", "来源"])
    for i, number in enumerate(numbers):
        writer.writerow([number, f"客户{i:05d}", f"小区{i % 40:02d}", "DM单页"])
    report = services.guests_import(
        organization=org,
        event=event,
        data=out.getvalue().encode("utf-8"),
        name="guests.csv",
        actor=actor,
        commit=True,
    )
    assert len(report.new) == len(numbers) and not report.errors, report.errors[:3]
    with tenant_context(org):
        rows = Guest.objects.for_org(org).filter(event=event).order_by("pk")
        return list(rows.values_list("pk", "mobile", "code"))


def build():
    org = org_services.organization_create(slug=SLUG, name="Bench event day")
    with tenant_context(org):
        manager = org_services.member_add(
            organization=org, username=f"{SLUG}-m", password=PASSWORD, role=Role.MANAGER
        )
        desks = [
            org_services.member_add(
                organization=org,
                username=f"{SLUG}-desk{i}",
                password=PASSWORD,
                role=Role.BRANCH_STAFF,
            )
            for i in range(5)
        ]
    tokens = [api_token_issue(user=m.user, name="bench desk")[1] for m in desks]

    # the check-in event: GUESTS guests (and some for the warm-up)
    door = new_event(org, manager, "装修节: 签到")
    count = GUESTS + WARMUP_GUESTS + SPARE_GUESTS
    door_guests = import_guests(org, door, desks[0].user, mobiles(count, 0))

    # the signing event: the template's offers, 30 golden eggs and 5 gift packs
    sign = new_event(org, manager, "装修节: 签单")
    sign_guests = import_guests(org, sign, desks[0].user, mobiles(CROWD, 50_000))

    # the draw event: the golden-egg offer resized to 200 places, 50 prizes sealed, 200
    # customers signed (each holding a place)
    draw = new_event(org, manager, "装修节: 抽奖")
    with tenant_context(org):
        eggs = Quota.objects.for_org(org).get(event=draw, pool__isnull=False)
        pool = PrizePool.objects.for_org(org).get(pk=eggs.pool_id)
    services.quota_save(
        organization=org, event=draw, quota=eggs, name=eggs.name, size=CROWD, pool=pool
    )
    for name, stock, weight in (("电饭煲", 20, 1), ("保温杯", 30, 2)):
        services.prize_save(organization=org, pool=pool, name=name, stock=stock, weight=weight)
    pool = services.pool_seal(organization=org, pool=pool)
    draw_guests = import_guests(org, draw, desks[0].user, mobiles(CROWD, 60_000))
    with tenant_context(org):
        draw_guest_rows = list(Guest.objects.for_org(org).filter(event=draw).order_by("pk"))
    for guest in draw_guest_rows:
        services.signing_record(
            organization=org,
            event=draw,
            guest=guest,
            contract_total=Decimal("50000"),
            actor=desks[0].user,
        )
    with connection.cursor() as cursor:  # as autovacuum would leave them
        cursor.execute("ANALYZE")
    return org, tokens, (door, door_guests), (sign, sign_guests), (draw, pool, draw_guests)


# -- gunicorn ------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port, log):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--backlog",
        "2048",
        "--timeout",
        "120",
    ]
    if THREADS > 1:
        command += ["--worker-class", "gthread", "--threads", str(THREADS)]
    server = subprocess.Popen(
        command,
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
            if request(port, "GET", "/bench/bare/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def stop_gunicorn(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# -- the desks -----------------------------------------------------------------------------


def request(port, method, path, body=None, token=None, conn=None):
    """One request; returns (status, body). `conn`: a desk's own connection (reopened by
    http.client when the server closes it, as gunicorn's sync workers do)."""
    own = conn is None
    conn = conn or HTTPConnection("127.0.0.1", port, timeout=120)
    headers = dict(PROXY_HEADERS)
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token and token.startswith("session:"):  # a signed-in page (the big screen)
        headers["Cookie"] = f"sessionid={token.removeprefix('session:')}"
    elif token:
        headers["Authorization"] = f"Token {token}"
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def throughput(port, desks, seconds, make_request):
    """`desks` threads, each with its own connection, sending requests for `seconds`
    (or until make_request gives None). Returns (requests done, elapsed s, failures,
    the client's own CPU seconds)."""
    barrier = threading.Barrier(desks + 1)
    done, failures = [0] * desks, []
    stop = threading.Event()

    def desk(n):
        conn = HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        try:
            while not stop.is_set():
                job = make_request(n)
                if job is None:
                    break
                method, path, body, token = job
                status, content = request(port, method, path, body, token, conn)
                if status != 200:
                    failures.append((status, content[:200]))
                done[n] += 1
        except Exception as exc:  # noqa: BLE001 - reported
            failures.append(("error", repr(exc)))
        finally:
            conn.close()

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(desks)]
    for t in threads:
        t.start()
    cpu = time.process_time()
    barrier.wait()
    start = time.perf_counter()
    stop.wait(seconds)
    stop.set()
    for t in threads:
        t.join()
    return sum(done), time.perf_counter() - start, failures, time.process_time() - cpu


def crowd(port, jobs):
    """All jobs at once, one thread and connection each, released together. Returns
    [(status, body, latency ms)] in the jobs' order."""
    barrier = threading.Barrier(len(jobs) + 1)
    results = [None] * len(jobs)

    def run(i, job):
        method, path, body, token = job
        conn = HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        start = time.perf_counter()
        try:
            status, content = request(port, method, path, body, token, conn)
        except Exception as exc:  # noqa: BLE001 - reported
            status, content = "error", repr(exc).encode()
        finally:
            conn.close()
        results[i] = (status, content, (time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    barrier.wait()
    for t in threads:
        t.join()
    return results


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


# -- the measures --------------------------------------------------------------------------


def checkin_jobs(org, event, guests, tokens):
    """A request maker handing each desk the next guest: even ones by invitation code,
    odd ones by mobile."""
    path = f"/api/v1/{org.slug}/events/{event.pk}/check-in/"
    lock, position = threading.Lock(), [0]

    def make(n):
        with lock:
            i = position[0]
            if i >= len(guests):
                return None
            position[0] += 1
        _pk, mobile, code = guests[i]
        body = {"code": code} if i % 2 == 0 else {"mobile": mobile}
        return "POST", path, body, tokens[n % len(tokens)]

    return make


def bare_job(n):
    return "GET", "/bench/bare/", None, None


def measure_checkin(port, org, event, guests, tokens):
    """ROUNDS rounds of SECONDS each of the bare view, the API's floor (`GET .../me/`,
    with a desk's token) and check-ins, taking turns. Returns the req/s of each (all
    rounds' requests over all rounds' time) and whether every check-in was recorded."""
    warm, guests = guests[:WARMUP_GUESTS], guests[WARMUP_GUESTS:]
    me_path = f"/api/v1/{org.slug}/me/"

    def me_job(n):
        return "GET", me_path, None, tokens[n % len(tokens)]

    throughput(port, DESKS, 2, bare_job)  # every worker opens its connection, imports
    throughput(port, DESKS, 2, me_job)
    warm_n = throughput(port, DESKS, 3, checkin_jobs(org, event, warm, tokens))[0]
    phases = {"bare view": bare_job, "API floor": me_job}
    phases["check-in"] = checkin_jobs(org, event, guests, tokens)
    totals = {name: [0, 0.0] for name in phases}
    failures = []
    for r in range(ROUNDS):
        rate = {}
        for name, make in phases.items():
            n, s, f, cpu = throughput(port, DESKS, SECONDS, make)
            totals[name][0] += n
            totals[name][1] += s
            failures += f
            rate[name] = n / s
            print(
                f"round {r + 1}: {name:<9} {n / s:7.1f} req/s ({n} in {s:.1f} s, "
                f"client CPU {cpu / s:.0%}), load {load()}"
            )
        print(f"round {r + 1}: check-in / bare view {rate['check-in'] / rate['bare view']:.3f}")
    if failures:
        print(f"FAILED requests: {len(failures)}, e.g. {failures[:3]}")
    with tenant_context(org):
        checked = Guest.objects.for_org(org).filter(event=event, checked_in_at__isnull=False)
        checked = checked.count()
    expected = SPARE_GUESTS + warm_n + totals["check-in"][0]  # with the in-process ones
    print(f"guests checked in: {checked} (requests: {expected})")
    rates = {name: n / s for name, (n, s) in totals.items()}
    return rates, not failures and checked == expected


def in_process(org, event, guests, tokens):
    """In this process, with the same settings (the Django test client: no HTTP, no
    gunicorn): the statements of one check-in and of one bare request, and the median
    time of the bare view, of the smallest authenticated API call of the organization
    (`GET /api/v1/<org>/me/`: token, organization, tenant transaction, membership), of a
    check-in, and of the check-in's raw SQL (find the guest by code, a conditional update
    returning the row, in the same tenant context), taking turns round by round."""
    api = Client(HTTP_AUTHORIZATION=f"Token {tokens[0]}", HTTP_X_FORWARDED_PROTO="https")
    bare = Client(HTTP_X_FORWARDED_PROTO="https")
    path = f"/api/v1/{org.slug}/events/{event.pk}/check-in/"
    me = f"/api/v1/{org.slug}/me/"
    statements = {}
    for label, body in (("code", {"code": guests[0][2]}), ("mobile", {"mobile": guests[1][1]})):
        with CaptureQueriesContext(connection) as queries:
            response = api.post(path, body, content_type="application/json")
        assert response.status_code == 200, response.content
        statements[label] = [q["sql"] for q in queries.captured_queries]
    with CaptureQueriesContext(connection) as queries:
        assert bare.get("/bench/bare/").status_code == 200
    statements["bare"] = [q["sql"] for q in queries.captured_queries]
    with CaptureQueriesContext(connection) as queries:
        assert api.get(me).status_code == 200
    statements["me"] = [q["sql"] for q in queries.captured_queries]

    half = (len(guests) - 2) // 2
    by_api, by_sql = iter(guests[2 : 2 + half]), iter(guests[2 + half :])

    def check_in():
        response = api.post(path, {"code": next(by_api)[2]}, content_type="application/json")
        assert response.status_code == 200, response.content

    def raw():
        with tenant_context(org), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM events_guest WHERE event_id = %s AND code = %s",
                [event.pk, next(by_sql)[2]],
            )
            cursor.execute(
                "UPDATE events_guest SET checked_in_at = now() WHERE id = %s "
                "AND checked_in_at IS NULL RETURNING id, mobile, name, checked_in_at",
                [cursor.fetchone()[0]],
            )
            cursor.fetchall()

    calls = {
        "bare": lambda: bare.get("/bench/bare/"),
        "me": lambda: api.get(me),
        "check-in": check_in,
        "raw SQL": raw,
    }
    times = {name: [] for name in calls}
    for _ in range(half):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append((time.perf_counter() - start) * 1000)
    medians = {name: statistics.median(kept[5:]) for name, kept in times.items()}
    return statements, medians


def measure_signings(port, org, event, guests, tokens):
    path = f"/api/v1/{org.slug}/events/{event.pk}/signings/"
    jobs = [
        ("POST", path, {"guest": pk, "contract_total": "80000"}, tokens[i % len(tokens)])
        for i, (pk, _mobile, _code) in enumerate(guests)
    ]
    start = time.perf_counter()
    results = crowd(port, jobs)
    wall = time.perf_counter() - start
    statuses = [r[0] for r in results]
    latencies = [r[2] for r in results]
    with tenant_context(org):
        exact = Signing.objects.for_org(org).filter(event=event).count() == len(jobs)
        for size in (30, 5):
            quota = Quota.objects.for_org(org).get(event=event, size=size)
            numbers = sorted(
                Place.objects.for_org(org).filter(quota=quota).values_list("number", flat=True)
            )
            exact = exact and numbers == list(range(1, size + 1)) and quota.taken == size
            print(f"  {quota.name}: {len(numbers)} places, numbered {numbers[:3]}..{numbers[-2:]}")
        # the numbers follow the order the signings were recorded
        eggs = Place.objects.for_org(org).filter(quota__event=event, quota__size=30)
        by_signing = [p.number for p in eggs.order_by("signing_id")]
        exact = exact and by_signing == sorted(by_signing)
    exact = exact and statuses.count(201) == len(jobs)
    # one at a time in this process (no HTTP): what each signing holds the event's lock
    # for, more or less; these come after the places are gone
    api = Client(HTTP_AUTHORIZATION=f"Token {tokens[0]}", HTTP_X_FORWARDED_PROTO="https")
    alone, statements = [], 0
    for i in range(7):
        guest, _created = services.guest_register(
            organization=org, event=event, mobile=mobiles(1, 70_000 + i)[0]
        )
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = api.post(
                path, {"guest": guest.pk, "contract_total": "80000"}, "application/json"
            )
        alone.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 201, response.content
        statements = len(queries.captured_queries)
    print(
        f"one signing alone (in-process, after the places are gone): median "
        f"{statistics.median(alone[2:]):.1f} ms, {statements} statements"
    )
    print(
        f"{len(jobs)} simultaneous signings: {statuses.count(201)} recorded (201), others "
        f"{sorted(set(statuses) - {201})}, in {wall:.2f} s ({len(jobs) / wall:.0f}/s); "
        f"latency median {statistics.median(latencies):.0f} ms, p95 {p95(latencies):.0f} ms, "
        f"max {max(latencies):.0f} ms; load {load()}"
    )
    return exact, p95(latencies)


def measure_draws(port, org, event, pool, guests, tokens):
    path = f"/api/v1/{org.slug}/events/{event.pk}/pools/{pool.pk}/draws/"
    jobs = [
        ("POST", path, {"guest": pk}, tokens[i % len(tokens)])
        for i, (pk, _mobile, _code) in enumerate(guests)
    ]
    start = time.perf_counter()
    results = crowd(port, jobs)
    wall = time.perf_counter() - start
    statuses = [r[0] for r in results]
    latencies = [r[2] for r in results]
    refusals = {r[1].decode(errors="replace")[:120] for r in results if r[0] == 400}
    with tenant_context(org):
        numbers = sorted(
            Draw.objects.for_org(org).filter(pool=pool).values_list("number", flat=True)
        )
        taken = {p.name: (p.taken, p.stock) for p in Prize.objects.for_org(org).filter(pool=pool)}
        made = PrizePool.objects.for_org(org).get(pk=pool.pk).draws_made
    exact = (
        statuses.count(201) == 50
        and statuses.count(400) == len(jobs) - 50
        and numbers == list(range(1, 51))
        and made == 50
        and all(t == s for t, s in taken.values())
    )
    print(
        f"{len(jobs)} simultaneous draws: {statuses.count(201)} drawn (201), "
        f"{statuses.count(400)} refused (400), others {sorted(set(statuses) - {201, 400})}, "
        f"in {wall:.2f} s; numbers {numbers[:1]}..{numbers[-1:]}, prizes taken/stock {taken}; "
        f"latency median {statistics.median(latencies):.0f} ms, p95 {p95(latencies):.0f} ms; "
        f"load {load()}"
    )
    print(f"  refusals: {sorted(refusals)}")
    return exact


# -- Telecom Day: the big screen and the invitation fan-out ---------------------------------

VIEWERS = 200
INVITES = int(os.environ.get("INVITES", "50000"))
NOOP_TASKS = int(os.environ.get("NOOP_TASKS", "10000"))
WORKER = "bench-event-day@localhost"


def measure_bigscreen(port, org, event):
    """ROUNDS rounds of SECONDS each: the bare view, the big screen's live figures through
    the hall screen's link (`/screen/<token>/live/`, no sign-in: how the televisions poll)
    and, for reference, the same figures for a signed-in session, 200 clients each, taking
    turns. Returns (link req/s, bare req/s, failures); prints the signed-in rate."""
    from django.contrib.auth import get_user_model

    from promotions.events.services import screen

    client = Client()
    client.force_login(get_user_model().objects.get(username=f"{SLUG}-m"))
    session = "session:" + client.cookies["sessionid"].value
    signed_in = f"/{org.slug}/events/{event.pk}/big-screen/live/"
    link = f"/screen/{screen.screen_token(organization=org, event=event)}/live/"
    for path, token in ((signed_in, session), (link, None)):
        status, body = request(port, "GET", path, token=token)
        assert status == 200 and b"big-count" in body, (status, body[:300])

    def link_job(n):
        return "GET", link, None, None

    def signed_in_job(n):
        return "GET", signed_in, None, session

    phases = (("bare view", bare_job), ("big screen", link_job), ("signed in", signed_in_job))
    for _name, make in phases:
        throughput(port, VIEWERS, 2, make)
    totals = {name: [0, 0.0] for name, _make in phases}
    failures = []
    for r in range(ROUNDS):
        for name, make in phases:
            n, sec, f, _cpu = throughput(port, VIEWERS, SECONDS, make)
            totals[name][0] += n
            totals[name][1] += sec
            failures += f
            print(f"round {r + 1}: {name:<10} {n / sec:7.1f} req/s ({VIEWERS} viewers)")
    rates = {name: n / sec for name, (n, sec) in totals.items()}
    print(
        f"big screen, signed-in session: {rates['signed in']:.1f} req/s "
        f"= {rates['signed in'] / rates['bare view']:.3f} of the bare view"
    )
    if failures:
        print(f"FAILED big-screen requests: {len(failures)}, e.g. {failures[:3]}")
    return rates["big screen"], rates["bare view"], failures


def measure_invitations(org):
    """INVITES guests with the channel "SMS invitation" (bulk-inserted: the import takes
    20,000 rows a file), one campaign sent; one worker (solo pool) on Redis. Returns
    (invitations/s, no-op tasks/s)."""
    from campaigns.sms.models import SmsMessage, SmsSettings
    from config.celery import app
    from promotions.events.models import new_code
    from promotions.events.services import invitations

    if not os.environ.get("CELERY_BROKER_URL"):
        print("invitations: CELERY_BROKER_URL is not set; not measured")
        return None, None
    from campaigns.models import Membership

    with tenant_context(org):
        manager = (
            Membership.objects.for_org(org).select_related("user").get(user__username=f"{SLUG}-m")
        )
    event = new_event(org, manager, "电信日: 邀约")
    channel = invitations.sms_invitation_channel(org)
    with tenant_context(org):
        SmsSettings.objects.for_org(org).update(
            sending_from=datetime.time(0, 0), sending_until=datetime.time(0, 0)
        )
        Guest.objects.bulk_create(
            [
                Guest(organization=org, event=event, mobile=m, channel=channel, code=new_code())
                for m in mobiles(INVITES, 70_000)
            ],
            batch_size=5000,
        )
    with app.connection_for_write() as conn:
        for queue in ("bench-idle", "bench-noop", "celery"):
            conn.default_channel.client.delete(queue)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-n",
            WORKER,
            "-Q",
            "bench-idle",
            "--without-gossip",
            "--without-mingle",
            "--include=celery.contrib.testing.tasks",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "SMS_BACKEND": "campaigns.sms.backends.OutboxBackend"},
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[WORKER], timeout=1):
            if time.monotonic() > deadline:
                raise SystemExit("the worker did not start")

        def length(name):
            with app.connection_for_read() as conn:
                return conn.default_channel.client.llen(name)

        for _i in range(NOOP_TASKS):
            app.send_task("celery.ping", queue="bench-noop")
        start = time.perf_counter()
        app.control.add_consumer("bench-noop", destination=[WORKER], reply=True)
        while length("bench-noop"):
            time.sleep(0.05)
        noop_rate = NOOP_TASKS / (time.perf_counter() - start)
        app.control.cancel_consumer("bench-noop", destination=[WORKER], reply=True)
        print(f"no-op task: {noop_rate:,.0f} tasks/s (one worker, solo pool)")

        campaign = invitations.invitation_campaign_save(
            organization=org,
            event=event,
            name="第一轮",
            body="{name}您好，电信日凭{code}入场。回复TD退订",
        )
        start = time.perf_counter()
        with tenant_context(org):
            invitations.invitation_campaign_send(organization=org, campaign=campaign)
        app.control.add_consumer("celery", destination=[WORKER], reply=True)
        while True:
            with tenant_context(org):
                done = (
                    SmsMessage.objects.for_org(org)
                    .filter(purpose="events.invitation", status="delivered")
                    .count()
                )
            if done >= INVITES:
                break
            time.sleep(0.2)
        invite_rate = INVITES / (time.perf_counter() - start)
        with tenant_context(org):
            attempts = set(
                SmsMessage.objects.for_org(org)
                .filter(purpose="events.invitation")
                .values_list("attempts", flat=True)
            )
        print(f"invitations: {INVITES} delivered at {invite_rate:,.0f}/s (attempts {attempts})")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return invite_rate, noop_rate


def measure_birthday(port, org, event, tokens):
    """Telecom Day's birthday gift: 200 simultaneous requests with one ID card (from the
    desks' tokens) give exactly one gift; the other 199 are told when and where."""
    from stdnum.cn import ric

    from promotions.events.models import BirthdayGift, GiftItem
    from promotions.events.services import gift_stock

    item = gift_stock.gift_save(
        organization=org, event=event, name="生日礼品", kind=GiftItem.Kind.BIRTHDAY
    )
    gift_stock.gift_receive(organization=org, item=item, quantity=CROWD)
    body = f"1101051980{event.date:%m%d}123"
    number = body + ric.calc_check_digit(body + "0")
    path = f"/api/v1/{org.slug}/events/{event.pk}/birthday/"
    jobs = [
        ("POST", path, {"id_number": number, "desk": f"desk {i}"}, tokens[i % len(tokens)])
        for i in range(CROWD)
    ]
    start = time.perf_counter()
    results = crowd(port, jobs)
    wall = time.perf_counter() - start
    statuses = [r[0] for r in results]
    told = sum(1 for r in results if r[0] == 400 and "desk" in r[1].decode(errors="replace"))
    with tenant_context(org):
        gifts = BirthdayGift.objects.for_org(org).filter(event=event).count()
        issued = GiftItem.objects.for_org(org).get(pk=item.pk).issued
    exact = statuses.count(201) == 1 and told == CROWD - 1 and gifts == 1 and issued == 1
    latencies = [r[2] for r in results]
    print(
        f"{CROWD} simultaneous birthday requests with one ID: {statuses.count(201)} given "
        f"(201), {statuses.count(400)} refused (400; {told} told when and where), others "
        f"{sorted(set(statuses) - {201, 400})}, in {wall:.2f} s; gifts {gifts}, issued from "
        f"stock {issued}; latency p95 {p95(latencies):.0f} ms"
    )
    return exact


def main():
    if connection.vendor != "postgresql":
        sys.exit("bench/event_day.py measures PostgreSQL")
    print(f"load average at start {load()} on {os.cpu_count()} cores")
    call_command("migrate", verbosity=0)
    server = None
    log = tempfile.NamedTemporaryFile("w+", prefix="event_day_gunicorn_", suffix=".log")  # noqa: SIM115
    try:
        t0 = time.perf_counter()
        org, tokens, (door, door_guests), (sign, sign_guests), (draw, pool, draw_guests) = build()
        print(
            f"built in {time.perf_counter() - t0:.1f} s: {len(door_guests)} guests imported "
            f"for the door, {CROWD} to sign, {CROWD} signed customers holding a place for "
            f"a sealed pool of 50 prizes"
        )
        spare, door_guests = door_guests[-SPARE_GUESTS:], door_guests[:-SPARE_GUESTS]
        statements, medians = in_process(org, door, spare, tokens)
        print(
            f"statements per request (in-process, same settings): check-in by code "
            f"{len(statements['code'])}, by mobile {len(statements['mobile'])}; "
            f"GET .../me/ {len(statements['me'])}; bare view {len(statements['bare'])}"
        )
        print(
            "in-process medians: "
            + ", ".join(f"{name} {ms:.2f} ms" for name, ms in medians.items())
            + f"; check-in / bare {medians['check-in'] / medians['bare']:.1f}x, its own work "
            f"(check-in minus me) {medians['check-in'] - medians['me']:.2f} ms"
        )
        if os.environ.get("SHOW_SQL"):
            for sql in statements["code"]:
                print("   ", sql[:160])
        connections.close_all()

        port = free_port()
        server = start_gunicorn(port, log)
        kind = f"gthread, {THREADS} threads each" if THREADS > 1 else "sync"
        print(f"gunicorn: {WORKERS} workers ({kind}) on 127.0.0.1:{port}; {DESKS} desks")
        rates, check_ok = measure_checkin(port, org, door, door_guests, tokens)
        ratio = rates["check-in"] / rates["bare view"]
        print(
            f"check-in {rates['check-in']:.1f} req/s / bare view {rates['bare view']:.1f} "
            f"req/s = {ratio:.3f} (aim: at least 0.5)"
            f"{'' if check_ok else '; SOME CHECK-INS FAILED'}; the API floor "
            f"{rates['API floor']:.1f} req/s = {rates['API floor'] / rates['bare view']:.3f} "
            f"of the bare view, check-in / API floor {rates['check-in'] / rates['API floor']:.3f}"
        )
        first_n_exact, signing_p95 = measure_signings(port, org, sign, sign_guests, tokens)
        draws_exact = measure_draws(port, org, draw, pool, draw_guests, tokens)
        screen_rate, screen_bare, _screen_failures = measure_bigscreen(port, org, door)
        bigscreen_ratio = screen_rate / screen_bare
        print(
            f"big screen {screen_rate:.1f} req/s / bare view {screen_bare:.1f} req/s "
            f"({VIEWERS} viewers) = {bigscreen_ratio:.3f} (aim: at least 0.5)"
        )
        invite_rate, noop_rate = measure_invitations(org)
        invite_ratio = invite_rate / noop_rate if invite_rate else float("nan")
        print(f"invitations / no-op tasks = {invite_ratio:.3f} (aim: at least 0.5)")
        birthday_exact = measure_birthday(port, org, sign, tokens)  # Telecom Day
        print(f"load average at end {load()}")
    finally:
        if server is not None:
            stop_gunicorn(server)
            log.seek(0)
            errors = [line for line in log if "Traceback" in line or "[ERROR]" in line]
            if errors:
                print(f"gunicorn logged {len(errors)} errors, e.g. {errors[:2]}")
        connections.close_all()
        if os.environ.get("KEEP_DB"):
            print(f"kept database {DB}")
        else:
            admin_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    print(
        f"checkin_ratio={ratio:.2f} first_n_exact={str(first_n_exact).lower()} "
        f"draws_exact={str(draws_exact).lower()} signing_p95_ms={signing_p95:.0f} "
        f"invite_ratio={invite_ratio:.2f} bigscreen_ratio={bigscreen_ratio:.2f} "
        f"birthday_exact={str(birthday_exact).lower()}"
    )


if __name__ == "__main__":
    main()
