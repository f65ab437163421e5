"""Background jobs: the row is the job. Claimed once, retried with backoff, swept when
stale, and run by a real Celery worker against the real Redis when one is configured."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import claimable, jobs
from campaigns.models import Job
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from tests.factories import JobFactory, OrganizationFactory

CALLS = []


@jobs.job_handler("test.echo")
def _echo(job):
    CALLS.append(job.pk)
    return {"echo": job.payload.get("say")}


@jobs.job_handler("test.flaky")
def _flaky(job):
    raise jobs.TransientJobError("provider busy")


@jobs.job_handler("test.swept")
def _swept(job):
    """While this runs, the sweeper decides the worker is lost and re-queues the row."""
    import threading

    from django.db import connection

    from tests.factories import BranchFactory

    BranchFactory(organization=job.organization, name="written by the lost run")

    def sweeper():  # another process, with its own connection and transaction
        with tenant_context(job.organization):
            Job.objects.for_org(job.organization_id).filter(pk=job.pk).update(status="queued")
        connection.close()

    thread = threading.Thread(target=sweeper)
    thread.start()
    thread.join()
    return {"ok": True}


@jobs.job_handler("test.broken")
def _broken(job):
    raise ValueError("the template is missing a section")


IN_A_TRANSACTION = []


@jobs.job_handler("test.steps", own_transactions=True)
def _steps(job):
    """Two steps, each committed on its own; with payload "fail", a failure after them."""
    from django.db import connection

    from tests.factories import BranchFactory

    IN_A_TRANSACTION.append(connection.in_atomic_block)
    for n in range(2):
        with tenant_context(job.organization):
            assert jobs.job_claim_held(job)
            BranchFactory(organization=job.organization, name=f"{job.pk} step {n}")
    if job.payload.get("fail"):
        raise ValueError("stopped after two steps")
    return {"steps": 2}


@pytest.fixture
def org(db):
    return OrganizationFactory()


def _reload(org, job):
    with tenant_context(org):
        return Job.objects.get(pk=job.pk)


def test_enqueue_stores_a_queued_row_and_dispatches_after_commit(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.job_enqueue(organization=org, kind="test.echo", payload={"say": "hi"})
    assert len(callbacks) == 1
    job = _reload(org, job)
    assert (job.status, job.attempts, job.payload) == ("queued", 0, {"say": "hi"})


def test_run_marks_done_with_result(org):
    job = JobFactory(organization=org, payload={"say": "你好"})
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    job = _reload(org, job)
    assert (job.status, job.attempts, job.result, job.error) == ("done", 1, {"echo": "你好"}, "")
    assert job.finished_at is not None


def test_run_is_idempotent(org):
    job = JobFactory(organization=org)
    CALLS.clear()
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    assert [job.pk] == CALLS
    assert _reload(org, job).attempts == 1


def test_run_ignores_a_job_of_another_organization(org):
    other = OrganizationFactory()
    job = JobFactory(organization=other)
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    assert _reload(other, job).status == "queued"


def test_transient_failure_is_retried_with_backoff_then_given_up(
    org, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    job = JobFactory(organization=org, kind="test.flaky", max_attempts=2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        jobs.job_run(organization_id=org.pk, job_id=job.pk)
    job = _reload(org, job)
    assert (job.status, job.attempts, job.error) == ("queued", 1, "provider busy")
    assert job.next_attempt_at > timezone.now() + timedelta(seconds=9)
    assert len(callbacks) == 1
    # Too early: the message that arrives before next_attempt_at does nothing.
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    assert _reload(org, job).attempts == 1
    with tenant_context(org):
        Job.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    job = _reload(org, job)
    assert (job.status, job.attempts) == ("failed", 2)
    assert job.error == "已尝试 2 次，放弃执行：provider busy"  # the org's language


def test_permanent_failure_is_shown(org):
    job = JobFactory(organization=org, kind="test.broken")
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    job = _reload(org, job)
    assert (job.status, job.attempts, job.error) == (
        "failed",
        1,
        "the template is missing a section",
    )


def test_unknown_kind_fails_readably(org):
    job = JobFactory(organization=org, kind="no.such.kind")
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    job = _reload(org, job)
    assert job.status == "failed"
    assert "no.such.kind" in job.error


@pytest.fixture
def dispatched(monkeypatch):
    """The (organization_id, job_id) of every message sent to the queue."""
    from campaigns import tasks

    sent = []
    monkeypatch.setattr(
        tasks.run_job, "apply_async", lambda args, countdown=None: sent.append(tuple(args))
    )
    return sent


def test_sweeper_requeues_lost_and_abandoned_jobs(
    org, dispatched, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(hours=2)
    lost = JobFactory(organization=org)
    fresh = JobFactory(organization=org)
    abandoned = JobFactory(organization=org, status="running", attempts=1, started_at=long_ago)
    exhausted = JobFactory(
        organization=org, status="running", attempts=5, max_attempts=5, started_at=long_ago
    )
    waiting_retry = JobFactory(
        organization=org, attempts=1, next_attempt_at=timezone.now() + timedelta(seconds=30)
    )
    with tenant_context(org):
        Job.objects.filter(pk__in=[lost.pk, abandoned.pk, exhausted.pk, waiting_retry.pk]).update(
            updated_at=long_ago
        )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = claimable.sweep_stale()
    assert outcome == {"requeued": 2, "given_up": 1}
    assert sorted(dispatched) == sorted([(org.pk, lost.pk), (org.pk, abandoned.pk)])
    assert [_reload(org, j).status for j in (lost, fresh, abandoned, exhausted, waiting_retry)] == [
        "queued",
        "queued",
        "queued",
        "failed",
        "queued",
    ]
    assert _reload(org, exhausted).error != ""


def test_sweeping_twice_does_not_send_a_job_twice(
    org, dispatched, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(hours=2)
    retry = JobFactory(organization=org, attempts=1, next_attempt_at=long_ago)
    with tenant_context(org):
        Job.objects.filter(pk=retry.pk).update(updated_at=long_ago)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            claimable.sweep_stale()
    assert dispatched == [(org.pk, retry.pk)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_that_lost_its_claim_leaves_no_trace():
    from campaigns.models import Branch

    org = OrganizationFactory()
    job = JobFactory(organization=org, kind="test.swept")
    jobs.job_run(organization_id=org.pk, job_id=job.pk)
    job = _reload(org, job)
    assert (job.status, job.result) == ("queued", None)
    with tenant_context(org):
        assert not Branch.objects.filter(name="written by the lost run").exists()


@pytest.mark.django_db(transaction=True)
def test_a_handler_with_its_own_transactions_runs_outside_one_and_keeps_its_steps():
    from campaigns.models import Branch

    org = OrganizationFactory()
    IN_A_TRANSACTION.clear()
    done = JobFactory(organization=org, kind="test.steps")
    failed = JobFactory(organization=org, kind="test.steps", payload={"fail": True})
    for job in (done, failed):
        jobs.job_run(organization_id=org.pk, job_id=job.pk)
    assert IN_A_TRANSACTION == [False, False]
    done, failed = _reload(org, done), _reload(org, failed)
    assert (done.status, done.result) == ("done", {"steps": 2})
    assert (failed.status, failed.error) == ("failed", "stopped after two steps")
    with tenant_context(org):  # the failed run's steps were committed before it failed
        names = set(Branch.objects.for_org(org).values_list("name", flat=True))
    assert {f"{job.pk} step {n}" for job in (done, failed) for n in range(2)} <= names


def test_the_claim_is_held_until_the_sweeper_takes_it_back(org):
    job = JobFactory(organization=org, kind="test.echo")
    claimed = claimable.claim(jobs.JOB_ROWS, org, job.pk)
    with tenant_context(org):
        assert jobs.job_claim_held(claimed)
        Job.objects.filter(pk=job.pk).update(status="queued")
        assert not jobs.job_claim_held(claimed)


def test_in_process_mode_runs_the_job_on_commit(org, django_capture_on_commit_callbacks):
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.job_enqueue(organization=org, kind="test.echo", payload={"say": "eager"})
    finally:
        celery_app.conf.task_always_eager = eager
    assert _reload(org, job).status == "done"


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_takes_a_job_from_queued_to_done():
    from celery.contrib.testing.worker import start_worker

    org = OrganizationFactory()
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        job = jobs.job_enqueue(organization=org, kind="test.echo", payload={"say": "redis"})
        deadline = time.monotonic() + 30
        while _reload(org, job).status != "done" and time.monotonic() < deadline:
            time.sleep(0.2)
    job = _reload(org, job)
    assert (job.status, job.attempts, job.result) == ("done", 1, {"echo": "redis"})


def test_every_kind_of_job_has_a_label():
    """The jobs page and the home name a job by its label, never by its key."""
    from campaigns.jobs import _HANDLERS, kind_label

    unnamed = [
        kind
        for kind, (handler, _own) in _HANDLERS.items()
        if kind_label(kind) == kind and not handler.__module__.startswith("tests.")
    ]
    assert unnamed == []
