"""Celery tasks of the sales contest: thin, each calls one service."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def schedule_battle_reports():
    """Celery beat, every 5 minutes: queue the battle reports whose time has come."""
    return len(services.battle_reports_due())


@shared_task(ignore_result=True)
def take_evaluation_snapshots():
    """Celery beat, every 5 minutes: store the evaluation days that have just ended."""
    return services.snapshots_due_everywhere()
