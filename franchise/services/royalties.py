"""Monthly revenue, royalty statements and the questions on them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import jobs, money
from campaigns.tenancy import tenant_context

from .. import rules, selectors
from ..models import (
    FranchiseModel,
    RevenueCorrection,
    RevenueReport,
    RoyaltyStatement,
    StatementLine,
    StatementQuestion,
)

STATEMENT_PDF_JOB_KIND = "franchise.statement_pdf"  # made by franchise/statement_pdf.py

# -- revenue ------------------------------------------------------------------------------------


def revenue_submit(*, organization, membership, territory, month, revenue):
    """A month's revenue of the territory, by its franchisee (only their own agreement)
    or a manager. It can be submitted again until the month's statement is issued."""
    errors = {}
    try:
        month = rules.parse_month(month)
    except ValueError as exc:
        errors["month"] = str(exc)
    revenue = _revenue(organization, revenue, errors)
    if errors:
        raise ValidationError(errors)
    with tenant_context(organization):
        territory = selectors.territory_get(membership, territory.pk)
        agreements = list(selectors.agreements_visible(membership).filter(territory=territory))
        agreement = next(
            (a for a in agreements if rules.month_within(month, a.start_date, a.end_date)), None
        )
        if agreement is None:
            periods = "; ".join(
                f"{a.start_date} – {a.end_date or _('open-ended')}"
                for a in sorted(agreements, key=lambda a: a.start_date)
            )
            raise ValidationError(
                {
                    "month": _(
                        "No agreement of %(territory)s covers %(month)s (agreements: %(periods)s)."
                    )
                    % {
                        "territory": territory.name,
                        "month": rules.month_label(month),
                        "periods": periods or _("none"),
                    }
                }
            )
        if month > rules.month_start(selectors.today_in(organization)):
            raise ValidationError(
                {"month": _("%(month)s has not begun yet.") % {"month": rules.month_label(month)}}
            )
        _refuse_issued_month(organization, agreement, month)
        report, _created = RevenueReport.objects.for_org(organization).update_or_create(
            organization=organization,
            agreement=agreement,
            month=month,
            defaults={"revenue": revenue, "submitted_by": membership.user},
        )
    return report


def _revenue(organization, revenue, errors):
    """A month's revenue as the money input reads it, within the organization's bound;
    what is wrong with it goes into `errors` (then the value is returned as given)."""
    try:
        return rules.parse_money(
            revenue,
            kind=money.Kind.REVENUE,
            ceiling=money.ceiling_for(money.Kind.REVENUE, organization.amount_ceilings),
        )
    except ValidationError as exc:
        errors["revenue"] = exc.messages
        return revenue


def _refuse_issued_month(organization, agreement, month):
    issued = (
        RoyaltyStatement.objects.for_org(organization)
        .filter(agreement=agreement, month=month)
        .exclude(status=RoyaltyStatement.Status.DRAFT)
    )
    if issued.exists():
        raise ValidationError(
            {
                "month": _(
                    "The royalty statement of %(month)s is already issued; its revenue cannot "
                    "change. Ask the franchise manager to record a correction: it is charged on "
                    "the next statement."
                )
                % {"month": rules.month_label(month)}
            }
        )


def revenue_correct(*, organization, actor, agreement, month, revenue, reason):
    """Correct the revenue of a month whose statement is issued: the issued statement stays
    as it is; the difference becomes an adjustment line on the next statement."""
    errors = {}
    try:
        month = rules.parse_month(month)
    except ValueError as exc:
        errors["month"] = str(exc)
    revenue = _revenue(organization, revenue, errors)
    if not (reason or "").strip():
        errors["reason"] = _("Say why the revenue is corrected.")
    if errors:
        raise ValidationError(errors)
    with tenant_context(organization):
        report = (
            RevenueReport.objects.for_org(organization)
            .select_for_update()
            .filter(agreement=agreement, month=month)
            .first()
        )
        issued = (
            RoyaltyStatement.objects.for_org(organization)
            .filter(agreement=agreement, month=month)
            .exclude(status=RoyaltyStatement.Status.DRAFT)
        )
        if report is None or not issued.exists():
            raise ValidationError(
                {
                    "month": _(
                        "%(month)s has no issued statement: submit its revenue again instead."
                    )
                    % {"month": rules.month_label(month)}
                }
            )
        if report.revenue == revenue:
            raise ValidationError({"revenue": _("That is the revenue already on record.")})
        correction = RevenueCorrection(
            organization=organization,
            agreement=agreement,
            month=month,
            previous_revenue=report.revenue,
            corrected_revenue=revenue,
            reason=reason.strip(),
            recorded_by=actor,
        )
        correction.full_clean()
        correction.save()
        report.revenue, report.submitted_by = revenue, actor
        report.save(update_fields=["revenue", "submitted_by", "submitted_at"])
    return correction


# -- royalty statements ---------------------------------------------------------------------


