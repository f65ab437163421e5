"""A channel's monthly statement as a PDF: the HTML through the one print template set
(campaigns.printing), and the job "bundle.statement_pdf" (queued by
services.statement_request) that renders it with WeasyPrint and stores the file."""

import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs, printing

from ..models import ChannelStatement
from . import rules
from .selectors import statement_lines
from .services import STATEMENT_PDF_JOB

logger = logging.getLogger(__name__)


class StatementError(Exception):
    """The PDF cannot be made at all; the job fails with this readable message."""


def render_statement_html(organization, channel, month):
    with translation.override(organization.default_language):
        lines = statement_lines(organization, channel, month)
        title = _("Statement %(month)s") % {"month": month.strftime("%Y-%m")}
        return render_to_string(
            "exports/channel_statement.html",
            {
                **printing.page_frame(organization, f"{channel.name} · {title}", most=None),
                "organization": organization,
                "channel": channel,
                "title": title,
                "lines": lines,
                "total": rules.statement_total(lines),
                "generated_at": formats.date_format(
                    timezone.localtime(timezone.now(), organization.zoneinfo), "DATETIME_FORMAT"
                ),
            },
        )


@jobs.job_handler(STATEMENT_PDF_JOB, label=gettext_lazy("Channel statement PDF"))
def make_statement_pdf(job):
    statement = (
        ChannelStatement.objects.for_org(job.organization_id)
        .filter(pk=job.payload.get("statement_id"))
        .select_related("channel")
        .first()
    )
    if statement is None:
        raise StatementError(_("The statement was deleted before its PDF could be made."))
    if statement.file:
        return {"skipped": True}
    try:
        html = render_statement_html(job.organization, statement.channel, statement.month)
        pdf, pages = printing.render_pdf(html)
    except Exception as exc:
        logger.exception("statement %s failed", statement.pk)
        raise StatementError(
            _(
                "The PDF could not be made; the error was logged for the "
                "support team. Try again later."
            )
        ) from exc
    statement.file.save(
        f"statement-{statement.channel_id}-{statement.month:%Y-%m}.pdf",
        ContentFile(pdf),
        save=False,
    )
    statement.save(update_fields=["file"])
    return {"bytes": len(pdf), "pages": pages}
