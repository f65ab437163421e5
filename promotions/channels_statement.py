"""A channel's monthly statement: commission on the bundles first activated that month
(the tier's commission each), minus penalties verified that month, minus the commission
a lost form forfeits — every line saying how it was computed. Its PDF is made by the job
"bundle.statement_pdf" through the plans' print machinery (campaigns.plans.pdf)."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from campaigns import jobs, printing
from campaigns.tenancy import tenant_context

from . import bundles_rules as rules
from .models import BundleMember, ChannelStatement, MemberStatus, Penalty

logger = logging.getLogger(__name__)
JOB_KIND = "bundle.statement_pdf"


class StatementError(Exception):
    """The PDF cannot be made at all; the job fails with this readable message."""


def first_of_month(value):
    return date(value.year, value.month, 1)


def statement_lines(organization, channel, month):
    """The statement's lines (rules.StatementLine), commission first, then deductions."""
    start, end = rules.month_bounds(month, organization.zoneinfo)
    lines = []
    if channel.branch_id:
        first_activations = (
            BundleMember.objects.for_org(organization)
            .filter(registration__branch_id=channel.branch_id, status=MemberStatus.ACTIVATED)
            .values(
                "registration_id",
                "registration__form_number",
                "registration__tier__price",
                "registration__tier__commission",
            )
            .annotate(first=Min("activated_at"))
            .order_by("first")
        )
        for row in first_activations:
            if not start <= row["first"] < end:
                continue
            commission = row["registration__tier__commission"]
            lines.append(
                rules.StatementLine(
                    "commission",
                    _("Form %(form)s") % {"form": row["registration__form_number"]},
                    commission,
                    _(
                        "%(price)s yuan bundle, first member activated %(day)s: commission "
                        "%(amount)s yuan"
                    )
                    % {
                        "price": rules.yuan(row["registration__tier__price"]),
                        "day": timezone.localdate(row["first"], organization.zoneinfo),
                        "amount": rules.yuan(commission),
                    },
                )
            )
    penalties = (
        Penalty.objects.for_org(organization)
        .filter(channel=channel, verified_on__gte=start.date(), verified_on__lt=end.date())
        .select_related("registration", "registration__tier")
        .order_by("verified_on")
    )
    for penalty in penalties:
        lines.append(
            rules.StatementLine(
                "penalty",
                penalty.get_kind_display(),
                -penalty.amount,
                _("Case %(case)s, verified %(day)s: %(amount)s yuan deducted")
                % {
                    "case": penalty.case_reference,
                    "day": penalty.verified_on,
                    "amount": rules.yuan(penalty.amount),
                },
            )
        )
        if penalty.kind == Penalty.Kind.LOST_FORM and penalty.registration:
            forfeit = penalty.registration.tier.commission
            lines.append(
                rules.StatementLine(
                    "forfeit",
                    _("Form %(form)s lost") % {"form": penalty.registration.form_number},
                    -forfeit,
                    _("Case %(case)s: the bundle's commission of %(amount)s yuan is forfeited")
                    % {"case": penalty.case_reference, "amount": rules.yuan(forfeit)},
                )
            )
    return lines


def statement_request(*, organization, channel, month, actor=None):
    """Ask for the month's PDF (once per channel and month; a failed one is asked again)."""
    month = first_of_month(month)
    if month > first_of_month(timezone.localdate()):
        raise ValidationError(
            {"month": _("A statement can only be made for a month that has begun.")}
        )
    with tenant_context(organization):
        statements = ChannelStatement.objects.for_org(organization)
        try:
            with transaction.atomic():
                statement, _made = statements.get_or_create(
                    organization=organization, channel=channel, month=month
                )
        except IntegrityError:  # asked for twice at once
            statement = statements.get(channel=channel, month=month)
        busy = statement.job and statement.job.status in ("queued", "running")
        if not statement.file and not busy:
            statement.job = jobs.job_enqueue(
                organization=organization,
                kind=JOB_KIND,
                payload={"statement_id": statement.pk},
                created_by=actor,
            )
            statement.save(update_fields=["job"])
    return statement


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


@jobs.job_handler(JOB_KIND)
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
