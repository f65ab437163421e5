"""Celery tasks of the platform core: thin, they take ids and call one service."""

from celery import shared_task

from . import api_tokens, claimable, idempotency, jobs, upload_retention


@shared_task(acks_late=True, ignore_result=True)
def run_job(organization_id, job_id):
    jobs.job_run(organization_id=organization_id, job_id=job_id)


@shared_task(ignore_result=True)
def sweep_stale_jobs():
    """The one sweeper (beat "sweep-stale-jobs", every minute): background jobs and SMS
    messages alike (campaigns/claimable.py); then the imports waiting for a slot that the
    sweep may have freed (campaigns/jobs.py)."""
    counts = claimable.sweep_stale()
    counts["imports_woken"] = jobs.wake_waiting_imports_everywhere()
    return counts


@shared_task(ignore_result=True)
def delete_expired_idempotency_keys():
    """Beat "idempotency-keys", hourly: the API's stored answers older than a day."""
    return idempotency.delete_expired()


@shared_task(ignore_result=True)
def expire_uploads():
    """Celery beat "expire-uploads", hourly: delete uploaded files older than
    UPLOAD_RETENTION_DAYS (campaigns/upload_retention.py); the rows stay."""
    return upload_retention.uploads_expire()


@shared_task(ignore_result=True)
def purge_expired_tokens():
    """Beat "purge-expired-tokens", hourly: API tokens past their expiry."""
    return api_tokens.api_tokens_purge_expired()


from .sms.tasks import (  # noqa: E402, F401 - autodiscovery
    deliver_sms,
    deliver_sms_batch,
)
