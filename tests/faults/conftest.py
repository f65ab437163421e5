"""The fault suite's machinery (issue 17, item 11; docs/jobs.md "Fault suite"):

- `own_redis`: a Redis of the test's own on a free port (append-only file on, as
  docker-compose runs it), which the test stops (SIGTERM) and starts again; this process's
  Celery publishes to it;
- `workers`: real Celery worker processes (prefork, as production) on that Redis and the
  test database, each in its own process group so the test can kill the whole worker
  (SIGKILL: the main process and its pool, as a lost machine or the OOM killer would);
  a worker may be started with a stall point (`tests/faults/stall.py`) so the test knows
  the job is in the middle of its work when it kills it;
- `beat`: a thread doing what Celery beat does, sending the sweeper's task
  (`campaigns.tasks.sweep_stale_jobs`) through the broker, every BEAT_SECONDS instead of
  every 60 s (publishing fails while Redis is down, as beat's would);
- `sms_gateway`: a stand-in for the SMS provider's HTTP API (Alibaba Cloud's SendSms
  answer), counting what it accepted per message id.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from kombu import pools as kombu_pools

from config.celery import app as celery_app

LEASE_SECONDS = 3  # the workers' JOB_LEASE_SECONDS: a killed worker's row is free after it
BEAT_SECONDS = 2  # how often the stand-in beat sends the sweeper's task


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout, step=0.2):
    """Call `check` until it answers something true (returned) or `timeout` passes (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(step)


def point_celery_at(url):
    celery_app.conf.broker_url = url
    celery_app.conf.broker_read_url = url
    celery_app.conf.broker_write_url = url
    # Celery takes its pool from kombu's global registry, keyed by the broker: closing
    # one pool without clearing the registry left later tests (same worker, the main
    # Redis again) a closed pool ("Acquire on closed pool"). reset() closes and forgets.
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own: `start()` and `stop()` it; Celery points at its port.
    Not started: the test starts it when it wants it up."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    port = free_port()
    previous = celery_app.conf.broker_write_url
    url = f"redis://127.0.0.1:{port}/0"
    point_celery_at(url)
    server = SimpleNamespace(port=port, url=url, process=None)
    data = tmp_path / "redis"
    data.mkdir()

    def start():
        server.process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "yes", "--dir", str(data)],
            stdout=subprocess.DEVNULL,
        )
        up = wait_for(lambda: _answers(port), 10, step=0.05)
        if not up:
            raise RuntimeError("redis-server did not start")

    def stop():
        if server.process is not None:
            server.process.terminate()
            server.process.wait(10)
            server.process = None

    server.start, server.stop = start, stop
    try:
        yield server
    finally:
        stop()
        point_celery_at(previous)


def _answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def database_url():
    from django.db import connection

    db = connection.settings_dict  # the test database this process uses
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def workers(own_redis):
    """`workers.start(stall=None, **env)` starts a Celery worker process (prefork, one pool
    process) on `own_redis`; `workers.kill(worker)` kills all of it at once (SIGKILL to its
    process group). `stall`: a stall point of tests/faults/stall.py for this worker only;
    `workers.stalled(timeout)` waits until a stalled worker reached it."""
    started = []
    # The stall point's marker file, named after this test's own Redis port.
    marker = os.path.join(tempfile.gettempdir(), f"fault-stall-{own_redis.port}")
    if os.path.exists(marker):
        os.unlink(marker)

    def start(stall=None, **extra):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": own_redis.url,
            "JOB_LEASE_SECONDS": str(LEASE_SECONDS),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **{key: str(value) for key, value in extra.items()},
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        command += ["--concurrency=1", "--loglevel=WARNING", "--without-gossip"]
        command += ["--without-mingle", "-n", f"fault-{len(started)}-{os.getpid()}@%h"]
        if stall:
            env["FAULT_STALL"], env["FAULT_STALL_MARKER"] = stall, marker
            command += ["-I", "tests.faults.stall"]
        process = subprocess.Popen(
            command,
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: killed whole
        )
        started.append(process)
        return process

    def kill(process):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stalled(timeout):
        return wait_for(lambda: os.path.exists(marker), timeout)

    try:
        yield SimpleNamespace(start=start, kill=kill, stalled=stalled)
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    kill(process)
        if os.path.exists(marker):
            os.unlink(marker)


@pytest.fixture
def beat(own_redis):
    """Sends the sweeper's task every BEAT_SECONDS while the test runs, as Celery beat does
    every 60 s in production (CELERY_BEAT_SCHEDULE "sweep-stale-jobs")."""
    stop = threading.Event()
    sent = []

    def run():
        while not stop.wait(BEAT_SECONDS):
            try:
                celery_app.send_task("campaigns.tasks.sweep_stale_jobs")
                sent.append(time.monotonic())
            except Exception:  # noqa: S110 - the broker is down: beat's tick is lost, as in production
                pass

    thread = threading.Thread(target=run, name="stand-in-beat", daemon=True)
    thread.start()
    try:
        yield sent
    finally:
        stop.set()
        thread.join()


@pytest.fixture
def sms_gateway():
    """An HTTP server answering as Alibaba Cloud's SendSms does. `accepted` counts, per
    OutId (our message id), the messages it accepted: answered "OK" to. `on_request(out_id,
    n)` is called before answering the n-th request (from 1); when it returns False the
    gateway answers nothing and closes the connection (the message was not accepted)."""
    accepted = {}
    lock = threading.Lock()
    state = SimpleNamespace(accepted=accepted, requests=0, on_request=lambda out_id, n: True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            query = parse_qs(urlsplit(self.path).query)
            out_id = query.get("OutId", [""])[0]
            with lock:
                state.requests += 1
                n = state.requests
            if not state.on_request(out_id, n):
                self.close_connection = True
                return
            body = json.dumps({"Code": "OK", "Message": "OK", "BizId": f"biz-{out_id}-{n}"})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())
            with lock:
                accepted[out_id] = accepted.get(out_id, 0) + 1

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.endpoint = f"http://127.0.0.1:{server.server_address[1]}/"
    state.worker_env = {
        "SMS_BACKEND": "campaigns.sms.backends.AliyunSmsBackend",
        "SMS_HTTP_ENDPOINT": state.endpoint,
        "SMS_ACCESS_KEY_ID": "fault-key",
        "SMS_ACCESS_KEY_SECRET": "fault-secret",
        "SMS_SIGN_NAME": "故障测试",
        "SMS_TEMPLATE_CODE": "SMS_0001",
    }
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
