"""Background jobs: the database row is the job, the queue only carries its id.

A kind of job is a handler registered with @job_handler("kind"); it receives the Job
(inside its organization's tenant context) and returns a JSON-able result. Its writes and
the "done" mark commit together; a handler registered with `own_transactions=True`
(long work that shows its progress) runs outside any transaction instead and commits its
steps itself, each in its own tenant context. Raise
TransientJobError for failures worth retrying (backoff with jitter up to max_attempts);
any other exception fails the job with its message shown to the user. Claiming, retries,
giving up and the sweeper are the one machine of campaigns/claimable.py (`JOB_ROWS`).
"""

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import claimable
from .models import Job, Organization
from .tenancy import tenant_context

logger = logging.getLogger(__name__)

_HANDLERS = {}
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


def job_handler(kind, *, own_transactions=False, label=None):
    """Register `func(job)` as the handler of `kind`. By default it runs inside one
    transaction (the organization's tenant context) that also records the outcome, so its
    writes commit with the "done" mark or not at all. With `own_transactions=True` it runs
    outside any transaction and opens its own (`tenant_context`) for each step, so others
    see its progress while it runs; it must then be safe to run again from where a lost
    run stopped (the sweeper re-queues a run whose worker died), and it should check, in
    each step, that it still holds the claim (`job_claim_held`)."""

    def register(func):
        _HANDLERS[kind] = (func, own_transactions)
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
        job = claimable.claim(JOB_ROWS, organization, job_id)
        if job is not None:
            _run_claimed(organization, job)


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
