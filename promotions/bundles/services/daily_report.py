"""Queueing the daily report of members not added: once a day per organization, when its
report time (organization time zone) has passed, as the job "bundle.daily_report" (made and
e-mailed by bundles.report_xlsx)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns import jobs
from campaigns.tenancy import each_organization

from ...models import BundleDailyReport
from ..selectors import bundle_settings_of

DAILY_REPORT_JOB = "bundle.daily_report"


def daily_reports_due(now=None):
    """Celery beat, every 5 minutes: in each organization's time zone, once the report
    time has passed, queue that day's report (once: a unique row per day)."""
    now = now or timezone.now()
    queued = []
    for organization in each_organization():
        local = timezone.localtime(now, organization.zoneinfo)
        if local.time() < bundle_settings_of(organization).report_time:
            continue
        day = local.date()
        if BundleDailyReport.objects.for_org(organization).filter(day=day).exists():
            continue
        try:
            with transaction.atomic():
                report = BundleDailyReport.objects.create(organization=organization, day=day)
        except IntegrityError:  # another beat run made it just now
            continue
        report.job = jobs.job_enqueue(
            organization=organization, kind=DAILY_REPORT_JOB, payload={"report_id": report.pk}
        )
        report.save(update_fields=["job"])
        queued.append(report)
    return queued
