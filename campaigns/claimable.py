"""Claimable rows: the one job machine of the platform (docs/jobs.md).

A claimable row is a tenant-owned row that is its own job: `status`, `attempts`,
`max_attempts`, `next_attempt_at`, `error`, `updated_at`, and its lease (`lease_owner`,
`lease_expires_at`) and `enqueue_failed_at`. The queue only carries its id, sent after the
transaction commits. A `ClaimableSpec` describes one kind of row (the background `Job`,
the `SmsMessage`): its model, its queued / claimed / failed status values, how to send a
row's id to the queue and what the user reads when it gives up. Every transition is one
conditional update, so two workers (or a worker and the sweeper) never both move a row:

    queued ──claim──▶ claimed ──finish──▶ (done, sent, delivered, failed, ...)
      ▲                  │  ▲
      │                  │  └─ claim again once the lease expired (a killed worker)
      └─retry_or_give_up─┴──▶ failed ("Gave up after N attempts: ...")

- `claim` / `claim_batch`: queued and due, or claimed with an expired lease → claimed by
  this worker with a lease of JOB_LEASE_SECONDS, attempts + 1 (one conditional statement);
  a row whose lease expired with its attempts used up is failed instead (its worker died
  each time);
- `lease_kept`: while a worker runs a claimed row, a background thread renews its lease;
- `finish` / `finish_batch`: record the outcome only while the claim is still held (status
  is still "claimed" and attempts is what the claim made it);
- `retry_or_give_up`: back to queued after `backoff_seconds`, or failed at max_attempts;
- `dispatch_on_commit` / `enqueue_on_commit`: send ids to the queue after the commit; a
  broker that is down is logged and the row marked (`enqueue_failed_at`), never raised;
- `sweep_stale`: the one sweeper (one beat entry, `campaigns.tasks.sweep_stale_jobs`).

Call these with the organization: each runs in the organization's tenant context.
"""

import logging
import os
import random
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organization
from .tenancy import each_organization, tenant_context

logger = logging.getLogger(__name__)

GAVE_UP = _("Gave up after %(n)d attempts: %(error)s")


@dataclass(frozen=True)
class ClaimableSpec:
    """One kind of claimable row.

    - `dispatch(organization_id, pk, countdown)` sends one row's id to the queue (it is
      called after the commit, see `dispatch_on_commit`);
    - `worker_lost`: the error of a row failed because its lease expired with no attempts
      left (its worker died on every attempt); `gave_up`: the error after max_attempts
      transient failures (`%(n)d`, `%(error)s`); both lazy translations, read in the active
      language;
    - `claimed_at_field`: set to the time a claim started;
    - `finished_at_field`: set when an outcome is recorded or the row is given up (or None).

    The model has the fields `lease_owner`, `lease_expires_at` and `enqueue_failed_at`.
    """

    name: str
    model: type
    queued: str
    claimed: str
    failed: str
    dispatch: object
    worker_lost: str
    gave_up: str = GAVE_UP
    claimed_at_field: str = "updated_at"
    finished_at_field: str | None = None


SPECS = {}


def register(spec):
    """Make the sweeper sweep rows of this kind (once per name). Returns the spec."""
    SPECS[spec.name] = spec
    return spec


def dispatch_on_commit(spec, row, countdown=None):
    """Send the row's id to the queue once the current transaction commits (at once when
    there is none): a worker never looks for a row that is not there yet. A broker that
    is down does not fail the caller (see `enqueue_on_commit`)."""
    organization_id, pk = row.organization_id, row.pk
    enqueue_on_commit(
        spec, organization_id, [pk], lambda: spec.dispatch(organization_id, pk, countdown)
    )


def enqueue_on_commit(spec, organization_id, pks, send):
    """Call `send()` (which puts these rows' ids on the queue) once the current transaction
    commits. The write has committed by then, so a failure to enqueue (the broker is down
    or unreachable: kombu's OperationalError, a refused or timed-out connection, ...) must
    not turn it into an error: it is logged, the rows that are still queued are marked
    `enqueue_failed_at`, and the sweeper sends them once the broker is back."""
    transaction.on_commit(lambda: _send_or_mark(spec, organization_id, list(pks), send))


