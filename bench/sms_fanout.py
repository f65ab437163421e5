"""SMS fan-out: 10,000 confirmation messages through the job path with one Celery worker on
Redis, beside the same worker's throughput on a no-op task in the same run.

    DATABASE_URL=postgres://campaigns_owner:campaigns@127.0.0.1:5432/campaigns \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/sms_fanout.py

One worker process (`celery worker --pool=solo`, the outbox backend) is started for the
run. Each phase first queues all its messages on a queue the worker does not consume yet,
then tells the worker to consume it and times until the last one is done, so the figure
is the worker's rate, not the producer's:
- no-op: N `celery.ping` tasks (return "pong"), done when the queue is drained;
- SMS: N confirmation messages queued the way registrations queue them
  (`sms_send_many`, 50 per registration, enqueued on commit: one fan-out task per 50),
  each task claiming its rows with one conditional update, "sending" each through the
  outbox backend outside any transaction and recording the outcomes in one locked bulk
  update; done when N rows are `delivered`.
It migrates the configured database and uses a throw-away organization, removed at the
end. The last line is machine-readable key=value pairs.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from campaigns.models import Organization  # noqa: E402
from campaigns.services import organization_create  # noqa: E402
from campaigns.sms.models import SmsMessage  # noqa: E402
from campaigns.sms.sending import sms_send_many  # noqa: E402
from campaigns.tenancy import tenant_context  # noqa: E402
from config.celery import app  # noqa: E402

N = int(os.environ.get("MESSAGES", "10000"))
SLUG = "bench-sms-fanout"
WORKER = "bench-sms@localhost"


def start_worker():
    # As in production: persistent database connections (README: CONN_MAX_AGE 60 s).
    env = {
        "CONN_MAX_AGE": "60",
        **os.environ,
        "SMS_BACKEND": "campaigns.sms.backends.OutboxBackend",
    }
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
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(destination=[WORKER], timeout=1):
            return worker
    worker.terminate()
    raise SystemExit("the worker did not start")


def queue_length(name):
    with app.connection_for_read() as conn:
        return conn.default_channel.client.llen(name)


def consume(queue):
    app.control.add_consumer(queue, destination=[WORKER], reply=True)


def stop_consuming(queue):
    app.control.cancel_consumer(queue, destination=[WORKER], reply=True)


def noop_phase():
    queue = "bench-noop"
    for _i in range(N):
        app.send_task("celery.ping", queue=queue)
    start = time.perf_counter()
    consume(queue)
    while queue_length(queue):
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    stop_consuming(queue)
    return N / elapsed


def sms_phase(org):
    queue = "bench-sms"
    app.conf.task_default_queue = queue  # this process publishes the SMS tasks there
    body = "亲友网：请回复“是”确认加入，或回复“否”拒绝，3天内有效。"
    with transaction.atomic():  # like registrations of 50 members: one call each
        for start in range(0, N, 50):
            sms_send_many(
                organization=org,
                messages=[
                    {
                        "to": f"1380000{i % 10000:04d}",
                        "body": body,
                        "purpose": "bench.confirm",
                        "ref_id": i,
                        "awaiting_reply": True,
                    }
                    for i in range(start, min(N, start + 50))
                ],
            )
    start = time.perf_counter()
    consume(queue)
    while True:
        with tenant_context(org):
            done = SmsMessage.objects.for_org(org).filter(status="delivered").count()
        if done >= N:
            break
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    stop_consuming(queue)
    with tenant_context(org):
        attempts = set(SmsMessage.objects.for_org(org).values_list("attempts", flat=True))
    assert attempts == {1}, attempts
    return N / elapsed


def main():
    if not settings.CELERY_BROKER_URL:
        raise SystemExit("set CELERY_BROKER_URL (Redis): this measures a real worker")
    call_command("migrate", verbosity=0)
    stale = Organization.objects.filter(slug=SLUG).first()
    if stale is not None:
        with tenant_context(stale):
            stale.delete()
    org = organization_create(slug=SLUG, name="移动通信基准")
    for queue in ("bench-noop", "bench-sms"):
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete(queue)
    worker = start_worker()
    try:
        print(f"database: {connection.vendor}, messages: {N}, one worker (solo pool)")
        noop_rate = noop_phase()
        print(f"no-op task: {noop_rate:,.0f} tasks/s")
        sms_rate = sms_phase(org)
        print(f"SMS job path: {sms_rate:,.0f} messages/s")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        with tenant_context(org):
            org.delete()
    ratio = sms_rate / noop_rate
    print(f"ratio {ratio:.2f} (aim: at least 0.50)")
    print(
        f"sms_per_s={sms_rate:.0f} noop_per_s={noop_rate:.0f} ratio={ratio:.3f} "
        f"messages={N} db={connection.vendor}"
    )


if __name__ == "__main__":
    main()
