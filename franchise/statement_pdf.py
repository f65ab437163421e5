"""The royalty statement's PDF: the job (kind "franchise.statement_pdf") that prints the
statement with its calculation line by line, through the plans' print machinery
(campaigns.printing.render_pdf and its local-only URL fetcher)."""

import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs, printing

from . import rules
from .models import RoyaltyStatement, StatementLine
from .services import STATEMENT_PDF_JOB_KIND

logger = logging.getLogger(__name__)


class StatementPdfError(Exception):
    """The PDF cannot be made; the job fails with this readable message."""


def statement_lines_for_display(statement):
    """The stored lines as rules.Line (for their calculation text), with labels."""
    kinds = dict(StatementLine.Kind.choices)
    out = []
    for row in (
        StatementLine.objects.for_org(statement.organization_id)
        .filter(statement=statement)
        .order_by("position")
    ):
        line = rules.Line(row.kind, row.month, row.revenue, row.rate, row.amount, row.note)
        out.append(
            {
                "kind": row.kind,
                "kind_label": kinds[row.kind],
                "note": row.note,
                "month_label": rules.month_label(row.month),
                "calculation": line.calculation,
                "amount_text": rules.money_text(row.amount),
            }
        )
    return out


def statement_title(statement):
    return _("Royalty statement %(month)s · %(territory)s") % {
        "month": rules.month_label(statement.month),
        "territory": statement.agreement.territory.name,
    }


def render_statement_html(statement, *, organization):
    with translation.override(organization.default_language):
        now = timezone.localtime(timezone.now(), organization.zoneinfo)
        title = statement_title(statement)
        return render_to_string(
            "exports/royalty_statement.html",
            {
                **printing.page_frame(organization, title),
                "organization": organization,
                "statement": statement,
                "agreement": statement.agreement,
                "territory": statement.agreement.territory,
                "franchisee": statement.agreement.franchisee,
                "month": rules.month_label(statement.month),
                "title": title,
                "lines": statement_lines_for_display(statement),
                "total_text": rules.money_text(statement.total),
                "generated_at": formats.date_format(now, "DATETIME_FORMAT"),
            },
        )


def statement_filename(statement):
    return printing.safe_filename(statement_title(statement), most=150) + ".pdf"


@jobs.job_handler(STATEMENT_PDF_JOB_KIND, label=gettext_lazy("Royalty statement PDF"))
def make_statement_pdf(job):
    statement = (
        RoyaltyStatement.objects.for_org(job.organization_id)
        .filter(pk=job.payload.get("statement_id"))
        .select_related("agreement", "agreement__territory", "agreement__franchisee")
        .first()
    )
    if statement is None:
        raise StatementPdfError(_("The statement was deleted before its PDF could be made."))
    if statement.file:
        return {"skipped": True}
    try:
        pdf, pages = printing.render_pdf(
            render_statement_html(statement, organization=job.organization)
        )
    except Exception as exc:  # the reason goes to the log; the user gets a readable one
        logger.exception("royalty statement %s failed", statement.pk)
        raise StatementPdfError(
            _(
                "The PDF could not be made; the error was logged for the "
                "support team. Try again later."
            )
        ) from exc
    statement.file.save(f"royalty-statement-{statement.pk}.pdf", ContentFile(pdf), save=False)
    statement.save(update_fields=["file"])
    return {"bytes": len(pdf), "pages": pages}
