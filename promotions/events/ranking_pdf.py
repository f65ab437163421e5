"""The daily PDF of Telecom Day's personal pre-order ranking (个人预订销量排行榜): the job
"events.ranking_pdf" prints it through campaigns.printing, stores it on its RankingReport
row and e-mails it to the organization's managers (like the contest's battle report, which
is printed on a schedule, and the bundles' daily report, which is e-mailed)."""

import logging

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs, printing

from .models import RankingReport
from .permissions import Perm
from .selectors.followups import members_who_can
from .selectors.telecom import preorder_ranking
from .services.quotas import RANKING_PDF_JOB

logger = logging.getLogger(__name__)


class RankingPdfError(Exception):
    """The PDF cannot be made; the job fails with this readable message."""


def render_ranking_html(event, day, *, organization):
    with translation.override(organization.default_language):
        title = _("Pre-order ranking %(day)s") % {"day": day.isoformat()}
        now = timezone.localtime(timezone.now(), organization.zoneinfo)
        return render_to_string(
            "exports/ranking_report.html",
            {
                **printing.page_frame(organization, f"{event.plan.title} · {title}"),
                "organization": organization,
                "event": event,
                "title": title,
                "generated_at": formats.date_format(now, "DATETIME_FORMAT"),
                "ranking": preorder_ranking(organization, event),
            },
        )


@jobs.job_handler(RANKING_PDF_JOB, label=gettext_lazy("Pre-order ranking PDF"))
def make_ranking_pdf(job):
    organization = job.organization
    report = (
        RankingReport.objects.for_org(organization)
        .filter(pk=job.payload.get("report_id"))
        .select_related("event", "event__plan")
        .first()
    )
    if report is None:
        raise RankingPdfError(_("The ranking report was deleted before its PDF could be made."))
    if report.file:
        return {"skipped": True}
    try:
        html = render_ranking_html(report.event, report.day, organization=organization)
        pdf, pages = printing.render_pdf(html)
    except Exception as exc:
        logger.exception("ranking PDF %s failed", report.pk)
        raise RankingPdfError(
            _("The PDF could not be made; the error was logged for the support team.")
        ) from exc
    name = f"ranking-{report.event_id}-{report.day.isoformat()}.pdf"
    report.file.save(name, ContentFile(pdf), save=False)
    report.made_at = timezone.now()
    addresses = [u.email for u in members_who_can(organization, Perm.MANAGE_EVENTS) if u.email]
    if addresses:
        with translation.override(organization.default_language):
            mail = EmailMessage(
                subject=_("%(title)s: pre-order ranking %(day)s")
                % {"title": report.event.plan.title, "day": report.day.isoformat()},
                body=_("The personal pre-order ranking of %(day)s is attached.")
                % {"day": report.day.isoformat()},
                to=addresses,
            )
            mail.attach(name, pdf, "application/pdf")
            mail.send()
        report.emailed_to = ", ".join(addresses)
    report.save(update_fields=["file", "made_at", "emailed_to"])
    return {"bytes": len(pdf), "pages": pages, "emailed_to": len(addresses)}
