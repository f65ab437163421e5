"""At most IMPORTS_PER_ORGANIZATION imports of an organization run at once (issue 17,
item 3): the others wait, queued and marked "waiting for another import of this
organization", without a message of their own (no busy loop), and start when one
finishes; another organization's imports and other kinds of job are not held up. With a
real prefork Celery worker on the real Redis and PostgreSQL; the claim rules themselves
in-process too (the slot lock, first come first served, the sweeper's wake-up)."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from campaigns import jobs, tasks
from campaigns.models import Job
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from tests.campaigns import import_slot_job
from tests.factories import OrganizationFactory

KIND = import_slot_job.KIND
WAITING = "Queued (waiting for another import of this organization)"


def _database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _worker(concurrency):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "IMPORTS_PER_ORGANIZATION": "2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        + [f"--concurrency={concurrency}", "-I", "tests.campaigns.import_slot_job"]
        + ["--loglevel=WARNING", "-n", f"slots-test-{os.getpid()}@%h"]
        + ["--without-gossip", "--without-mingle"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(worker):
    worker.terminate()
    try:
        worker.wait(20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _wait(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return None


def _rows(org, pks):
    with tenant_context(org):
        found = {job.pk: job for job in Job.objects.for_org(org).filter(pk__in=pks)}
    return [found[pk] for pk in pks]


@pytest.mark.broker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_three_imports_two_run_one_waits_visibly_then_runs(tmp_path, settings):
    settings.IMPORTS_PER_ORGANIZATION = 2
    org, other = OrganizationFactory(), OrganizationFactory()
    release = {n: str(tmp_path / f"release-{n}") for n in range(4)}
    celery_app.control.purge()
    worker = _worker(concurrency=4)  # room for 4 at once: only the cap holds the third
    try:
        made = [
            jobs.job_enqueue(organization=org, kind=KIND, payload={"release": release[n]})
            for n in range(3)
        ]
        pks = [job.pk for job in made]
        seen_running = []

        def two_run_one_waits():
            rows = _rows(org, pks)
            seen_running.append(sum(row.status == "running" for row in rows))
            statuses = [row.status for row in rows]
            marked = [row for row in rows if row.waiting_since is not None]
            return statuses.count("running") == 2 and len(marked) == 1 and rows

        rows = _wait(two_run_one_waits, 90)
        assert rows, [row.__dict__ for row in _rows(org, pks)]
        waiting = next(row for row in rows if row.status == "queued")
        assert waiting.waiting_since is not None  # (which one: the order of the deliveries)
        with translation.override("en"):
            assert str(waiting.state_label) == WAITING
        # another organization's import runs at once; it is not held by this one's
        theirs = jobs.job_enqueue(organization=other, kind=KIND, payload={"release": release[3]})
        assert _wait(lambda: _rows(other, [theirs.pk])[0].status == "running", 30)
        # no busy loop: nothing touches the waiting row while the slots stay taken
        time.sleep(2)
        again = _rows(org, [waiting.pk])[0]
        assert (again.status, again.updated_at, again.attempts) == (
            "queued",
            waiting.updated_at,
            0,
        )
        assert max(seen_running) <= 2
        # one finishes: the waiting one starts, and the cap still holds
        first = next(row for row in rows if row.status == "running")
        open(release[pks.index(first.pk)], "w").close()
        started = _wait(lambda: _rows(org, [waiting.pk])[0].status == "running", 30)
        assert started, _rows(org, pks)
        statuses = [row.status for row in _rows(org, pks)]
        assert statuses.count("running") == 2 and statuses.count("done") == 1
        assert _rows(org, [waiting.pk])[0].waiting_since is None
        for path in release.values():
            open(path, "w").close()
        assert _wait(lambda: all(row.status == "done" for row in _rows(org, pks)), 60)
    finally:
        _stop(worker)
    done = _rows(org, pks)
    assert [row.result["released"] for row in done] == [True, True, True]
    assert [row.attempts for row in done] == [1, 1, 1]


# -- the claim rules, in-process -------------------------------------------------------------

# claimed by a live worker (its lease renewed)
RUNNING = {
    "status": "running",
    "attempts": 1,
    "lease_owner": "elsewhere:1",
    "lease_expires_at": timezone.now() + timedelta(hours=1),
}


@pytest.mark.django_db
def test_a_queued_import_waits_while_the_slots_are_taken_and_is_woken_by_a_finish(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.IMPORTS_PER_ORGANIZATION = 1
    org = OrganizationFactory()
    sent = []
    monkeypatch.setattr(
        tasks.run_job, "apply_async", lambda args, countdown=None: sent.append(args[1])
    )
    first = jobs.job_enqueue(organization=org, kind=KIND, payload={})
    second = jobs.job_enqueue(organization=org, kind=KIND, payload={})
    with tenant_context(org):
        Job.objects.filter(pk=first.pk).update(**RUNNING)
    assert jobs._claim_import_slot(org, second.pk) is None
    with tenant_context(org):
        row = Job.objects.get(pk=second.pk)
    assert (row.status, row.attempts) == ("queued", 0) and row.waiting_since is not None
    # a newer import queues behind the waiting one, even once a slot is free
    third = jobs.job_enqueue(organization=org, kind=KIND, payload={})
    with tenant_context(org):
        Job.objects.filter(pk=first.pk).update(status="done")
    assert jobs._claim_import_slot(org, third.pk) is None
    # the finish wakes the oldest waiting one, as many as there are free slots (one)
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.wake_waiting_imports(org) == 1
    assert sent == [second.pk]
    claimed = jobs._claim_import_slot(org, second.pk)
    assert claimed is not None and claimed.waiting_since is None
    assert jobs._claim_import_slot(org, third.pk) is None  # the one slot is taken again


@pytest.mark.django_db
def test_the_sweeper_wakes_imports_whose_slot_it_freed(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    """A worker killed while finishing an import sends no wake-up: the sweeper's run
    (every minute) sends the waiting ones once a slot is free."""
    settings.IMPORTS_PER_ORGANIZATION = 1
    org = OrganizationFactory()
    sent = []
    monkeypatch.setattr(
        tasks.run_job, "apply_async", lambda args, countdown=None: sent.append(args[1])
    )
    waiting = jobs.job_enqueue(organization=org, kind=KIND, payload={})
    running = jobs.job_enqueue(organization=org, kind=KIND, payload={})
    with tenant_context(org):
        Job.objects.filter(pk=running.pk).update(**RUNNING)
    jobs._claim_import_slot(org, waiting.pk)
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stale_jobs()["imports_woken"] == 0  # the slot is still taken
    assert sent == []
    with tenant_context(org):
        Job.objects.filter(pk=running.pk).update(status="failed")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stale_jobs()["imports_woken"] == 1
    assert sent == [waiting.pk]


@pytest.mark.django_db
def test_other_kinds_of_job_take_no_import_slot(settings):
    settings.IMPORTS_PER_ORGANIZATION = 1
    org = OrganizationFactory()
    held = jobs.job_enqueue(organization=org, kind=KIND, payload={})
    with tenant_context(org):
        Job.objects.filter(pk=held.pk).update(**RUNNING)
    assert KIND in jobs.IMPORT_KINDS and "plan.export_pdf" not in jobs.IMPORT_KINDS
    assert "events.guests_import" in jobs.IMPORT_KINDS
    assert "contest.import_commit" in jobs.IMPORT_KINDS
