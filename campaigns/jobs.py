"""Background jobs: the database row is the job, the queue only carries its id.

A kind of job is a handler registered with @job_handler("kind"); it receives the Job
(inside its organization's tenant context) and returns a JSON-able result. Raise
TransientJobError for failures worth retrying (backoff with jitter up to max_attempts);
any other exception fails the job with its message shown to the user.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job, Organization
from .tenancy import each_organization, tenant_context

logger = logging.getLogger(__name__)

_HANDLERS = {}
RUNNING_TIMEOUT = timedelta(minutes=30)


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
        _dispatch_on_commit(job)
    return job


def job_run(*, organization_id, job_id):
    """Claim the job (one worker wins), run its handler, record the outcome. Idempotent:
    a duplicate or late message finds the row already claimed and does nothing.
    Messages are written in the organization's default language."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return
    with translation.override(organization.default_language):
        _run_claimed(organization, job_id)


class _ClaimLost(Exception):
    """The row moved on (swept and re-run elsewhere) while this worker ran it."""


def _run_claimed(organization, job_id):
    now = timezone.now()
    with tenant_context(organization):
        jobs = Job.objects.for_org(organization)
        claimed = (
            jobs.filter(pk=job_id, status=Job.Status.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(
                status=Job.Status.RUNNING,
                attempts=F("attempts") + 1,
                started_at=now,
                updated_at=now,
            )
        )
        job = jobs.filter(pk=job_id).first()
    if not claimed:
        if job and job.status == Job.Status.QUEUED and job.next_attempt_at:
            # Arrived early (clock skew, an eager retry): come back when it is due.
            _dispatch_on_commit(job, countdown=(job.next_attempt_at - now).total_seconds())
        return
    handler = _HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise LookupError(_("Unknown kind of job: %(kind)s") % {"kind": job.kind})
        # The handler's writes and the "done" mark commit together, or not at all.
        with tenant_context(organization):
            result = handler(job)
            if not _finish(organization, job, Job.Status.DONE, result=result):
                raise _ClaimLost  # roll the handler's writes back; the new run redoes them
    except _ClaimLost:
        return
    except TransientJobError as exc:
        _retry_or_fail(organization, job, str(exc))
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        _finish(organization, job, Job.Status.FAILED, error=str(exc) or exc.__class__.__name__)


def jobs_sweep_stale(now=None):
    """Re-enqueue jobs left behind by a lost message, a broker restart or a killed worker.
    Every change is conditional on the row being as it was read, so a job that finishes
    meanwhile is left alone. Returns how many were re-enqueued and how many given up."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    requeued = given_up = 0
    for organization in each_organization():
        jobs = Job.objects.for_org(organization)
        lost_messages = jobs.filter(status=Job.Status.QUEUED, updated_at__lt=stale_before).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=stale_before)
        )
        for job in lost_messages:
            if jobs.filter(pk=job.pk, status=Job.Status.QUEUED, updated_at=job.updated_at).update(
                updated_at=now
            ):
                _dispatch_on_commit(job)
                requeued += 1
        for job in jobs.filter(status=Job.Status.RUNNING, started_at__lt=now - RUNNING_TIMEOUT):
            same = jobs.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts)
            if job.attempts < job.max_attempts:
                if same.update(status=Job.Status.QUEUED, next_attempt_at=None, updated_at=now):
                    _dispatch_on_commit(job)
                    requeued += 1
            elif same.update(
                status=Job.Status.FAILED,
                finished_at=now,
                updated_at=now,
                error=_("The worker stopped while running this job; gave up."),
            ):
                given_up += 1
    return {"requeued": requeued, "given_up": given_up}


def backoff_seconds(attempts):
    """Exponential backoff with jitter: about 10s, 20s, 40s, ... capped at 10 minutes."""
    base = min(600, 10 * 2 ** max(0, attempts - 1))
    return base + random.uniform(0, base / 2)  # noqa: S311 - jitter, not security


def _retry_or_fail(organization, job, error):
    if job.attempts >= job.max_attempts:
        message = _("Gave up after %(n)d attempts: %(error)s") % {"n": job.attempts, "error": error}
        _finish(organization, job, Job.Status.FAILED, error=message)
        return
    # In-process mode has no timer to come back later: retry at once.
    delay = 0 if settings.CELERY_TASK_ALWAYS_EAGER else backoff_seconds(job.attempts)
    with tenant_context(organization):
        if _running(organization, job).update(
            status=Job.Status.QUEUED,
            error=error,
            updated_at=timezone.now(),
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        ):
            _dispatch_on_commit(job, countdown=delay)


def _finish(organization, job, status, *, error="", result=None):
    """Record the outcome, only if this worker still holds the claim (returns whether)."""
    with tenant_context(organization):
        now = timezone.now()
        return bool(
            _running(organization, job).update(
                status=status, error=error, result=result, finished_at=now, updated_at=now
            )
        )


def _running(organization, job):
    return Job.objects.for_org(organization).filter(
        pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts
    )


def _dispatch_on_commit(job, countdown=None):
    from . import tasks  # tasks imports this module

    args = (job.organization_id, job.pk)
    transaction.on_commit(lambda: tasks.run_job.apply_async(args, countdown=countdown))
