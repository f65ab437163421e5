"""Background jobs: the database row is the job, the queue only carries its id.

A kind of job is a handler registered with @job_handler("kind"); it receives the Job
(inside its organization's tenant context) and returns a JSON-able result. Its writes and
the "done" mark commit together; a handler registered with `own_transactions=True`
(long work that shows its progress) runs outside any transaction instead and commits its
steps itself, each in its own tenant context. Raise
TransientJobError for failures worth retrying (backoff with jitter up to max_attempts);
any other exception fails the job with its message shown to the user. Claiming, retries,
giving up and the sweeper are the one machine of campaigns/claimable.py (`JOB_ROWS`).

Imports of uploaded files (kinds registered with `is_import=True`) take one of their
organization's IMPORTS_PER_ORGANIZATION slots: a running import holds one. An import
whose message arrives while every slot is held is not claimed; it stays queued and is
marked waiting (`Job.waiting_since`, shown as "queued (waiting for another import of this
organization)"), with no message of its own: when an import finishes (or is given up by
the sweeper) the oldest waiting ones are sent again, as many as there are free slots.
The count and the claim are made under a per-organization lock (a PostgreSQL advisory
lock), so two workers cannot both take the last slot. A wake-up lost with a killed worker
is made up by the sweeper, which sends queued rows untouched for JOB_STALE_AFTER_SECONDS
again.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import claimable
from .models import Job, Organization
from .tenancy import tenant_context

logger = logging.getLogger(__name__)

_HANDLERS = {}
IMPORT_KINDS = set()  # kinds that take one of their organization's import slots
_LABELS = {}  # kind -> its label (job_handler(label=...))


def _dispatch(organization_id, job_id, countdown=None):
    from . import tasks  # tasks imports this module

    tasks.run_job.apply_async((organization_id, job_id), countdown=countdown)


JOB_ROWS = claimable.register(
    claimable.ClaimableSpec(
        name="job",
        model=Job,
        queued=Job.Status.QUEUED,
        claimed=Job.Status.RUNNING,
        failed=Job.Status.FAILED,
        dispatch=_dispatch,
        worker_lost=gettext_lazy("The worker stopped while running this job; gave up."),
        claimed_at_field="started_at",
        finished_at_field="finished_at",
    )
)


class TransientJobError(Exception):
    """A failure worth another attempt (network, provider busy, ...)."""


def job_handler(kind, *, own_transactions=False, is_import=False, label=None):
    """Register `func(job)` as the handler of `kind`. By default it runs inside one
    transaction (the organization's tenant context) that also records the outcome, so its
    writes commit with the "done" mark or not at all. With `own_transactions=True` it runs
    outside any transaction and opens its own (`tenant_context`) for each step, so others
    see its progress while it runs; it must then be safe to run again from where a lost
    run stopped (the sweeper re-queues a run whose worker died), and it should check, in
    each step, that it still holds the claim (`job_claim_held`). With `is_import=True`
    (reading an uploaded file) a job of the kind runs only while fewer than
    IMPORTS_PER_ORGANIZATION imports of its organization run; otherwise it waits, queued.
    """

    def register(func):
        _HANDLERS[kind] = (func, own_transactions)
        if is_import:
            IMPORT_KINDS.add(kind)
        if label is not None:
            _LABELS[kind] = label
        return func

    return register


def kind_label(kind):
    """What people call a kind of job (the jobs page, the home): its registered label,
    else the key."""
    return _LABELS.get(kind, kind)


def job_claim_held(job):
    """Whether `job`'s claim is still held (no one took it over after its lease expired,
    the sweeper has not put it back or failed it): for handlers with their own
    transactions, to check inside each step. A run that lost its claim must stop writing."""
    return claimable.still_claimed(JOB_ROWS, job.organization_id, job).exists()


def job_enqueue(*, organization, kind, payload=None, created_by=None, max_attempts=5):
    with tenant_context(organization):
        job = Job(
            organization=organization,
            kind=kind,
            payload=payload or {},
            created_by=created_by,
            max_attempts=max_attempts,
        )
        job.full_clean()
        job.save()
        claimable.dispatch_on_commit(JOB_ROWS, job)
    return job


def job_run(*, organization_id, job_id):
    """Claim the job (one worker wins), run its handler, record the outcome. Idempotent:
    a duplicate or late message finds the row already claimed and does nothing.
    Messages are written in the organization's default language."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return
    with translation.override(organization.default_language):
        kind = _kind_of(organization, job_id)
        if kind in IMPORT_KINDS:
            job = _claim_import_slot(organization, job_id)
        else:
            job = claimable.claim(JOB_ROWS, organization, job_id)
        if job is not None:
            try:
                _run_claimed(organization, job)
            finally:
                if kind in IMPORT_KINDS:
                    wake_waiting_imports(organization)


