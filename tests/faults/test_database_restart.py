"""PostgreSQL restarts in the middle of a request (issue 17, item 11): a clear answer, not a
stack trace, and nothing half-written.

The machine's PostgreSQL is shared, so the test starts a private cluster of its own
(initdb into a temporary directory, its own port in 54390–54399, trust authentication;
as root through the `postgres` system user, which initdb requires), makes the two roles
and the database with scripts/pg_app_role.sh, migrates as the owner role and serves the
project with gunicorn as the runtime role, with persistent connections (CONN_MAX_AGE) as
production does. A restart, rather than killing one backend with pg_terminate_backend,
because a restart is what the issue names and it does more: it also refuses every
connection while the server is down, so requests arriving then are checked too, and the
server's persistent connection must be replaced afterwards.

- A registration through the API is held in the middle of its transaction: another
  connection holds a lock on the SMS table, so the request has written the registration
  and its members (uncommitted) and waits to write the confirmations. PostgreSQL is then
  stopped (fast shutdown, as `pg_ctl restart` does): the request answers 503 as JSON with
  `Retry-After` and a sentence.
- While it is down, a page and an API read answer 503 too (the page as a page).
- Started again: nothing of the held registration is there; the same request sent again
  answers 201 and writes it whole; the page answers 200.
"""

import contextlib
import http.cookiejar
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import psycopg2
import pytest
from django.conf import settings

from .conftest import free_port, wait_for

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DB = "faults_restart"
PASSWORD = "Fault-password-1"
SLUG = "restart-co"


def _pg_port():
    for port in range(54390, 54400):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 54390–54399 for the private PostgreSQL")


