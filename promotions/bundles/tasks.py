"""Celery tasks of the family-network bundle: thin, each calls one service. Named as
they were when they lived in promotions.tasks: the beat schedule (settings) and stored
beat entries use these names. promotions.tasks imports this module for autodiscovery."""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import services


@shared_task(name="promotions.tasks.expire_unconfirmed_members", ignore_result=True)
def expire_unconfirmed_members(now=None):
    """Celery beat, every 5 minutes. `now` (ISO) lets tests move the clock."""
    return services.members_expire(parse_datetime(now) if now else None)


@shared_task(name="promotions.tasks.schedule_daily_reports", ignore_result=True)
def schedule_daily_reports(now=None):
    """Celery beat, every 5 minutes: queue the 16:00 reports that are due."""
    return len(services.daily_reports_due(parse_datetime(now) if now else None))
