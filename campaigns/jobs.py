"""Background jobs: the database row is the job, the queue only carries its id.

A kind of job is a handler registered with @job_handler("kind"); it receives the Job
(inside its organization's tenant context) and returns a JSON-able result. Raise
TransientJobError for failures worth retrying (backoff with jitter up to max_attempts);
any other exception fails the job with its message shown to the user. Claiming, retries,
giving up and the sweeper are the one machine of campaigns/claimable.py (`JOB_ROWS`).
"""

import logging
from datetime import timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import claimable
from .models import Job, Organization
from .tenancy import tenant_context

logger = logging.getLogger(__name__)

_HANDLERS = {}


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
        claimed_timeout=timedelta(minutes=30),
        dispatch=_dispatch,
        worker_lost=gettext_lazy("The worker stopped while running this job; gave up."),
        claimed_at_field="started_at",
        finished_at_field="finished_at",
    )
)


class TransientJobError(Exception):
    """A failure worth another attempt (network, provider busy, ...)."""


def job_handler(kind):
    def register(func):
        _HANDLERS[kind] = func
        return func

    return register


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
    handler = _HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise LookupError(_("Unknown kind of job: %(kind)s") % {"kind": job.kind})
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
