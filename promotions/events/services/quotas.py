"""Telecom Day's staff quotas (set at the mobilisation meeting, T−10), the guests each
employee invites and the pre-orders they take (each records only their own), and the
daily PDF of the personal pre-order ranking (from T−5, like the contest's battle report:
a job per day, requested by the beat, e-mailed to the managers)."""

import logging
from datetime import time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import jobs, money
from campaigns.models import Job
from campaigns.tenancy import check_same_organization, each_organization, tenant_context

from ..models import Event, LeadChannel, PreOrder, RankingReport, StaffQuota
from ..rules import telecom as rules
from .guests import clean_mobile, guest_register

logger = logging.getLogger(__name__)

RANKING_PDF_JOB = "events.ranking_pdf"  # made by promotions/events/ranking_pdf.py
RANKING_REPORT_TIME = time(8, 0)  # local: before the day's work


def quota_save(*, organization, event, member, data, today=None):
    """Set (or change) one employee's quota: guests to bring, expected share who come (%),
    sales target (yuan), the reward/penalty rule as text. `member`: a user who is a member
    of the organization (the caller chose them among the members)."""
    check_same_organization(organization, event=event)
    money.check_amounts(
        organization.amount_ceilings,
        {"sales_target": (money.Kind.TARGET, data.get("sales_target"))},
    )
    today = today or timezone.localdate(timezone=organization.zoneinfo)
    with tenant_context(organization):
        rows = StaffQuota.objects.for_org(organization).select_for_update()
        quota = rows.filter(event=event, member=member).first()
        quota = quota or StaffQuota(
            organization=organization, event=event, member=member, set_on=today
        )
        for key in ("guests_to_bring", "expected_show_percent", "sales_target", "reward_rule"):
            if key in data and data[key] is not None:
                value = data[key]
                setattr(quota, key, value.strip() if isinstance(value, str) else value)
        quota.full_clean(exclude=["event", "member"], validate_constraints=False)
        try:
            with transaction.atomic():
                quota.save()
        except IntegrityError:  # set at the same moment by another manager: change theirs
            found = rows.get(event=event, member=member)
            quota.pk, quota.set_on = found.pk, found.set_on
            quota.save(force_update=True)
    return quota


def staff_invite(*, organization, event, actor, mobile, name=""):
    """An employee records a guest they invited (channel "staff invitation", invited by
    them). A mobile already registered is found and left as it is (its inviter stays)."""
    with tenant_context(organization):
        channel, _created = LeadChannel.objects.for_org(organization).get_or_create(
            organization=organization, name=rules.STAFF_INVITATION_CHANNEL
        )
    return guest_register(
        organization=organization,
        event=event,
        mobile=mobile,
        name=name,
        channel=channel,
        invited_by=actor,
        actor=actor,
    )


def preorder_record(
    *, organization, event, actor, customer, product, amount, customer_mobile="", staff=None
):
    """A pre-order the employee took: always their own. Naming another employee is refused
    (the ranking is personal: each records what they sold)."""
    check_same_organization(organization, event=event)
    if staff is not None and staff.pk != actor.pk:
        raise ValidationError(
            {
                "staff": _(
                    "You can record pre-orders only for yourself: %(name)s records their own."
                )
                % {"name": staff.get_full_name() or staff.get_username()}
            }
        )
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = [_("Enter an amount above zero.")]
    else:
        try:
            money.check_amounts(
                organization.amount_ceilings, {"amount": (money.Kind.PRICE, amount)}
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    mobile = ""
    if customer_mobile:
        try:
            mobile = clean_mobile(customer_mobile)
        except ValidationError as exc:
            errors["customer_mobile"] = exc.message_dict["mobile"]
    if errors:
        raise ValidationError(errors)
    with tenant_context(organization):
        row = PreOrder(
            organization=organization,
            event=event,
            staff=actor,
            customer=(customer or "").strip(),
            customer_mobile=mobile,
            product=(product or "").strip(),
            amount=amount,
        )
        row.full_clean(exclude=["event", "staff"])
        row.save()
    return row


def ranking_report_request(*, organization, event, day, actor=None):
    """The day's ranking PDF (one row per event and day), its job queued unless a file
    exists or a job for it is queued or running. Idempotent."""
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        reports = RankingReport.objects.for_org(organization).select_for_update()
        report = reports.filter(event=event, day=day).first()
        if report is None:
            report = RankingReport(organization=organization, event=event, day=day)
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:
                report = reports.get(event=event, day=day)
        if report.file:
            return report
        busy = (Job.Status.QUEUED, Job.Status.RUNNING)
        if (
            report.job_id
            and Job.objects.for_org(organization).filter(pk=report.job_id, status__in=busy).exists()
        ):
            return report
        report.job = jobs.job_enqueue(
            organization=organization,
            kind=RANKING_PDF_JOB,
            created_by=actor,
            payload={"report_id": report.pk, "event_id": event.pk, "day": day.isoformat()},
            max_attempts=3,
        )
        report.save(update_fields=["job"])
    return report


def ranking_reports_due(now=None):
    """Beat: for each event whose ranking is open (T−5 up to its last day), the day's PDF
    once the report time (08:00 local) has passed."""
    now = now or timezone.now()
    requested = []
    for organization in each_organization():
        local = timezone.localtime(now, organization.zoneinfo)
        if local.time() < RANKING_REPORT_TIME:
            continue
        today = local.date()
        events = Event.objects.for_org(organization).filter(
            date__lte=today + timedelta(days=rules.RANKING_DAYS_BEFORE), last_day__gte=today
        )
        for event in events:
            has_staff = StaffQuota.objects.for_org(organization).filter(event=event).exists()
            if (
                not has_staff
                and not PreOrder.objects.for_org(organization).filter(event=event).exists()
            ):
                continue  # not a Telecom Day with quotas: nothing to rank
            if RankingReport.objects.for_org(organization).filter(event=event, day=today).exists():
                continue
            try:
                requested.append(
                    ranking_report_request(organization=organization, event=event, day=today)
                )
            except Exception:  # one broken event must not hold up the others
                logger.exception("ranking PDF of event %s not requested", event.pk)
    return requested
