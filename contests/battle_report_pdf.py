"""The battle report's PDF: the job (kind "contest.battle_report", registered on import
by ContestsConfig.ready) that prints a day's report, its print-ready HTML and the name of
the file the user downloads.

The PDF goes through the core's printing (campaigns.printing: the page frame, render_pdf
and its local-only URL fetcher), the print CSS of templates/exports/plan.css and the
contest's SVG chart (contests.charts).
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs, printing

from . import charts, selectors
from .models import BattleReport
from .services.battle_reports import BATTLE_REPORT_JOB_KIND

logger = logging.getLogger(__name__)


class BattleReportError(Exception):
    """The PDF cannot be made at all; the job fails with this (readable) message."""


def render_battle_report_html(contest, day, *, organization):
    """The report as one print-ready HTML document in the organization's language. Call
    it inside the organization's tenant context."""
    with translation.override(organization.default_language):
        data = selectors.battle_report_data(contest, day)
        now = timezone.localtime(timezone.now(), organization.zoneinfo)
        title = _("Battle report %(day)s") % {"day": day.isoformat()}
        return render_to_string(
            "exports/battle_report.html",
            {
                **printing.page_frame(organization, f"{contest.plan.title} · {title}"),
                "organization": organization,
                "contest": contest,
                "plan": contest.plan,
                "title": title,
                "long_day": formats.date_format(day, "DATE_FORMAT"),
                "generated_at": formats.date_format(now, "DATETIME_FORMAT"),
                "chart": charts.cumulative_chart_svg(contest, data),
                **data,
            },
        )


def report_filename(report):
    """The name the user downloads: the plan's title and the day, without characters
    that file systems refuse."""
    name = printing.safe_filename(report.contest.plan.title, most=150)
    name = name or f"contest-{report.contest_id}"
    return f"{name} {_('Battle report')} {report.day.isoformat()}.pdf"


@jobs.job_handler(BATTLE_REPORT_JOB_KIND, label=gettext_lazy("Battle report PDF"))
def make_battle_report_pdf(job):
    """Render the day's report and store the PDF on its BattleReport row. A report that
    already has an up-to-date file (made by an earlier job) is left as it is; an outdated
    one is printed again and its old file removed once the new one is committed."""
    report = (
        BattleReport.objects.for_org(job.organization_id)
        .filter(pk=job.payload.get("report_id"))
        .select_related("contest", "contest__plan")
        .first()
    )
    if report is None:
        raise BattleReportError(_("The battle report was deleted before its PDF could be made."))
    if report.file and not report.outdated:
        return {"skipped": True}
    # The figures as of `changes`: nothing is written (or locked) until the PDF is made, so
    # entries never wait for it; a change made meanwhile leaves the report outdated below.
    changes_seen = report.changes
    old_name = report.file.name
    try:
        html = render_battle_report_html(report.contest, report.day, organization=job.organization)
        pdf, pages = printing.render_pdf(html)
    except Exception as exc:  # the reason goes to the log; the user gets a readable one
        logger.exception("battle report %s of contest %s failed", report.pk, report.contest_id)
        raise BattleReportError(
            _(
                "The PDF could not be made; the error was logged for the "
                "support team. Try again later."
            )
        ) from exc
    report.file.save(
        f"battle-report-{report.contest_id}-{report.day.isoformat()}.pdf",
        ContentFile(pdf),
        save=False,
    )
    report.made_at = timezone.now()
    report.save(update_fields=["file", "made_at"])
    BattleReport.objects.for_org(job.organization_id).filter(
        pk=report.pk, changes=changes_seen
    ).update(outdated=False)
    if old_name and old_name != report.file.name:
        storage = report.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return {"bytes": len(pdf), "pages": pages}
