"""The event report PDF: the dashboard in print (attendance, leads by channel with
conversion and cost per lead, signings, offers given, prizes, follow-up progress, the
pools' hashes), made by the job "events.report_pdf" through campaigns.printing."""

import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs, printing, svg_charts

from . import selectors
from .models import EventReport
from .services.reports import REPORT_PDF_JOB

logger = logging.getLogger(__name__)
BAR_HEIGHT, LABEL_WIDTH, CHART_WIDTH = 16, 110, 640


class ReportPdfError(Exception):
    """The PDF cannot be made; the job fails with this readable message."""


def channel_bars_svg(rows):
    """Leads (light) and signed (dark) per channel, as horizontal bars."""
    if not rows:
        return ""
    top = max(r["leads"] for r in rows) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 60
    height = 30 + len(rows) * (BAR_HEIGHT + 10)
    title = _("Leads and signings by channel")
    parts = [svg_charts.svg_open(CHART_WIDTH, height, title)]
    for i, row in enumerate(rows):
        y = 20 + i * (BAR_HEIGHT + 10)
        name = svg_charts.fit(row["name"] or _("No channel"), LABEL_WIDTH - 8)
        parts.append(
            svg_charts.text(
                LABEL_WIDTH - 6, y + 12, name, size=11, anchor="end", fill=svg_charts.INK
            )
        )
        for value, color in (
            (row["leads"], svg_charts.BAR_COLORS[1]),
            (row["signed"], svg_charts.BAR_COLORS[4]),
        ):
            width = room * value / top
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{color}"/>'
            )
        parts.append(
            svg_charts.text(
                LABEL_WIDTH + room * row["leads"] / top + 6,
                y + 12,
                f"{row['signed']}/{row['leads']}",
                size=10,
                anchor="start",
                fill=svg_charts.MUTED,
            )
        )
    parts.append("</svg>")
    return "".join(parts)


def render_report_html(event, *, organization):
    with translation.override(organization.default_language):
        board = selectors.event_dashboard(organization, event)
        title = _("Event report · %(title)s") % {"title": event.plan.title}
        now = timezone.localtime(timezone.now(), organization.zoneinfo)
        return render_to_string(
            "exports/event_report.html",
            {
                **printing.page_frame(organization, title),
                "organization": organization,
                "event": event,
                "title": title,
                "board": board,
                "ranking": _ranking(organization, event),
                "channel_svg": mark_safe(channel_bars_svg(board["by_channel"])),  # noqa: S308 - escaped by svg_charts
                "generated_at": formats.date_format(now, "DATETIME_FORMAT"),
            },
        )


def report_filename(event):
    return (
        printing.safe_filename(_("Event report %(title)s") % {"title": event.plan.title}, most=150)
        + ".pdf"
    )


@jobs.job_handler(REPORT_PDF_JOB, label=gettext_lazy("Event report PDF"))
def make_report_pdf(job):
    report = (
        EventReport.objects.for_org(job.organization_id)
        .filter(job=job)
        .select_related("event", "event__plan")
        .first()
    )
    if report is None:
        raise ReportPdfError(_("The event was deleted before its report could be made."))
    try:
        pdf, pages = printing.render_pdf(
            render_report_html(report.event, organization=job.organization)
        )
    except Exception as exc:  # the reason goes to the log; the user gets a readable one
        logger.exception("event report %s failed", report.pk)
        raise ReportPdfError(
            _(
                "The PDF could not be made; the error was logged for the "
                "support team. Try again later."
            )
        ) from exc
    report.file.save(
        f"event-{report.event_id}-report-{report.pk}.pdf", ContentFile(pdf), save=False
    )
    report.save(update_fields=["file"])
    return {"bytes": len(pdf), "pages": pages}


def _ranking(organization, event):
    """Telecom Day: the personal pre-order ranking, once it is open (T−5)."""
    from .selectors import telecom

    if not telecom.ranking_open(organization, event):
        return None
    return telecom.preorder_ranking(organization, event)
