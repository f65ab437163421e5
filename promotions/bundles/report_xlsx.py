"""The daily report of the members who could not be added — rejected, declined, expired,
failed — with the reason, as an XLSX workbook (full numbers: the office acts on them),
and the job "bundle.daily_report" that e-mails it to the group-customer office (queued by
services.daily_reports_due). The page shows the same rows (selectors.not_added).

A day's report covers the 24 hours ending at its report time (rules.report_window), so
a member settled at 16:30 is in the next day's report and nobody falls between two."""

import io

from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from campaigns import jobs
from campaigns.spreadsheet_safety import xlsx_append
from campaigns.tenancy import tenant_context

from ..models import BundleDailyReport
from .selectors import bundle_settings_of, not_added
from .services.daily_report import DAILY_REPORT_JOB


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
    """The report as an XLSX workbook (full numbers: the office acts on them). Rows go
    through campaigns.spreadsheet_safety: a reason typed as "=HYPERLINK(…)" stays text."""
    book = Workbook()
    sheet = book.active
    sheet.title = day.isoformat()
    xlsx_append(sheet, report_columns())
    zone = organization.zoneinfo
    for member in not_added(organization, day):
        xlsx_append(
            sheet,
            [
                member.registration.form_number,
                member.registration.branch.name,
                member.registration.initiator_phone,
                member.phone,
                member.short_number,
                member.get_status_display(),
                member.reason,
                timezone.localtime(member.settled_at, zone).strftime("%Y-%m-%d %H:%M"),
            ],
        )
    for column, width in zip("ABCDEFGH", (14, 16, 14, 14, 10, 18, 30, 17), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_filename(day):
    return f"family-network-not-added-{day.isoformat()}.xlsx"


@jobs.job_handler(DAILY_REPORT_JOB, label=gettext_lazy("Daily report of members not added"))
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
