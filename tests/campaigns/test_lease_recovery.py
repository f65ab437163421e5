"""A killed worker's job is taken over in seconds, not 30 minutes (issue 17, item 2), with
a real prefork Celery worker process on the real Redis and PostgreSQL: the test kills the
pool process running a job (SIGKILL, as the OOM killer would); Celery redelivers the
message at once, which finds the lease still live and comes back when it ends, then takes
the job over (attempts 2) and finishes it."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from campaigns import jobs
from campaigns.models import Job
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
LEASE = 2  # seconds, for the worker process


def _database_url():
    db = connection.settings_dict  # the test database this process uses
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _worker():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "JOB_LEASE_SECONDS": str(LEASE),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        + ["--concurrency=1", "-I", "tests.campaigns.sleepy_job", "--loglevel=WARNING"]
        + ["-n", f"lease-test-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return None


def test_a_killed_workers_job_is_taken_over_within_seconds():
    org = OrganizationFactory()

    def reload(job):
        with tenant_context(org):
            return Job.objects.get(pk=job.pk)

    celery_app.control.purge()
    worker = _worker()
    try:
        job = jobs.job_enqueue(organization=org, kind="test.sleepy", payload={"seconds": 120})
        running = _wait(lambda: (row := reload(job)).status == "running" and row, 90)
        assert running, "the worker did not start the job"
        host, pid = running.lease_owner.rsplit(":", 1)
        assert (host, running.attempts) == (socket.gethostname(), 1)
        _wait(lambda: reload(job).lease_expires_at > running.lease_expires_at, 5)  # renewed
        killed = time.monotonic()
        os.kill(int(pid), signal.SIGKILL)
        done = _wait(lambda: (row := reload(job)).status == "done" and row, 60)
        took = time.monotonic() - killed
    finally:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    assert done, reload(job).__dict__
    assert (done.attempts, done.result["attempt"], done.error) == (2, 2, "")
    assert done.result["worker"] != running.lease_owner  # a new pool process took it over
    assert took < LEASE + 10, took