@pytest.fixture
def private_postgres():
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"needs PostgreSQL 15's server binaries in {PG_BIN} (initdb, pg_ctl)")
    as_postgres = []
    root = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    if os.getuid() == 0:  # initdb refuses to run as root
        as_postgres = ["runuser", "-u", "postgres", "--"]
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    port = _pg_port()
    data = root / "data"

    def pg_ctl(*args):
        subprocess.run(
            [*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    subprocess.run(
        [*as_postgres, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        + ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    server = SimpleNamespace(
        port=port,
        admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres",
        db_url=f"postgresql://postgres@127.0.0.1:{port}/{DB}",
        start=lambda: pg_ctl("-o", options, "-l", str(root / "log"), "start"),
        stop=lambda: pg_ctl("-m", "fast", "stop"),
    )
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def _environment(pg):
    subprocess.run(
        ["bash", "scripts/pg_app_role.sh"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PG_ADMIN_URL": pg.admin_url, "APP_DB_NAME": DB},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": "",  # jobs in-process: this test is about the database
        "CONN_MAX_AGE": "60",
        "TMPDIR": tempfile.gettempdir(),
    }
    base.pop("TEST_DATABASE_NAME", None)
    owner = {
        **base,
        "DATABASE_URL": f"postgres://campaigns_owner:campaigns@127.0.0.1:{pg.port}/{DB}",
    }
    runtime = {
        **base,
        "DATABASE_URL": f"postgres://campaigns_app:campaigns@127.0.0.1:{pg.port}/{DB}",
    }
    return owner, runtime


SEED = f"""
import django, json
django.setup()
from campaigns import services
from campaigns.api_tokens import api_token_issue
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
org = services.organization_create(slug="{SLUG}", name="Restart Co", default_language="en")
with tenant_context(org):
    manager = services.member_add(organization=org, username="restart-manager",
                                  password="{PASSWORD}", role=Role.MANAGER)
    branch = services.branch_save(organization=org, name="Branch one")
token = api_token_issue(user=manager.user, name="fault test")[1]
print(json.dumps({{"branch": branch.pk, "token": token}}))
"""


def _gunicorn(env, port):
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def up():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return server.poll() is not None

    wait_for(up, 60)
    assert server.poll() is None, "gunicorn did not start"
    return server


def _registration(branch, form_number):
    return {
        "form_number": form_number,
        "branch": branch,
        "initiator_phone": "13900000000",
        "signed_on": "2026-01-02",
        "members": [{"phone": f"1380000{i:04d}", "short_number": 661001 + i} for i in range(10)],
    }


def _call(opener, url, data=None, headers=None, form=False):
    """(status, headers, body) of one request; errors are answers too."""
    body = None
    headers = dict(headers or {})
    if data is not None and form:
        body = urllib.parse.urlencode(data).encode()
    elif data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _counts(pg):
    with psycopg2.connect(pg.db_url) as conn, conn.cursor() as cursor:
        counts = {}
        for table in (
            "promotions_registration",
            "promotions_bundlemember",
            "campaigns_smsmessage",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


def test_a_request_held_when_postgresql_restarts_answers_clearly_and_writes_nothing(
    private_postgres,
):
    pg = private_postgres
    owner, runtime = _environment(pg)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=settings.BASE_DIR, env=owner, check=True)
    seeded = subprocess.run(
        [sys.executable, "-c", SEED],
        cwd=settings.BASE_DIR,
        env=runtime,
        check=True,
        capture_output=True,
        text=True,
    )
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    server = _gunicorn(runtime, port)
    base = f"http://127.0.0.1:{port}"
    api = {"Authorization": f"Token {seed['token']}"}
    registrations = f"{base}/api/v1/{SLUG}/bundles/registrations/"
    page = f"{base}/{SLUG}/bundles/"
    try:
        # A signed-in browser (session cookie), and the server's connections opened.
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        status, _headers, html = _call(browser, f"{base}/accounts/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        login = {"username": "restart-manager", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
        status, _headers, _body = _call(
            browser, f"{base}/accounts/login/", login, {"Referer": base}, form=True
        )
        assert _call(browser, page)[0] == 200
        plain = urllib.request.build_opener()
        assert _call(plain, f"{base}/api/v1/{SLUG}/me/", headers=api)[0] == 200

        # Hold a registration in the middle of its transaction.
        holder = psycopg2.connect(pg.db_url)
        holder.cursor().execute("LOCK TABLE campaigns_smsmessage IN ACCESS EXCLUSIVE MODE")
        held = {}
        thread = threading.Thread(
            target=lambda: held.update(
                answer=_call(plain, registrations, _registration(seed["branch"], "HELD-1"), api)
            )
        )
        thread.start()

        def waiting_with_the_registration_written():
            # (From a connection of its own: the holder's transaction sees old statistics.)
            with psycopg2.connect(pg.db_url) as watcher, watcher.cursor() as cursor:
                cursor.execute(
                    "SELECT l.pid FROM pg_locks l WHERE NOT l.granted "
                    "AND l.relation = 'campaigns_smsmessage'::regclass AND EXISTS ("
                    "SELECT FROM pg_locks m WHERE m.pid = l.pid AND m.granted "
                    "AND m.mode = 'RowExclusiveLock' "
                    "AND m.relation = 'promotions_bundlemember'::regclass)"
                )
                found = cursor.fetchone()
            watcher.close()
            return found

        # It wrote the registration and its members and waits to write the messages.
        assert wait_for(waiting_with_the_registration_written, 30), "the request was not held"
        pg.stop()  # the held request's connection is cut; new ones are refused
        thread.join(60)
        status, headers, body = held["answer"]
        assert status == 503, body[:500]
        assert headers["Content-Type"] == "application/json"
        assert headers["Retry-After"] == "30"
        assert json.loads(body) == {
            "detail": "The database could not be reached (it may be restarting), so this "
            "request was not completed. Try again in a minute.",
            "code": "database_unavailable",
        }

        # While it is down: a page and an API read answer clearly as well.
        status, headers, html = _call(browser, page)
        assert (status, headers["Retry-After"]) == (503, "30")
        assert headers["Content-Type"].startswith("text/html")
        # the page in the browser's language (Chinese here), the API's answer in English
        assert "无法连接数据库" in html or "The database could not be reached" in html
        assert "Traceback" not in html
        status, headers, body = _call(plain, f"{base}/api/v1/{SLUG}/me/", headers=api)
        assert (status, json.loads(body)["code"]) == (503, "database_unavailable")

        pg.start()
        assert _counts(pg) == {  # nothing of the held registration
            "promotions_registration": 0,
            "promotions_bundlemember": 0,
            "campaigns_smsmessage": 0,
        }
        # The same request again: once PostgreSQL accepts connections, each worker replaces
        # its dead connection (a request that still meets one answers 503 again, clearly).
        for _ in range(2):
            assert wait_for(lambda: _call(browser, page)[0] == 200, 30)
        status, _headers, body = _call(
            plain, registrations, _registration(seed["branch"], "HELD-1"), api
        )
        assert status == 201, body[:500]
        assert _counts(pg) == {
            "promotions_registration": 1,
            "promotions_bundlemember": 10,
            "campaigns_smsmessage": 10,
        }
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(30)
