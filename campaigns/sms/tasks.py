"""Celery tasks of the SMS gateway (imported by campaigns.tasks for autodiscovery). Stale
messages are swept by the one sweeper, campaigns.tasks.sweep_stale_jobs."""

from celery import shared_task

from . import sending


@shared_task(name="campaigns.sms.deliver", acks_late=True, ignore_result=True)
def deliver_sms(organization_id, message_id):
    sending.sms_deliver(organization_id=organization_id, message_id=message_id)


@shared_task(name="campaigns.sms.deliver_batch", acks_late=True, ignore_result=True)
def deliver_sms_batch(organization_id, message_ids):
    sending.sms_deliver_batch(organization_id=organization_id, message_ids=message_ids)
