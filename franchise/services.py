"""Writes of the franchise strategy. Keyword-only, organization first, one transaction
each; every refusal is a django ValidationError (field → message in the user's language)
and changes nothing."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import jobs
from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context

from . import rules, selectors
from .models import (
    ROLLOUT_ORDER,
    Agreement,
    Franchisee,
    FranchiseModel,
    GoalFigure,
    Hospital,
    PriceChange,
    Product,
    RecruitingEvent,
    RevenueCorrection,
    RevenueReport,
    RolloutStatus,
    RoyaltyStatement,
    ServiceDelivery,
    StatementLine,
    StatementQuestion,
    SupportService,
    Territory,
)

STATEMENT_PDF_JOB_KIND = "franchise.statement_pdf"
ESTABLISHED = {RolloutStatus.MODEL_MARKET, RolloutStatus.STRONG_MARKET}

# The hospital-support catalogue of the plan (第1篇, 渠道支持), in the project's words.
SUPPORT_CATALOGUE = (
    "医疗服务需求与医院经营状况调研",
    "协助制定医疗服务营销计划与制度",
    "医疗市场分析报告与改进建议",
    "重点客户档案与大客户关系管理",
    "健康讲座、义诊等服务项目推广",
    "联合走访客户与市场、设置宣传栏",
    "卫生、社保、医保、保险等外部关系协同",
    "服务半径内居民点卫生服务联系点",
    "医院渠道数据库与营销资讯",
    "医护人员营销培训与科室技能训练",
    "诊前、诊中、诊后一体化客户服务",
    "院外服务网点选址调研与可行性分析",
    "双向转诊协调机制",
)


def _same_org(organization, **objects):
    for field, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError({field: _("Choose one of this organization's entries.")})


def _clean_save(obj, field_for_duplicates=None, duplicate_message=None):
    obj.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if field_for_duplicates is None:
            raise
        raise ValidationError({field_for_duplicates: duplicate_message}) from exc
    return obj


# -- territories -----------------------------------------------------------------------------


def territory_save(*, organization, name, planned_phase, position=None, territory=None):
    with tenant_context(organization):
        territory = territory or Territory(organization=organization)
        territory.name = (name or "").strip()
        territory.planned_phase = planned_phase
        if position is not None:
            territory.position = position
        elif territory.pk is None:
            territory.position = Territory.objects.for_org(organization).count() + 1
        return _clean_save(territory, "name", _("A territory with this name exists."))


def territory_set_status(*, organization, territory, status, on):
    """Move a territory in the rollout. The first day it counts as a model or strong
    market is kept: that is what the plan's phases measure."""
    if status not in ROLLOUT_ORDER:
        raise ValidationError({"status": _("Choose a rollout status.")})
    if on is None:
        raise ValidationError({"on": _("Enter the date of the change.")})
    with tenant_context(organization):
        locked = Territory.objects.for_org(organization).select_for_update().get(pk=territory.pk)
        locked.status, locked.status_changed_on = status, on
        if status in ESTABLISHED:
            locked.established_on = min(locked.established_on or on, on)
        else:
            locked.established_on = None
        locked.save(update_fields=["status", "status_changed_on", "established_on"])
    return locked


# -- franchisees and agreements ------------------------------------------------------------


def franchisee_save(
    *, organization, name, contact="", phone="", account=None, recruited_at=None, franchisee=None
):
    _same_org(organization, recruited_at=recruited_at)
    with tenant_context(organization):
        if (
            account is not None
            and not Membership.objects.for_org(organization)
            .filter(user=account, role=Role.FRANCHISEE)
            .exists()
        ):
            raise ValidationError({"account": _("Choose a member with the franchisee role.")})
        franchisee = franchisee or Franchisee(organization=organization)
        franchisee.name, franchisee.contact = (name or "").strip(), (contact or "").strip()
        franchisee.phone, franchisee.account = (phone or "").strip(), account
        franchisee.recruited_at = recruited_at
        return _clean_save(
            franchisee,
            "name",
            _("A franchisee with this name exists, or this login already belongs to one."),
        )