def statement_compute(*, organization, agreement, month):
    """Compute (or recompute, while still a draft) the month's statement: the royalty on
    the month's revenue, then an adjustment line for each correction not yet charged."""
    try:
        month = rules.parse_month(month)
    except ValueError as exc:
        raise ValidationError({"month": str(exc)}) from None
    with tenant_context(organization):
        if agreement.model != FranchiseModel.B:
            raise ValidationError({"month": _("Model A agreements pay no monthly royalty.")})
        report = (
            RevenueReport.objects.for_org(organization)
            .filter(agreement=agreement, month=month)
            .first()
        )
        if report is None:
            raise ValidationError(
                {
                    "month": _("%(month)s has no revenue report yet.")
                    % {"month": rules.month_label(month)}
                }
            )
        statements = RoyaltyStatement.objects.for_org(organization).select_for_update()
        statement = statements.filter(agreement=agreement, month=month).first()
        if statement is not None and statement.status != RoyaltyStatement.Status.DRAFT:
            raise ValidationError(
                {
                    "month": _(
                        "The statement of %(month)s is already issued and cannot be recomputed."
                    )
                    % {"month": rules.month_label(month)}
                }
            )
        if statement is None:
            statement = RoyaltyStatement(
                organization=organization, agreement=agreement, month=month
            )
            try:
                with transaction.atomic():
                    statement.save()
            except IntegrityError:  # computed at the same moment by another request
                statement = statements.get(agreement=agreement, month=month)
                if statement.status != RoyaltyStatement.Status.DRAFT:
                    raise ValidationError(
                        {
                            "month": _(
                                "The statement of %(month)s is already issued and cannot be "
                                "recomputed."
                            )
                            % {"month": rules.month_label(month)}
                        }
                    ) from None
        corrections = list(
            RevenueCorrection.objects.for_org(organization).filter(
                agreement=agreement, month__lt=month, statement__isnull=True
            )
            | RevenueCorrection.objects.for_org(organization).filter(statement=statement)
        )
        lines = rules.statement_lines(
            month=month,
            revenue=report.revenue,
            rate=agreement.royalty_rate,
            corrections=[
                rules.Correction(c.month, c.previous_revenue, c.corrected_revenue, c.reason)
                for c in corrections
            ],
        )
        StatementLine.objects.for_org(organization).filter(statement=statement).delete()
        StatementLine.objects.bulk_create(
            [
                StatementLine(
                    organization=organization,
                    statement=statement,
                    position=n,
                    kind=line.kind,
                    month=line.month,
                    revenue=line.revenue,
                    rate=line.rate,
                    amount=line.amount,
                    note=line.note,
                )
                for n, line in enumerate(lines, 1)
            ]
        )
        RevenueCorrection.objects.for_org(organization).filter(
            pk__in=[c.pk for c in corrections]
        ).update(statement=statement)
        statement.total = rules.statement_total(lines)
        statement.save(update_fields=["total", "computed_at"])
    return statement


def statement_issue(*, organization, statement, actor=None):
    """Issue a computed statement to the franchisee and queue its PDF."""
    with tenant_context(organization):
        issued = (
            RoyaltyStatement.objects.for_org(organization)
            .filter(pk=statement.pk, status=RoyaltyStatement.Status.DRAFT)
            .update(status=RoyaltyStatement.Status.ISSUED, issued_at=timezone.now())
        )
        if not issued:
            raise ValidationError(_("This statement is already issued."))
        statement.refresh_from_db()
        statement_request_pdf(organization=organization, statement=statement, actor=actor)
    return statement


def statement_lock(*, organization, statement):
    with tenant_context(organization):
        locked = (
            RoyaltyStatement.objects.for_org(organization)
            .filter(pk=statement.pk, status=RoyaltyStatement.Status.ISSUED)
            .update(status=RoyaltyStatement.Status.LOCKED, locked_at=timezone.now())
        )
        if not locked:
            raise ValidationError(_("Only an issued statement can be locked."))
        statement.refresh_from_db()
    return statement


def statement_request_pdf(*, organization, statement, actor=None):
    """Queue the statement's PDF unless it exists or a job for it is under way."""
    from campaigns.models import Job

    with tenant_context(organization):
        locked = (
            RoyaltyStatement.objects.for_org(organization).select_for_update().get(pk=statement.pk)
        )
        if locked.status == RoyaltyStatement.Status.DRAFT:
            raise ValidationError(_("Issue the statement first."))
        busy = (Job.Status.QUEUED, Job.Status.RUNNING)
        if locked.file or (
            locked.job_id
            and Job.objects.for_org(organization).filter(pk=locked.job_id, status__in=busy).exists()
        ):
            return locked
        locked.job = jobs.job_enqueue(
            organization=organization,
            kind=STATEMENT_PDF_JOB_KIND,
            created_by=actor,
            payload={"statement_id": locked.pk},
            max_attempts=3,
        )
        locked.save(update_fields=["job"])
        statement.job = locked.job
    return locked


def question_ask(*, organization, membership, statement, text):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    with tenant_context(organization):
        statement = selectors.statement_get(membership, statement.pk)
        if not rules.questions_open(statement.status):
            raise ValidationError({"text": _("This statement is locked; questions are closed.")})
        question = StatementQuestion(
            organization=organization, statement=statement, text=text, asked_by=membership.user
        )
        question.full_clean()
        question.save()
    return question


def question_answer(*, organization, actor, question, answer):
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    with tenant_context(organization):
        question.answer, question.answered_by = answer, actor
        question.answered_at = timezone.now()
        question.full_clean()
        question.save(update_fields=["answer", "answered_by", "answered_at"])
    return question
