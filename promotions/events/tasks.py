"""Celery tasks of event days: thin, each calls one service (Telecom Day's beat tasks)."""

from celery import shared_task

from .services import invitations, quotas


@shared_task(ignore_result=True)
def start_due_invitation_campaigns():
    """Celery beat, every minute: start the invitation campaigns whose sending hours opened."""
    return len(invitations.invitation_campaigns_due())


@shared_task(ignore_result=True)
def schedule_ranking_reports():
    """Celery beat, every 5 minutes: queue the day's pre-order ranking PDFs that are due."""
    return len(quotas.ranking_reports_due())
