"""The daily report (every day at 16:00, organization time zone) of the members who could
not be added — rejected, declined, expired, failed — with the reason: on a page, as XLSX,
and e-mailed to the group-customer office by the job "bundle.daily_report".

A day's report covers the 24 hours ending at its report time (rules.report_window), so
a member settled at 16:30 is in the next day's report and nobody falls between two."""

import io
import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from campaigns import jobs
from campaigns.tenancy import each_organization, tenant_context

from . import bundles_rules as rules
from .bundles_services import bundle_settings_of
from .models import NOT_ADDED, BundleDailyReport, BundleMember

logger = logging.getLogger(__name__)
JOB_KIND = "bundle.daily_report"


def report_window_of(organization, day):
    settings_row = bundle_settings_of(organization)
    return rules.report_window(day, settings_row.report_time, organization.zoneinfo)


def not_added(organization, day):
    """The members who ended as not added within the day's report window."""
    start, end = report_window_of(organization, day)
    return (
        BundleMember.objects.for_org(organization)
        .filter(status__in=NOT_ADDED, settled_at__gt=start, settled_at__lte=end)
        .select_related("registration", "registration__branch")
        .order_by("registration__branch__name", "registration__form_number", "pk")
    )


def report_columns():
    return [
        _("Form number"),
        _("Branch or channel"),
        _("Initiator"),
        _("Mobile number"),
        _("Short number"),
        _("Status"),
        _("Reason"),
        _("Time"),
    ]


def report_xlsx(organization, day):
    """The report as an XLSX workbook (full numbers: the office acts on them)."""
    book = Workbook()
    sheet = book.active
    sheet.title = day.isoformat()
    sheet.append(report_columns())
    zone = organization.zoneinfo
    for member in not_added(organization, day):
        sheet.append(
            [
                member.registration.form_number,
                member.registration.branch.name,
                member.registration.initiator_phone,
                member.phone,
                member.short_number,
                member.get_status_display(),
                member.reason,
                timezone.localtime(member.settled_at, zone).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    for column, width in zip("ABCDEFGH", (14, 16, 14, 14, 10, 18, 30, 17), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_filename(day):
    return f"family-network-not-added-{day.isoformat()}.xlsx"


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
            organization=organization, kind=JOB_KIND, payload={"report_id": report.pk}
        )
        report.save(update_fields=["job"])
        queued.append(report)
    return queued


@jobs.job_handler(JOB_KIND)
def send_daily_report(job):
    organization = job.organization
    report = (
        BundleDailyReport.objects.for_org(organization)
        .filter(pk=job.payload.get("report_id"))
        .first()
    )
    if report is None:
        return {"skipped": True}
    with tenant_context(organization), translation.override(organization.default_language):
        address = bundle_settings_of(organization).group_office_email
        rows = not_added(organization, report.day).count()
        report.rows = rows
        if address:
            data = report_xlsx(organization, report.day)
            mail = EmailMessage(
                subject=_("Family networks: members not added, %(day)s")
                % {"day": report.day.isoformat()},
                body=_(
                    "%(n)d members could not be added in the 24 hours up to the report "
                    "time; the list is attached."
                )
                % {"n": rows},
                to=[address],
            )
            mail.attach(
                report_filename(report.day),
                data,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            mail.send()
            report.emailed_to = address
        report.save(update_fields=["rows", "emailed_to"])
    return {"rows": rows, "emailed_to": address}
