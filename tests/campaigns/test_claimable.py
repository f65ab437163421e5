"""The one job machine (campaigns/claimable.py), on its own: claim (one row, a batch),
retry with backoff, give up, finish only while the claim is held, the one sweeper, and
the one beat entry. Rows are Job rows under a test spec whose queue is a list; the users
(plan PDF export, battle report, SMS) run the same checks through their own code."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.utils import timezone

from campaigns import claimable, jobs
from campaigns.models import Job
from campaigns.sms import sending
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from tests.factories import JobFactory, OrganizationFactory

SENT = []
SPEC = claimable.ClaimableSpec(
    name="test",
    model=Job,
    queued="queued",
    claimed="running",
    failed="failed",
    dispatch=lambda organization_id, pk, countdown: SENT.append((organization_id, pk, countdown)),
    worker_lost="lost",
    gave_up="gave up after %(n)d: %(error)s",
)
FIELDS = ("status", "attempts", "error", "next_attempt_at", "result", "started_at", "finished_at")


@pytest.fixture
def org(db):
    SENT.clear()
    return OrganizationFactory()


def _row(org, job):
    with tenant_context(org):
        return Job.objects.get(pk=job.pk)


def _fields(row):
    return {name: getattr(row, name) for name in FIELDS}


def _claimed(org, **kwargs):
    job = JobFactory(organization=org, **kwargs)
    return claimable.claim(SPEC, org, job.pk)


def test_backoff_grows_and_is_capped():
    assert 10 <= claimable.backoff_seconds(1) <= 15
    assert 20 <= claimable.backoff_seconds(2) <= 30
    assert 600 <= claimable.backoff_seconds(30) <= 900


def test_one_claim_wins(org, settings, django_capture_on_commit_callbacks):
    settings.JOB_LEASE_SECONDS = 60
    job = JobFactory(organization=org)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        won = claimable.claim(SPEC, org, job.pk)
        lost = claimable.claim(SPEC, org, job.pk)
    assert (won.status, won.attempts, lost) == ("running", 1, None)
    stored = _row(org, job)
    assert _fields(stored) == {**_fields(job), "status": "running", "attempts": 1}
    assert stored.updated_at > job.updated_at
    assert (stored.lease_owner, won.lease_owner) == (claimable.worker_id(),) * 2
    assert 60 <= (stored.lease_expires_at - before).total_seconds() <= 61
    assert stored.lease_expires_at == won.lease_expires_at
    # The second delivery comes back when the lease ends (a redelivery after a killed
    # worker then takes the row over; a live worker will have renewed it).
    [(org_id, pk, countdown)] = SENT
    assert (org_id, pk) == (org.pk, job.pk) and 60 <= countdown <= 61


def _expire_lease(org, row, seconds_ago=1):
    with tenant_context(org):
        Job.objects.filter(pk=row.pk).update(
            lease_expires_at=timezone.now() - timedelta(seconds=seconds_ago)
        )


def test_a_redelivery_takes_over_a_row_whose_lease_expired(org, django_capture_on_commit_callbacks):
    first = _claimed(org, max_attempts=3)
    with tenant_context(org):
        Job.objects.filter(pk=first.pk).update(lease_owner="dead-host:1")
    _expire_lease(org, first)
    with django_capture_on_commit_callbacks(execute=True):
        second = claimable.claim(SPEC, org, first.pk)
        third = claimable.claim(SPEC, org, first.pk)  # a second redelivery: the new lease is live
    assert (second.status, second.attempts, second.lease_owner) == (
        "running",
        2,
        claimable.worker_id(),
    )
    assert third is None and [(o, p) for o, p, _ in SENT] == [(org.pk, first.pk)]
    stored = _row(org, first)
    assert (stored.status, stored.attempts, stored.lease_owner) == (
        "running",
        2,
        claimable.worker_id(),
    )
    assert stored.lease_expires_at > timezone.now()
    # The run that lost its lease no longer holds the claim: it cannot record an outcome.
    assert claimable.finish(SPEC, org, first, status="done", result={"old": 1}) is False
    assert claimable.finish(SPEC, org, second, status="done", result={"new": 1}) is True
    assert (_row(org, first).status, _row(org, first).result) == ("done", {"new": 1})


def test_a_live_lease_is_not_taken_over(org, django_capture_on_commit_callbacks):
    row = _claimed(org)
    before = _row(org, row)
    with django_capture_on_commit_callbacks(execute=True):
        assert claimable.claim(SPEC, org, row.pk) is None
        assert claimable.claim_batch(SPEC, org, [row.pk]) == []
        assert claimable.sweep_stale(specs=[SPEC]) == {"requeued": 0, "given_up": 0}
    after = _row(org, row)
    assert (_fields(after), after.lease_expires_at, after.lease_owner) == (
        _fields(before),
        before.lease_expires_at,
        before.lease_owner,
    )
    assert [(o, p) for o, p, _ in SENT] == [(org.pk, row.pk)] * 2  # each: when it ends


def test_a_row_that_kills_its_workers_fails_after_its_attempts(
    org, django_capture_on_commit_callbacks
):
    """Each claim counts an attempt; a worker killed on every one leaves the lease to
    expire; the taker after the last attempt fails it visibly instead of running it."""
    job = JobFactory(organization=org, max_attempts=3)
    for attempt in (1, 2, 3):
        claimed = claimable.claim(SPEC, org, job.pk)
        assert (claimed.status, claimed.attempts) == ("running", attempt)
        _expire_lease(org, job)  # the worker is killed: no one renews the lease
    with django_capture_on_commit_callbacks(execute=True):
        assert claimable.claim(SPEC, org, job.pk) is None
    stored = _row(org, job)
    assert (stored.status, stored.attempts, stored.error, SENT) == ("failed", 3, "lost", [])
    assert stored.lease_expires_at is None
    batch = JobFactory(organization=org, status="running", attempts=3, max_attempts=3)
    assert claimable.claim_batch(SPEC, org, [batch.pk]) == []  # no lease: renewed by no one
    assert (_row(org, batch).status, _row(org, batch).error) == ("failed", "lost")


def test_a_batch_takes_over_rows_whose_lease_expired(org, django_capture_on_commit_callbacks):
    rows = claimable.claim_batch(SPEC, org, [JobFactory(organization=org).pk for _ in range(3)])
    _expire_lease(org, rows[0])
    with django_capture_on_commit_callbacks(execute=True):
        taken = claimable.claim_batch(SPEC, org, [r.pk for r in rows])
    assert [(r.pk, r.attempts) for r in taken] == [(rows[0].pk, 2)]
    assert sorted(p for _, p, _ in SENT) == sorted(r.pk for r in rows[1:])  # live leases


def test_renewing_extends_only_a_lease_still_held(org, settings):
    settings.JOB_LEASE_SECONDS = 60
    row, other = _claimed(org), _claimed(org)
    _expire_lease(org, row, seconds_ago=5)
    stale = Job(pk=other.pk, attempts=other.attempts - 1)  # an older claim of that row
    before = timezone.now()
    assert claimable.renew(SPEC, org, [row, stale]) == 1
    assert 60 <= (_row(org, row).lease_expires_at - before).total_seconds() <= 61
    assert _row(org, other).lease_expires_at == other.lease_expires_at
    with tenant_context(org):
        Job.objects.filter(pk=row.pk).update(status="done")
    assert claimable.renew(SPEC, org, [row]) == 0


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_the_block_runs(settings):
    """A thread renews the lease every third of JOB_LEASE_SECONDS while the run lasts, so
    a run longer than the lease keeps its row; it stops with the block."""
    import time

    settings.JOB_LEASE_SECONDS = 0.6
    org = OrganizationFactory()
    row = claimable.claim(SPEC, org, JobFactory(organization=org).pk)
    first = row.lease_expires_at
    with claimable.lease_kept(SPEC, org, [row]):
        time.sleep(1.5)  # longer than the lease
        renewed = _row(org, row).lease_expires_at
        assert renewed > first + timedelta(seconds=0.6)
        assert renewed > timezone.now()
    time.sleep(0.5)
    assert _row(org, row).lease_expires_at <= timezone.now() + timedelta(seconds=0.6)
    last = _row(org, row).lease_expires_at
    time.sleep(0.5)
    assert _row(org, row).lease_expires_at == last  # no renewal after the block


def test_no_heartbeat_inside_a_callers_transaction(org):
    import threading

    row = _claimed(org)
    with claimable.lease_kept(SPEC, org, [row]):
        assert not [t for t in threading.enumerate() if t.name.startswith("lease-")]


def test_no_claim_across_organizations_or_of_a_missing_row(org):
    other = JobFactory(organization=OrganizationFactory())
    assert claimable.claim(SPEC, org, other.pk) is None
    assert claimable.claim(SPEC, org, other.pk + 1000) is None
    assert (_row(other.organization, other).status, SENT) == ("queued", [])


def test_an_early_message_claims_nothing_and_comes_back_when_due(
    org, django_capture_on_commit_callbacks
):
    due = timezone.now() + timedelta(seconds=30)
    job = JobFactory(organization=org, attempts=1, next_attempt_at=due)
    with django_capture_on_commit_callbacks(execute=True):
        assert claimable.claim(SPEC, org, job.pk) is None
    [(org_id, pk, countdown)] = SENT
    assert (org_id, pk) == (org.pk, job.pk) and 28 < countdown <= 30
    assert _fields(_row(org, job)) == _fields(job)


def test_a_batch_is_claimed_by_one_update(org, django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(seconds=60)
    due = [JobFactory(organization=org) for _ in range(3)]
    early = JobFactory(organization=org, next_attempt_at=later)
    done = JobFactory(organization=org, status="done", attempts=1)
    foreign = JobFactory(organization=OrganizationFactory())
    pks = [j.pk for j in (*due, early, done, foreign)]
    with django_capture_on_commit_callbacks(execute=True):
        claimed = claimable.claim_batch(SPEC, org, pks)
        again = claimable.claim_batch(SPEC, org, pks)
    assert sorted(j.pk for j in claimed) == [j.pk for j in due] and again == []
    assert [(j.status, j.attempts) for j in claimed] == [("running", 1)] * 3
    # Each call sends the early row again for when it is due; the second also the rows it
    # found under a live lease, for when their lease ends.
    assert sorted((o, p) for o, p, _ in SENT) == sorted(
        [(org.pk, early.pk)] * 2 + [(org.pk, j.pk) for j in due]
    )
    assert all(60 <= countdown <= 61 for _, p, countdown in SENT if p != early.pk)
    for job in (early, done):
        assert _fields(_row(org, job)) == _fields(job)
    assert _row(foreign.organization, foreign).status == "queued"


def test_finish_only_while_the_claim_is_held(org):
    row = _claimed(org)
    stale = Job(pk=row.pk, attempts=row.attempts - 1)  # an older claim of the same row
    assert claimable.finish(SPEC, org, stale, status="done", result={"x": 1}) is False
    assert _fields(_row(org, row)) == _fields(row)
    assert claimable.finish(SPEC, org, row, status="done", result={"x": 2}) is True
    assert _fields(_row(org, row)) == {**_fields(row), "status": "done", "result": {"x": 2}}
    assert claimable.finish(SPEC, org, row, status="failed") is False  # no longer claimed
    assert _row(org, row).status == "done"


def test_finish_batch_records_only_the_claims_still_held(org):
    rows = claimable.claim_batch(SPEC, org, [JobFactory(organization=org).pk for _ in range(3)])
    with tenant_context(org):  # the sweeper took the last one back meanwhile
        Job.objects.filter(pk=rows[2].pk).update(status="queued")
    outcomes = {r.pk: {"status": "done", "result": {"n": i}} for i, r in enumerate(rows)}
    held = claimable.finish_batch(SPEC, org, rows, outcomes)
    assert sorted(r.pk for r in held) == sorted(r.pk for r in rows[:2])
    assert [(_row(org, r).status, _row(org, r).result) for r in rows] == [
        ("done", {"n": 0}),
        ("done", {"n": 1}),
        ("queued", None),
    ]
    assert claimable.finish_batch(SPEC, org, rows, {}) == []


def test_a_transient_failure_goes_back_to_queued_after_the_backoff(
    org, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    row = _claimed(org, max_attempts=3)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        claimable.retry_or_give_up(SPEC, org, row, "busy", result={"partial": True})
    stored = _row(org, row)
    [(org_id, pk, countdown)] = SENT
    assert (org_id, pk) == (org.pk, row.pk) and 10 <= countdown <= 15
    assert 10 <= (stored.next_attempt_at - before).total_seconds() <= 15.5
    expected = {**_fields(row), "status": "queued", "error": "busy", "result": {"partial": True}}
    assert _fields(stored) == {**expected, "next_attempt_at": stored.next_attempt_at}


def test_in_process_a_retry_is_due_at_once(org, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    row = _claimed(org)
    with django_capture_on_commit_callbacks(execute=True):
        claimable.retry_or_give_up(SPEC, org, row, "busy")
    assert [(org.pk, row.pk, 0)] == SENT
    assert (_row(org, row).next_attempt_at - timezone.now()).total_seconds() <= 0


def test_max_attempts_used_up_gives_up(org, django_capture_on_commit_callbacks):
    row = _claimed(org, attempts=2, max_attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        claimable.retry_or_give_up(SPEC, org, row, "busy", result={"last": 1})
    assert SENT == []
    assert _fields(_row(org, row)) == {
        **_fields(row),
        "status": "failed",
        "error": "gave up after 3: busy",
        "result": {"last": 1},
    }


def test_a_retry_after_the_claim_was_lost_changes_nothing(
    org, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    row = _claimed(org)
    with tenant_context(org):
        Job.objects.filter(pk=row.pk).update(status="queued")
    before = _row(org, row)
    with django_capture_on_commit_callbacks(execute=True):
        claimable.retry_or_give_up(SPEC, org, row, "busy")
    assert (_fields(_row(org, row)), SENT) == (_fields(before), [])


def test_the_sweeper(org, django_capture_on_commit_callbacks):
    now = timezone.now()
    old, recent = now - timedelta(minutes=10), now - timedelta(minutes=2)
    rows = {
        "lost": dict(),
        "fresh": dict(),
        "retry_waiting": dict(attempts=1, next_attempt_at=now + timedelta(seconds=30)),
        "retry_long_due": dict(attempts=1, next_attempt_at=old),
        "abandoned": dict(status="running", attempts=1, lease_expires_at=now),
        "exhausted": dict(status="running", attempts=5, max_attempts=5, lease_expires_at=now),
        "running": dict(status="running", attempts=1, lease_expires_at=now + timedelta(seconds=5)),
        "done": dict(status="done", attempts=1),
    }
    rows = {name: JobFactory(organization=org, **kw) for name, kw in rows.items()}
    with tenant_context(org):
        for name, row in rows.items():
            touched = recent if name in ("fresh", "running") else old
            Job.objects.filter(pk=row.pk).update(updated_at=touched)
    before = {name: _row(org, row) for name, row in rows.items()}
    with django_capture_on_commit_callbacks(execute=True):
        assert claimable.sweep_stale(now=now + timedelta(seconds=1), specs=[SPEC]) == {
            "requeued": 3,
            "given_up": 1,
        }
        assert claimable.sweep_stale(now=now + timedelta(seconds=2), specs=[SPEC]) == {
            "requeued": 0,
            "given_up": 0,
        }
    names = ("lost", "retry_long_due", "abandoned")
    assert sorted(SENT) == sorted((org.pk, rows[n].pk, None) for n in names)
    after = {name: _row(org, row) for name, row in rows.items()}
    for name in ("fresh", "retry_waiting", "running", "done"):
        assert (_fields(after[name]), after[name].updated_at) == (
            _fields(before[name]),
            before[name].updated_at,
        )
    assert _fields(after["lost"]) == _fields(before["lost"])
    assert _fields(after["retry_long_due"]) == _fields(before["retry_long_due"])
    assert _fields(after["abandoned"]) == {**_fields(before["abandoned"]), "status": "queued"}
    assert (after["abandoned"].lease_owner, after["abandoned"].lease_expires_at) == ("", None)
    assert _fields(after["exhausted"]) == {
        **_fields(before["exhausted"]),
        "status": "failed",
        "error": "lost",
    }
    assert all(after[n].updated_at > now for n in (*names, "exhausted"))


def test_the_sweeper_takes_over_a_killed_worker_within_a_lease(org, settings):
    """Not 30 minutes: a running row is put back as soon as its lease has expired."""
    settings.JOB_LEASE_SECONDS = 60
    row = _claimed(org)
    soon = timezone.now() + timedelta(seconds=30)
    later = timezone.now() + timedelta(seconds=62)
    assert claimable.sweep_stale(now=soon, specs=[SPEC]) == {"requeued": 0, "given_up": 0}
    assert claimable.sweep_stale(now=later, specs=[SPEC]) == {"requeued": 1, "given_up": 0}
    assert (_row(org, row).status, _row(org, row).attempts) == ("queued", 1)


def test_the_sweeper_sweeps_every_kind_with_one_beat_entry(
    org, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from campaigns import tasks

    assert claimable.SPECS == {"job": jobs.JOB_ROWS, "sms": sending.SMS_ROWS}
    sweeps = {
        name: entry["task"]
        for name, entry in django_settings.CELERY_BEAT_SCHEDULE.items()
        if "sweep" in entry["task"]
    }
    assert sweeps == {"sweep-stale-jobs": "campaigns.tasks.sweep_stale_jobs"}
    assert "campaigns.tasks.sweep_stale_jobs" in celery_app.tasks
    assert "campaigns.sms.sweep_stale" not in celery_app.tasks
    sent = []
    for task in (tasks.run_job, tasks.deliver_sms):
        monkeypatch.setattr(
            task, "apply_async", lambda args, countdown=None, t=task: sent.append((t.name, *args))
        )
    job = JobFactory(organization=org)
    with django_capture_on_commit_callbacks(execute=False):
        message = sending.sms_send(organization=org, to="13812341234", body="x")
    later = timezone.now() + timedelta(minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stale_jobs() == {"requeued": 2, "given_up": 0, "imports_woken": 0}
    assert sorted(sent) == [
        ("campaigns.sms.deliver", org.pk, message.pk),
        ("campaigns.tasks.run_job", org.pk, job.pk),
    ]


def test_the_stored_sms_sweep_entry_is_removed(db):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks

    every_minute = IntervalSchedule.objects.create(every=60, period="seconds")
    for name, task in (
        ("sweep-stale-sms", "campaigns.sms.sweep_stale"),
        ("sweep-stale-jobs", "campaigns.tasks.sweep_stale_jobs"),
    ):
        PeriodicTask.objects.create(name=name, task=task, interval=every_minute)
    PeriodicTasks.objects.filter(ident=1).delete()
    migration = importlib.import_module("campaigns.migrations.0012_one_sweeper_beat_entry")
    migration.remove_sms_sweep_entry(apps, None)
    assert list(PeriodicTask.objects.values_list("name", "task")) == [
        ("sweep-stale-jobs", "campaigns.tasks.sweep_stale_jobs")
    ]
    assert PeriodicTasks.objects.filter(ident=1).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_takers_of_an_expired_lease_race_and_exactly_one_wins():
    """Real concurrency on PostgreSQL: for each of 10 rows whose worker was killed, eight
    threads with their own connections (redeliveries and sweeps alike) try to take it at
    the same moment; exactly one claim is made per row and attempts grows by one."""
    import threading

    from django.db import connection

    org = OrganizationFactory()
    rows = [
        JobFactory(organization=org, status="running", attempts=1, lease_owner="killed:1")
        for _ in range(10)
    ]
    for row in rows:
        _expire_lease(org, row)
    takers, wins = 8, []
    barrier = threading.Barrier(takers)

    def take(pks):
        try:
            barrier.wait()
            for pk in pks:
                row = claimable.claim(SPEC, org, pk)
                if row is not None:
                    wins.append((pk, row.attempts))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take, args=([r.pk for r in rows][:: 1 if i % 2 else -1],))
        for i in range(takers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == sorted((r.pk, 2) for r in rows)
    assert [(_row(org, r).status, _row(org, r).attempts) for r in rows] == [("running", 2)] * 10


def test_a_failed_enqueue_is_logged_marked_and_sent_by_the_sweeper(
    org, caplog, django_capture_on_commit_callbacks
):
    """The broker is down when the row's id is sent after the commit: no exception reaches
    the caller, the row stays queued with `enqueue_failed_at`, and the next sweep (the
    broker back) sends it at once, not JOB_STALE_AFTER_SECONDS later."""
    from kombu.exceptions import OperationalError

    def broker_down(organization_id, pk, countdown):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6391. Connection refused.")

    down = claimable.ClaimableSpec(**{**SPEC.__dict__, "dispatch": broker_down})
    job = JobFactory(organization=org)
    with django_capture_on_commit_callbacks(execute=True):
        claimable.dispatch_on_commit(down, job)
    stored = _row(org, job)
    assert (stored.status, stored.enqueue_failed_at is not None) == ("queued", True)
    assert "could not enqueue test" in caplog.text and "Connection refused" in caplog.text
    with django_capture_on_commit_callbacks(execute=True):
        assert claimable.sweep_stale(specs=[SPEC]) == {"requeued": 1, "given_up": 0}
        assert claimable.sweep_stale(specs=[SPEC]) == {"requeued": 0, "given_up": 0}
    assert [(org.pk, job.pk, None)] == SENT
    assert (_row(org, job).status, _row(org, job).enqueue_failed_at) == ("queued", None)
    claimed = claimable.claim(SPEC, org, job.pk)
    assert (claimed.status, claimed.enqueue_failed_at) == ("running", None)


def test_every_beat_entry_names_a_registered_task():
    """A beat entry whose task is not a Celery task is refused by the worker every time
    it fires ("Received unregistered task"): expire-uploads once was a plain function."""
    celery_app.loader.import_default_modules()  # the tasks modules, as a worker loads them
    missing = {
        name: entry["task"]
        for name, entry in django_settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] not in celery_app.tasks
    }
    assert missing == {}