def agreement_create(
    *,
    organization,
    territory,
    franchisee,
    model,
    start_date,
    end_date=None,
    franchise_fee,
    deposit=Decimal("0"),
    allotment_share=Decimal("0"),
    royalty_rate=Decimal("0"),
    fee_paid_on=None,
    deposit_paid_on=None,
):
    """Grant a territory to a franchisee over dates. One franchisee per territory at any
    date: the territory row is locked while we check, and on PostgreSQL the exclusion
    constraint refuses what any other path might let through."""
    _same_org(organization, territory=territory, franchisee=franchisee)
    values = _agreement_values(
        model=model,
        start_date=start_date,
        end_date=end_date,
        franchise_fee=franchise_fee,
        deposit=deposit,
        allotment_share=allotment_share,
        royalty_rate=royalty_rate,
    )
    with tenant_context(organization):
        locked = Territory.objects.for_org(organization).select_for_update().get(pk=territory.pk)
        _refuse_overlap(organization, locked, values["start_date"], values["end_date"])
        agreement = Agreement(
            organization=organization,
            territory=locked,
            franchisee=franchisee,
            fee_paid_on=fee_paid_on,
            deposit_paid_on=deposit_paid_on,
            **values,
        )
        agreement.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                agreement.save()
        except IntegrityError as exc:  # the exclusion constraint: granted meanwhile
            raise ValidationError(
                {
                    "start_date": _(
                        "%(territory)s was just granted to another franchisee for these dates."
                    )
                    % {"territory": locked.name}
                }
            ) from exc
        if ROLLOUT_ORDER.index(locked.status) < ROLLOUT_ORDER.index(RolloutStatus.SIGNED):
            locked.status, locked.status_changed_on = RolloutStatus.SIGNED, start_date
            locked.save(update_fields=["status", "status_changed_on"])
    return agreement


def _agreement_values(
    *, model, start_date, end_date, franchise_fee, deposit, allotment_share, royalty_rate
):
    errors = {}
    if model not in FranchiseModel.values:
        errors["model"] = _("Choose model A or model B.")
    if start_date is None:
        errors["start_date"] = _("Enter the first day of the agreement.")
    elif end_date is not None and end_date < start_date:
        errors["end_date"] = _(
            "The last day (%(end)s) cannot be before the first day (%(start)s)."
        ) % {"end": end_date, "start": start_date}
    money = {}
    for field, raw, label in (
        ("franchise_fee", franchise_fee, _("franchise fee")),
        ("deposit", deposit, _("deposit")),
    ):
        try:
            money[field] = rules.parse_money(raw, field_label=label)
        except ValueError as exc:
            errors[field] = str(exc)
    percents = {}
    for field, raw in (("royalty_rate", royalty_rate), ("allotment_share", allotment_share)):
        try:
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise ArithmeticError
        except (ArithmeticError, ValueError):
            errors[field] = _("Enter a percentage between 0 and 100, e.g. 5 or 5.5.")
            continue
        if not Decimal("0") <= value <= Decimal("100"):
            errors[field] = (
                _("The royalty rate must be between 0% and 100%.")
                if field == "royalty_rate"
                else _("The share must be between 0% and 100%.")
            )
        elif value != value.quantize(Decimal("0.01")):
            errors[field] = _("Enter the percentage with at most two decimals.")
        else:
            percents[field] = value
    if model == FranchiseModel.A and percents.get("royalty_rate"):
        errors["royalty_rate"] = _("Model A pays no monthly royalty; leave the rate at 0.")
    if model == FranchiseModel.B and "royalty_rate" in percents and not percents["royalty_rate"]:
        errors["royalty_rate"] = _("Model B charges a monthly royalty: enter its rate.")
    if errors:
        raise ValidationError(errors)
    return {"model": model, "start_date": start_date, "end_date": end_date, **money, **percents}


