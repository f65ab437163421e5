"""Asking for the event report PDF: a job (promotions/events/report_pdf.py makes it)."""

from campaigns import jobs
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import EventReport

REPORT_PDF_JOB = "events.report_pdf"


def event_report_request(*, organization, event, actor=None):
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        job = jobs.job_enqueue(
            organization=organization,
            kind=REPORT_PDF_JOB,
            payload={"event_id": event.pk},
            created_by=actor,
            max_attempts=3,
        )
        return EventReport.objects.create(organization=organization, event=event, job=job)
