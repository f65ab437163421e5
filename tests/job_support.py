"""Test support for kinds of background job: the machine of campaigns/claimable.py checked
through a real user of it (the plan PDF export, the battle report). Each check takes the
user's own queued Job row and a `done` callable (the user's artefact is made, e.g. the
PDF stored), and asserts every field the machine moves, exactly.

A transient failure is made where a real one would come from: the storage the handler
writes its PDF to (outside the handler's own render error handling)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from campaigns import claimable, jobs
from campaigns.models import Job
from campaigns.tenancy import tenant_context

GAVE_UP_ZH = "已尝试 3 次，放弃执行：storage busy"  # the organization's language (zh-hans)
WORKER_LOST_ZH = "执行此任务时工作进程已停止，任务已放弃。"


@pytest.fixture
def sent_jobs(monkeypatch):
    """(organization_id, job_id, countdown) of every run_job message sent to the queue."""
    from campaigns import tasks

    sent = []

    def apply_async(args, countdown=None):
        sent.append((*args, countdown))

    monkeypatch.setattr(tasks.run_job, "apply_async", apply_async)
    return sent


@pytest.fixture
def busy_storage(monkeypatch):
    """Storage answers "busy" (a TransientJobError) to the next `n` saves."""
    original = FileSystemStorage.save
    left = [0]

    def save(self, *args, **kwargs):
        if left[0]:
            left[0] -= 1
            raise jobs.TransientJobError("storage busy")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", save)

    def fail_next(n):
        left[0] = n

    return fail_next


def job_user(request, org, job, *, done, nothing_made):
    """Describe a user of the machine for the checks: its organization, its queued Job
    row, `done()` (asserts the artefact is made) and `nothing_made()`. The test module
    imports the fixtures `sent_jobs` and `busy_storage`."""
    return SimpleNamespace(
        org=org,
        job=job,
        done=done,
        nothing_made=nothing_made,
        sent=request.getfixturevalue("sent_jobs"),
        busy_storage=request.getfixturevalue("busy_storage"),
        settings=request.getfixturevalue("settings"),
        capture=request.getfixturevalue("django_capture_on_commit_callbacks"),
    )


def reload(org, job):
    with tenant_context(org):
        return Job.objects.get(pk=job.pk)


def _state(job):
    return (job.status, job.attempts, job.error, job.result is None, job.finished_at is None)


def _run(u, job):
    """One delivery of the job's message; what it sends to the queue is sent on commit."""
    with u.capture(execute=True):
        jobs.job_run(organization_id=u.org.pk, job_id=job.pk)
    return reload(u.org, job)


def _make_due(org, job):
    with tenant_context(org):
        Job.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())


def check_claimed_once(u):
    """Two deliveries of one message: one run (attempts 1), the other does nothing."""
    job = u.job
    first = _run(u, job)
    second = _run(u, job)
    assert _state(first) == ("done", 1, "", False, False)
    assert (second.status, second.attempts, second.result, second.finished_at) == (
        "done",
        1,
        first.result,
        first.finished_at,
    )
    assert first.started_at is not None and u.sent == []
    u.done()


def check_retry_then_done(u):
    """A transient failure: queued again after the backoff (10-15 s), sent for then; an
    early message does nothing; once due, the next attempt finishes it."""
    org, job, sent_jobs = u.org, u.job, u.sent
    u.settings.CELERY_TASK_ALWAYS_EAGER = False
    u.busy_storage(1)
    before = timezone.now()
    job = _run(u, job)
    assert _state(job) == ("queued", 1, "storage busy", True, True)
    wait = (job.next_attempt_at - before).total_seconds()
    assert 10 <= wait <= 15 + 1
    [(org_id, job_id, countdown)] = sent_jobs
    assert (org_id, job_id) == (org.pk, job.pk) and 10 <= countdown <= 15
    early = _run(u, job)
    assert _state(early) == _state(job) and early.next_attempt_at == job.next_attempt_at
    assert len(sent_jobs) == 2 and 0 < sent_jobs[1][2] <= 15  # "come back when due"
    _make_due(org, job)
    job = _run(u, job)
    assert _state(job) == ("done", 2, "", False, False)
    assert len(sent_jobs) == 2
    u.done()


def check_give_up(u):
    """Transient failures until max_attempts (3 for these kinds): failed, "gave up after
    3 attempts: ...", nothing sent again, nothing made."""
    org, job, sent_jobs = u.org, u.job, u.sent
    u.settings.CELERY_TASK_ALWAYS_EAGER = False
    u.busy_storage(3)
    for _ in range(3):
        _make_due(org, job)
        job = _run(u, job)
    assert job.max_attempts == 3
    assert _state(job) == ("failed", 3, GAVE_UP_ZH, True, False)
    assert len(sent_jobs) == 2  # after attempts 1 and 2 only
    u.nothing_made()


def check_swept(u):
    """A killed worker: the row stays "running" and its lease is no longer renewed; once
    the lease has expired the one sweeper puts it back and sends it (it then runs to done,
    attempts 2); with no attempts left it is failed instead."""
    org, job, sent_jobs = u.org, u.job, u.sent
    expired = timezone.now() - timedelta(seconds=1)
    long_ago = timezone.now() - timedelta(hours=1)
    with tenant_context(org):
        rows = Job.objects.filter(pk=job.pk)
        rows.update(
            status="running",
            attempts=1,
            started_at=long_ago,
            updated_at=long_ago,
            lease_owner="killed-worker:1",
            lease_expires_at=expired,
        )
    with u.capture(execute=True):
        assert claimable.sweep_stale() == {"requeued": 1, "given_up": 0}
    assert sent_jobs == [(org.pk, job.pk, None)]
    swept = reload(org, job)
    assert (swept.status, swept.attempts, swept.next_attempt_at, swept.error) == (
        "queued",
        1,
        None,
        "",
    )
    assert _state(_run(u, job)) == ("done", 2, "", False, False)
    u.done()
    with tenant_context(org):
        rows.update(status="running", attempts=3, lease_expires_at=expired, result=None)
        rows.update(finished_at=None)
    with u.capture(execute=True):
        assert claimable.sweep_stale() == {"requeued": 0, "given_up": 1}
    assert _state(reload(org, job)) == ("failed", 3, WORKER_LOST_ZH, True, False)
    assert len(sent_jobs) == 1


def check_lost_message_resent(u):
    """A queued row untouched for JOB_STALE_AFTER_SECONDS is sent again, once."""
    org, job, sent_jobs = u.org, u.job, u.sent
    later = timezone.now() + timedelta(minutes=10)
    with u.capture(execute=True):
        assert claimable.sweep_stale(now=later) == {"requeued": 1, "given_up": 0}
        assert claimable.sweep_stale(now=later) == {"requeued": 0, "given_up": 0}
    assert sent_jobs == [(org.pk, job.pk, None)]
    swept = reload(org, job)
    assert (swept.status, swept.attempts, swept.updated_at) == ("queued", 0, later)


CHECKS = [
    check_claimed_once,
    check_retry_then_done,
    check_give_up,
    check_swept,
    check_lost_message_resent,
]