def _refuse_overlap(organization, territory, start_date, end_date, exclude_pk=None):
    others = Agreement.objects.for_org(organization).filter(territory=territory)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    for other in others.select_related("franchisee").order_by("start_date"):
        if rules.periods_overlap(other.start_date, other.end_date, start_date, end_date):
            names = {
                "territory": territory.name,
                "franchisee": other.franchisee.name,
                "start": other.start_date,
                "end": other.end_date,
            }
            if other.end_date is None:
                message = _(
                    "%(territory)s is already granted to %(franchisee)s from "
                    "%(start)s, open-ended: one franchisee per territory at any date."
                )
            else:
                message = _(
                    "%(territory)s is already granted to %(franchisee)s from "
                    "%(start)s to %(end)s: one franchisee per territory at any date."
                )
            raise ValidationError({"start_date": message % names})


def agreement_record_payments(
    *, organization, agreement, fee_paid_on=None, deposit_paid_on=None, deposit_refunded_on=None
):
    """Record when the fee and the deposit were paid, and when the deposit (refundable
    at the end of a model A agreement) was paid back."""
    if deposit_refunded_on and (
        agreement.end_date is None or deposit_refunded_on < agreement.end_date
    ):
        raise ValidationError(
            {
                "deposit_refunded_on": _(
                    "The deposit is refunded when the agreement ends (%(end)s)."
                )
                % {"end": agreement.end_date or _("open-ended")}
            }
        )
    for field, day in (("fee_paid_on", fee_paid_on), ("deposit_paid_on", deposit_paid_on)):
        if day and day > today_in(organization):
            raise ValidationError({field: _("A payment cannot be in the future.")})
    with tenant_context(organization):
        agreement.fee_paid_on = fee_paid_on or agreement.fee_paid_on
        agreement.deposit_paid_on = deposit_paid_on or agreement.deposit_paid_on
        agreement.deposit_refunded_on = deposit_refunded_on or agreement.deposit_refunded_on
        agreement.save(update_fields=["fee_paid_on", "deposit_paid_on", "deposit_refunded_on"])
    return agreement


# -- revenue ------------------------------------------------------------------------------------


def revenue_submit(*, organization, membership, territory, month, revenue):
    """A month's revenue of the territory, by its franchisee (only their own agreement)
    or a manager. It can be submitted again until the month's statement is issued."""
    errors = {}
    try:
        month = rules.parse_month(month)
    except ValueError as exc:
        errors["month"] = str(exc)
    try:
        revenue = rules.parse_money(revenue, field_label=_("revenue"))
    except ValueError as exc:
        errors["revenue"] = str(exc)
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
        if month > rules.month_start(today_in(organization)):
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
    try:
        revenue = rules.parse_money(revenue, field_label=_("revenue"))
    except ValueError as exc:
        errors["revenue"] = str(exc)
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
            statement.save()
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
        if statement.status == RoyaltyStatement.Status.LOCKED:
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


# -- products and prices --------------------------------------------------------------------


def product_create(*, organization, name, line, tier, pricing, price, launched_on):
    try:
        price = rules.parse_money(price, field_label=_("price"))
    except ValueError as exc:
        raise ValidationError({"price": str(exc)}) from None
    with tenant_context(organization):
        product = Product(
            organization=organization,
            name=(name or "").strip(),
            line=(line or "").strip(),
            tier=tier,
            pricing=pricing,
            price=price,
            launched_on=launched_on,
        )
        return _clean_save(product, "name", _("A product with this name exists."))


