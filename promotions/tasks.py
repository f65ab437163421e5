"""Celery tasks of promotions: thin, each calls one service."""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import bundles_report, bundles_services


@shared_task(ignore_result=True)
def expire_unconfirmed_members(now=None):
    """Celery beat, every 5 minutes. `now` (ISO) lets tests move the clock."""
    return bundles_services.members_expire(parse_datetime(now) if now else None)


@shared_task(ignore_result=True)
def schedule_daily_reports(now=None):
    """Celery beat, every 5 minutes: queue the 16:00 reports that are due."""
    return len(bundles_report.daily_reports_due(parse_datetime(now) if now else None))