def _kind_of(organization, job_id):
    with tenant_context(organization):
        return (
            Job.objects.for_org(organization)
            .filter(pk=job_id)
            .values_list("kind", flat=True)
            .first()
        )


# -- the per-organization import slots -------------------------------------------------------

_IMPORT_LOCK_CLASS = 0x494D50  # "IMP": the advisory lock's first key; the second, the org


def _lock_import_slots(organization):
    """Hold the organization's import-slot lock until the transaction ends (PostgreSQL;
    SQLite serializes writing transactions by itself)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_IMPORT_LOCK_CLASS, organization.pk]
            )


def _imports(organization):
    return Job.objects.for_org(organization).filter(kind__in=sorted(IMPORT_KINDS))


def _claim_import_slot(organization, job_id):
    """Claim an import if one of its organization's slots is free, under the slot lock:
    a queued import waits (marked, not claimed) while IMPORTS_PER_ORGANIZATION others
    run, or while older waiting imports take the free slots first (first come, first
    served). A running import whose lease expired is taken over in its own slot."""
    now = timezone.now()
    with transaction.atomic(), tenant_context(organization):
        _lock_import_slots(organization)
        imports = _imports(organization)
        job = imports.filter(pk=job_id).first()
        if job is None:
            return None
        if job.status == Job.Status.QUEUED:
            running = imports.filter(status=Job.Status.RUNNING).count()
            ahead = imports.filter(
                status=Job.Status.QUEUED, waiting_since__isnull=False, created_at__lt=job.created_at
            ).count()
            if running + ahead >= settings.IMPORTS_PER_ORGANIZATION:
                # No message of its own: a finishing import sends it (wake_waiting_imports),
                # the sweeper if that is lost (updated_at: JOB_STALE_AFTER_SECONDS from now).
                imports.filter(pk=job.pk, status=Job.Status.QUEUED).update(
                    waiting_since=job.waiting_since or now, updated_at=now
                )
                return None
        claimed = claimable.claim(JOB_ROWS, organization, job_id)
        if claimed is not None and claimed.waiting_since is not None:
            imports.filter(pk=claimed.pk).update(waiting_since=None)
            claimed.waiting_since = None
        return claimed


def wake_waiting_imports(organization):
    """Send the oldest waiting imports of the organization again, as many as there are
    free slots (each claims under the slot lock, so a surplus message only waits again).
    Returns how many were sent."""
    with tenant_context(organization):
        imports = _imports(organization)
        free = settings.IMPORTS_PER_ORGANIZATION - imports.filter(status=Job.Status.RUNNING).count()
        if free <= 0:
            return 0
        waiting = list(
            imports.filter(status=Job.Status.QUEUED, waiting_since__isnull=False).order_by(
                "created_at", "pk"
            )[:free]
        )
        for job in waiting:
            claimable.dispatch_on_commit(JOB_ROWS, job)
    return len(waiting)


def wake_waiting_imports_everywhere():
    """For the sweeper: an import it gave up or put back may have freed a slot."""
    from .tenancy import each_organization

    return sum(wake_waiting_imports(organization) for organization in each_organization())


class _ClaimLost(Exception):
    """The row moved on (swept and re-run elsewhere) while this worker ran it."""


def _run_claimed(organization, job):
    # The lease is renewed while the handler runs (and until its outcome is committed).
    with claimable.lease_kept(JOB_ROWS, organization, [job]):
        _run_handler(organization, job)


def _run_handler(organization, job):
    handler, own_transactions = _HANDLERS.get(job.kind, (None, False))
    try:
        if handler is None:
            raise LookupError(_("Unknown kind of job: %(kind)s") % {"kind": job.kind})
        if own_transactions:  # it committed its steps itself; only the mark is left
            result = handler(job)
            claimable.finish(
                JOB_ROWS, organization, job, status=Job.Status.DONE, error="", result=result
            )
            return
        # The handler's writes and the "done" mark commit together, or not at all.
        with tenant_context(organization):
            result = handler(job)
            done = Job.Status.DONE
            if not claimable.finish(
                JOB_ROWS, organization, job, status=done, error="", result=result
            ):
                raise _ClaimLost  # roll the handler's writes back; the new run redoes them
    except _ClaimLost:
        return
    except TransientJobError as exc:
        claimable.retry_or_give_up(JOB_ROWS, organization, job, str(exc))
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        error = str(exc) or exc.__class__.__name__
        claimable.finish(
            JOB_ROWS, organization, job, status=Job.Status.FAILED, error=error, result=None
        )