def product_change_price(*, organization, actor, product, price, effective_on):
    """Change a price: at most once in any 12 months (refused with the date the next
    change is allowed). The product row is locked so two changes cannot both pass."""
    try:
        price = rules.parse_money(price, field_label=_("price"))
    except ValueError as exc:
        raise ValidationError({"price": str(exc)}) from None
    if effective_on is None:
        raise ValidationError({"effective_on": _("Enter the day the price takes effect.")})
    with tenant_context(organization):
        locked = Product.objects.for_org(organization).select_for_update().get(pk=product.pk)
        if effective_on < locked.launched_on:
            raise ValidationError(
                {
                    "effective_on": _("The product was launched on %(date)s; choose a later day.")
                    % {"date": locked.launched_on}
                }
            )
        if price == locked.price:
            raise ValidationError({"price": _("That is the current price.")})
        last = (
            PriceChange.objects.for_org(organization)
            .filter(product=locked)
            .order_by("-effective_on")
            .values_list("effective_on", flat=True)
            .first()
        )
        refusal = rules.price_change_refusal(last, effective_on)
        if refusal:
            raise ValidationError({"effective_on": refusal})
        change = PriceChange(
            organization=organization,
            product=locked,
            previous_price=locked.price,
            price=price,
            effective_on=effective_on,
            changed_by=actor,
        )
        change.save()
        locked.price = price
        locked.save(update_fields=["price"])
    return change


# -- hospital channel support -----------------------------------------------------------------


def support_catalogue_ensure(*, organization):
    """The 13 support services of the plan, once per organization (renamable there)."""
    with tenant_context(organization):
        existing = set(
            SupportService.objects.for_org(organization).values_list("number", flat=True)
        )
        SupportService.objects.bulk_create(
            [
                SupportService(organization=organization, number=n, name=name)
                for n, name in enumerate(SUPPORT_CATALOGUE, 1)
                if n not in existing
            ]
        )
        return list(SupportService.objects.for_org(organization))


def hospital_add(*, organization, territory, name):
    _same_org(organization, territory=territory)
    with tenant_context(organization):
        hospital = Hospital(
            organization=organization, territory=territory, name=(name or "").strip()
        )
        return _clean_save(
            hospital, "name", _("This territory already has a partner hospital of that name.")
        )


def delivery_record(*, organization, actor, hospital, service, delivered_on, note=""):
    _same_org(organization, hospital=hospital, service=service)
    if delivered_on is None:
        raise ValidationError({"delivered_on": _("Enter the day the service was delivered.")})
    if delivered_on > today_in(organization):
        raise ValidationError({"delivered_on": _("A delivery cannot be in the future.")})
    with tenant_context(organization):
        delivery = ServiceDelivery(
            organization=organization,
            hospital=hospital,
            service=service,
            delivered_on=delivered_on,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        delivery.full_clean()
        delivery.save()
    return delivery


# -- recruiting events and goal figures -------------------------------------------------------


def event_save(*, organization, kind, title, held_on, territory=None, attendance=0, event=None):
    _same_org(organization, territory=territory)
    with tenant_context(organization):
        event = event or RecruitingEvent(organization=organization)
        event.kind, event.title, event.held_on = kind, (title or "").strip(), held_on
        event.territory, event.attendance = territory, attendance
        event.full_clean()
        event.save()
    return event


def goal_figure_record(*, organization, goal, recorded_on, value, note=""):
    _same_org(organization, goal=goal)
    if recorded_on is None:
        raise ValidationError({"recorded_on": _("Enter the date of the figure.")})
    try:
        value = Decimal(str(value).replace(",", "").strip())
        if not value.is_finite():
            raise ArithmeticError
    except (ArithmeticError, ValueError):
        raise ValidationError({"value": _("Enter the figure as a number.")}) from None
    with tenant_context(organization):
        figure = GoalFigure(
            organization=organization,
            goal=goal,
            recorded_on=recorded_on,
            value=value,
            note=(note or "").strip(),
        )
        figure.full_clean()
        figure.save()
    return figure


def today_in(organization) -> date:
    return timezone.localdate(timezone=organization.zoneinfo)