def _send_or_mark(spec, organization_id, pks, send):
    try:
        send()
    except Exception:  # any failure of the queue: the row is the job, the sweeper resends
        logger.exception(
            "could not enqueue %s %s of organization %s; the sweeper will send it",
            spec.name,
            pks,
            organization_id,
        )
        try:
            with tenant_context(Organization(pk=organization_id)):
                spec.model.objects.for_org(organization_id).filter(
                    pk__in=pks, status=spec.queued
                ).update(enqueue_failed_at=timezone.now())
        except Exception:  # the database too: the stale-row rule of the sweeper remains
            logger.exception("could not mark %s %s as not enqueued", spec.name, pks)


def backoff_seconds(attempts):
    """Exponential backoff with jitter: about 10s, 20s, 40s, ... capped at 10 minutes."""
    base = min(600, 10 * 2 ** max(0, attempts - 1))
    return base + random.uniform(0, base / 2)  # noqa: S311 - jitter, not security


def _due(now):
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _lease_expired(now):
    # A claimed row with no lease is renewed by no one (claimed before leases existed).
    return Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)


def worker_id():
    """This worker process: host and process id (a prefork child has its own)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def lease_seconds():
    return settings.JOB_LEASE_SECONDS


def _claim_fields(spec, now, attempts):
    return {
        "status": spec.claimed,
        "attempts": attempts,
        "updated_at": now,
        spec.claimed_at_field: now,
        "lease_owner": worker_id(),
        "lease_expires_at": now + timedelta(seconds=lease_seconds()),
        "enqueue_failed_at": None,
    }


def _takeable(spec, now):
    """Queued and due, or claimed by a worker whose lease expired with attempts left."""
    return (Q(status=spec.queued) & _due(now)) | (
        Q(status=spec.claimed) & _lease_expired(now) & Q(attempts__lt=F("max_attempts"))
    )


def _lease_expired_with_no_attempts_left(spec, rows, now):
    """Fail the rows whose lease expired with every attempt used: their worker died on
    each one (a job that kills its worker). Conditional on the lease still being expired.
    Returns how many."""
    lost = rows.filter(status=spec.claimed, attempts__gte=F("max_attempts")).filter(
        _lease_expired(now)
    )
    return lost.update(
        status=spec.failed,
        updated_at=now,
        error=str(spec.worker_lost),
        lease_expires_at=None,
        **_finished(spec, now),
    )


def claim(spec, organization, pk):
    """Claim one row: one conditional update (queued and due, or claimed with an expired
    lease → claimed by this worker with a fresh lease, attempts + 1), so of two deliveries
    of the same queue message, or of a redelivery and the sweeper, one wins. Returns the
    claimed row, or None (a duplicate or late message, another organization's id, a
    missing row). A message that arrives too early is sent again for later: for when a
    queued row is due, or for when a running row's lease ends (a redelivery after its
    worker was killed: the lease then expires, unless the worker was alive and renewed
    it). A row whose lease expired with no attempts left is failed ("worker lost")."""
    now = timezone.now()
    with tenant_context(organization):
        rows = spec.model.objects.for_org(organization)
        row = rows.filter(pk=pk).first()
        if row is None:
            return None
        fields = _claim_fields(spec, now, row.attempts + 1)
        if rows.filter(_takeable(spec, now), pk=pk, attempts=row.attempts).update(**fields):
            for name, value in fields.items():
                setattr(row, name, value)
            return row
        if _lease_expired_with_no_attempts_left(spec, rows.filter(pk=pk), now):
            return None
        row = rows.filter(pk=pk).first()
    _come_back_later(spec, [row], now)
    return None


def _come_back_later(spec, rows, now):
    for row in rows:
        if row.status == spec.queued and row.next_attempt_at and row.next_attempt_at > now:
            dispatch_on_commit(spec, row, countdown=(row.next_attempt_at - now).total_seconds())
        elif row.status == spec.claimed and row.lease_expires_at and row.lease_expires_at >= now:
            wait = (row.lease_expires_at - now).total_seconds() + 1
            dispatch_on_commit(spec, row, countdown=wait)


def claim_batch(spec, organization, pks):
    """Claim the takeable rows among `pks` (as `claim`) with one conditional update (a
    duplicate delivery claims none). Returns the rows this call claimed (they carry its
    claim time and this worker's lease); rows not yet due, or held under a live lease,
    are sent again, one by one, for when they may be taken."""
    now = timezone.now()
    with tenant_context(organization):
        rows = spec.model.objects.for_org(organization)
        _lease_expired_with_no_attempts_left(spec, rows.filter(pk__in=pks), now)
        fields = _claim_fields(spec, now, F("attempts") + 1)
        rows.filter(_takeable(spec, now), pk__in=pks).update(**fields)
        claimed = list(
            rows.filter(
                pk__in=pks, status=spec.claimed, updated_at=now, lease_owner=fields["lease_owner"]
            )
        )
        others = list(rows.filter(pk__in=pks).exclude(pk__in=[row.pk for row in claimed]))
    _come_back_later(spec, others, now)
    return claimed


def renew(spec, organization, rows):
    """Extend the lease of `rows` whose claim is still held (status claimed and the
    attempts each claim made) to JOB_LEASE_SECONDS from now. Returns how many."""
    if not rows:
        return 0
    now = timezone.now()
    held = reduce(or_, (Q(pk=row.pk, attempts=row.attempts) for row in rows))
    with tenant_context(organization):
        return (
            spec.model.objects.for_org(organization)
            .filter(held, status=spec.claimed)
            .update(lease_expires_at=now + timedelta(seconds=lease_seconds()))
        )


@contextmanager
def lease_kept(spec, organization, rows):
    """Run the block while a background thread renews the lease of the claimed `rows`
    every third of JOB_LEASE_SECONDS. The thread dies with the process: a killed worker
    stops renewing, and its rows may be taken over once the lease expires. (A thread,
    rather than renewing between steps, because one step may be long: a PDF rendered, a
    batch of SMS sent over HTTP.) It stops renewing once every claim is lost.

    Inside a caller's open transaction (tests, a job run from another's block) the claim
    is not committed yet, so another connection cannot renew it: no thread then."""
    rows = [row for row in rows if row is not None]
    if not rows or connection.in_atomic_block:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(
        target=_keep_renewing,
        args=(spec, organization, rows, stop),
        name=f"lease-{spec.name}",
        daemon=True,
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _keep_renewing(spec, organization, rows, stop):
    used_db = False
    try:
        while not stop.wait(lease_seconds() / 3):
            used_db = True
            try:
                if not renew(spec, organization, rows):
                    return  # the claims were lost: the run finds out at its next check
            except Exception:  # a database hiccup: try again at the next beat
                logger.exception("could not renew the lease of %s %s", spec.name, rows)
    finally:
        if used_db:
            connections.close_all()  # this thread's connections only


def still_claimed(spec, organization, row):
    """The row as a one-row queryset, only while `row`'s claim is held (status claimed and
    the attempts its claim made): the sweeper may have put it back or failed it."""
    return spec.model.objects.for_org(organization).filter(
        pk=row.pk, status=spec.claimed, attempts=row.attempts
    )


def _finished(spec, now):
    return {spec.finished_at_field: now} if spec.finished_at_field else {}


def finish(spec, organization, row, **fields):
    """Record the outcome (`status=...` and the kind's own fields), only if the claim is
    still held. Returns whether it was. Inside an open transaction, the caller's writes and
    this mark commit together (raise to roll them back when it returns False)."""
    now = timezone.now()
    with tenant_context(organization):
        held = still_claimed(spec, organization, row)
        return bool(held.update(updated_at=now, **_finished(spec, now), **fields))


def finish_batch(spec, organization, claimed, outcomes):
    """Record many outcomes (`outcomes`: pk → fields) with one locked read and one bulk
    update, for the rows among `claimed` whose claim is still held. Returns them."""
    if not outcomes:
        return []
    attempts = {row.pk: row.attempts for row in claimed}
    with tenant_context(organization):
        locked = spec.model.objects.for_org(organization).select_for_update()
        held = [
            row
            for row in locked.filter(pk__in=list(outcomes), status=spec.claimed)
            if row.attempts == attempts.get(row.pk)
        ]
        now = timezone.now()
        names = {"updated_at", *_finished(spec, now)}
        for row in held:
            for name, value in {**outcomes[row.pk], **_finished(spec, now)}.items():
                setattr(row, name, value)
                names.add(name)
            row.updated_at = now
        spec.model.objects.bulk_update(held, sorted(names))
    return held


def retry_or_give_up(spec, organization, row, error, **fields):
    """After a transient failure: back to queued with `error` and `next_attempt_at` after
    `backoff_seconds` (at once in-process, which has no timer), sent again for then; or,
    with max_attempts used up, failed with the kind's "gave up" message. `fields` (e.g. the
    provider's answer) are stored either way. Only while the claim is still held."""
    if row.attempts >= row.max_attempts:
        message = str(spec.gave_up) % {"n": row.attempts, "error": error}
        finish(spec, organization, row, status=spec.failed, error=message, **fields)
        return
    delay = 0 if settings.CELERY_TASK_ALWAYS_EAGER else backoff_seconds(row.attempts)
    now = timezone.now()
    with tenant_context(organization):
        if still_claimed(spec, organization, row).update(
            status=spec.queued,
            error=error,
            updated_at=now,
            next_attempt_at=now + timedelta(seconds=delay),
            **fields,
        ):
            dispatch_on_commit(spec, row, countdown=delay)


def sweep_stale(now=None, specs=None):
    """The one sweeper (Celery beat, every minute): for every organization and every kind
    of row (`specs`, default: all registered), send queued rows whose sending failed
    (`enqueue_failed_at`: the broker was down), re-enqueue queued rows untouched for
    JOB_STALE_AFTER_SECONDS whose retry time (if any) is that old too (a lost queue message,
    a broker restart), and put back claimed rows whose lease expired (a killed worker), or
    fail them when their attempts are used up. Every change is conditional on the row
    being as it was read, so a row that moves meanwhile is left alone. Returns how many
    rows were re-enqueued and how many given up."""
    now = now or timezone.now()
    specs = list(SPECS.values()) if specs is None else specs
    counts = {"requeued": 0, "given_up": 0}
    for organization in each_organization():
        for spec in specs:
            for key, n in _sweep(spec, organization, now).items():
                counts[key] += n
    return counts


def _sweep(spec, organization, now):
    stale_before = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    rows = spec.model.objects.for_org(organization)
    requeued = 0
    unsent = rows.filter(status=spec.queued, enqueue_failed_at__isnull=False)
    for row in unsent:
        if rows.filter(
            pk=row.pk, status=spec.queued, enqueue_failed_at=row.enqueue_failed_at
        ).update(enqueue_failed_at=None, updated_at=now):
            countdown = None
            if row.next_attempt_at and row.next_attempt_at > now:
                countdown = (row.next_attempt_at - now).total_seconds()
            dispatch_on_commit(spec, row, countdown=countdown)
            requeued += 1
    lost = rows.filter(status=spec.queued, updated_at__lt=stale_before).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=stale_before)
    )
    for row in lost:
        if rows.filter(pk=row.pk, status=spec.queued, updated_at=row.updated_at).update(
            updated_at=now
        ):
            dispatch_on_commit(spec, row)
            requeued += 1
    given_up = _lease_expired_with_no_attempts_left(spec, rows, now)
    abandoned = rows.filter(status=spec.claimed).filter(_lease_expired(now))
    for row in abandoned:
        same = still_claimed(spec, organization, row).filter(_lease_expired(now))
        if same.update(
            status=spec.queued,
            next_attempt_at=None,
            updated_at=now,
            lease_owner="",
            lease_expires_at=None,
        ):
            dispatch_on_commit(spec, row)
            requeued += 1
    return {"requeued": requeued, "given_up": given_up}
