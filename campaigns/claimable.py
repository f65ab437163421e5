"""Claimable rows: the one job machine of the platform (docs/jobs.md).

A claimable row is a tenant-owned row that is its own job: `status`, `attempts`,
`max_attempts`, `next_attempt_at`, `error` and `updated_at`. The queue only carries its id,
sent after the transaction commits. A `ClaimableSpec` describes one kind of row (the
background `Job`, the `SmsMessage`): its model, its queued / claimed / failed status
values, how long a claim may last, how to send a row's id to the queue and what the user
reads when it gives up. Every transition is one conditional update, so two workers (or a
worker and the sweeper) never both move a row:

    queued ──claim──▶ claimed ──finish──▶ (done, sent, delivered, failed, ...)
      ▲                  │
      └─retry_or_give_up─┴──▶ failed ("Gave up after N attempts: ...")

- `claim` / `claim_batch`: queued and due → claimed, attempts + 1 (one statement);
- `finish` / `finish_batch`: record the outcome only while the claim is still held (status
  is still "claimed" and attempts is what the claim made it);
- `retry_or_give_up`: back to queued after `backoff_seconds`, or failed at max_attempts;
- `sweep_stale`: the one sweeper (one beat entry, `campaigns.tasks.sweep_stale_jobs`).

Call these with the organization: each runs in the organization's tenant context.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tenancy import each_organization, tenant_context

GAVE_UP = _("Gave up after %(n)d attempts: %(error)s")


@dataclass(frozen=True)
class ClaimableSpec:
    """One kind of claimable row.

    - `dispatch(organization_id, pk, countdown)` sends one row's id to the queue (it is
      called after the commit, see `dispatch_on_commit`);
    - `worker_lost`: the error of a row the sweeper fails (claimed too long, no attempts
      left); `gave_up`: the error after max_attempts transient failures (`%(n)d`,
      `%(error)s`); both lazy translations, read in the active language;
    - `claimed_at_field`: the time a claim started, which `claimed_timeout` counts from;
    - `finished_at_field`: set when an outcome is recorded or the row is given up (or None).
    """

    name: str
    model: type
    queued: str
    claimed: str
    failed: str
    claimed_timeout: timedelta
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
    there is none): a worker never looks for a row that is not there yet."""
    args = (row.organization_id, row.pk)
    transaction.on_commit(lambda: spec.dispatch(*args, countdown))


def backoff_seconds(attempts):
    """Exponential backoff with jitter: about 10s, 20s, 40s, ... capped at 10 minutes."""
    base = min(600, 10 * 2 ** max(0, attempts - 1))
    return base + random.uniform(0, base / 2)  # noqa: S311 - jitter, not security


def _due(now):
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _claim_fields(spec, now):
    return {
        "status": spec.claimed,
        "attempts": F("attempts") + 1,
        "updated_at": now,
        spec.claimed_at_field: now,
    }


def claim(spec, organization, pk):
    """Claim one row: one conditional update (queued and due → claimed, attempts + 1), so
    of two deliveries of the same queue message one wins. Returns the claimed row, or None
    (a duplicate or late message, another organization's id, a missing row). A queued row
    that is not yet due (an early message) is sent again for when it is."""
    now = timezone.now()
    with tenant_context(organization):
        rows = spec.model.objects.for_org(organization)
        claimed = (
            rows.filter(pk=pk, status=spec.queued)
            .filter(_due(now))
            .update(**_claim_fields(spec, now))
        )
        row = rows.filter(pk=pk).first()
    if claimed:
        return row
    if row is not None and row.status == spec.queued and row.next_attempt_at:
        dispatch_on_commit(spec, row, countdown=(row.next_attempt_at - now).total_seconds())
    return None


def claim_batch(spec, organization, pks):
    """Claim the due, queued rows among `pks` with one conditional update (a duplicate
    delivery claims none). Returns the rows this call claimed (they carry its claim time);
    rows not yet due are sent again, one by one, for when they are."""
    now = timezone.now()
    with tenant_context(organization):
        rows = spec.model.objects.for_org(organization)
        rows.filter(pk__in=pks, status=spec.queued).filter(_due(now)).update(
            **_claim_fields(spec, now)
        )
        claimed = list(rows.filter(pk__in=pks, status=spec.claimed, updated_at=now))
        early = list(rows.filter(pk__in=pks, status=spec.queued, next_attempt_at__gt=now))
    for row in early:
        dispatch_on_commit(spec, row, countdown=(row.next_attempt_at - now).total_seconds())
    return claimed


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
    of row (`specs`, default: all registered), re-enqueue queued rows untouched for
    JOB_STALE_AFTER_SECONDS whose retry time (if any) is that old too (a lost queue message,
    a broker restart), and put back rows claimed longer than their kind's timeout (a killed
    worker), or fail them when their attempts are used up. Every change is conditional on
    the row being as it was read, so a row that moves meanwhile is left alone. Returns how
    many rows were re-enqueued and how many given up."""
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
    requeued = given_up = 0
    lost = rows.filter(status=spec.queued, updated_at__lt=stale_before).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=stale_before)
    )
    for row in lost:
        if rows.filter(pk=row.pk, status=spec.queued, updated_at=row.updated_at).update(
            updated_at=now
        ):
            dispatch_on_commit(spec, row)
            requeued += 1
    abandoned = rows.filter(
        status=spec.claimed, **{f"{spec.claimed_at_field}__lt": now - spec.claimed_timeout}
    )
    for row in abandoned:
        same = still_claimed(spec, organization, row)
        if row.attempts < row.max_attempts:
            if same.update(status=spec.queued, next_attempt_at=None, updated_at=now):
                dispatch_on_commit(spec, row)
                requeued += 1
        elif same.update(
            status=spec.failed, updated_at=now, error=str(spec.worker_lost), **_finished(spec, now)
        ):
            given_up += 1
    return {"requeued": requeued, "given_up": given_up}
