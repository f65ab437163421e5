"""Celery tasks of the platform core: thin, they take ids and call one service."""

from celery import shared_task

from . import jobs


@shared_task(acks_late=True, ignore_result=True)
def run_job(organization_id, job_id):
    jobs.job_run(organization_id=organization_id, job_id=job_id)


@shared_task(ignore_result=True)
def sweep_stale_jobs():
    return jobs.jobs_sweep_stale()


from .sms.tasks import (  # noqa: E402, F401 - autodiscovery
    deliver_sms,
    deliver_sms_batch,
    sweep_stale_sms,
)
