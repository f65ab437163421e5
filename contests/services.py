"""Writes of the sales contest. Keyword-only, organization first, one transaction each;
errors are django ValidationError (field → message in the user's language)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from campaigns.plans.models import Goal, PlanKind
from campaigns.roles import Role
from campaigns.tenancy import tenant_context

from . import rules, selectors
from .models import Agent, Contest, Policy, PolicyEvent

POLICY_FIELDS = ("agent", "number", "premium", "issued_on", "product", "card_number")


def contest_create(*, organization, plan, calendar_stock):
    """Run a contest-kind plan: its dates are the period, its first goal the department
    goal, its stages with cumulative targets the checkpoints, its reward rules the rules."""
    with tenant_context(organization):
        if plan.kind != PlanKind.CONTEST:
            raise ValidationError({"plan": _("Choose a plan of the sales-contest kind.")})
        if Contest.objects.for_org(organization).filter(plan=plan).exists():
            raise ValidationError({"plan": _("This plan already runs a contest.")})
        if not (plan.start_date and plan.end_date):
            raise ValidationError({"plan": _("Give the plan its first and last day first.")})
        goal = (Goal.objects.for_org(organization).filter(plan=plan, target_value__gt=0)
                .order_by("position").values_list("target_value", flat=True).first())
        if goal is None:
            raise ValidationError({"plan": _("Give the plan a goal with a target first.")})
        try:
            rules.rules_from_extra(plan.extra or {})
        except ValueError as exc:
            raise ValidationError({"plan": str(exc)}) from exc
        contest = Contest(organization=organization, plan=plan, period_start=plan.start_date,
                          period_end=plan.end_date, goal=goal, calendar_stock=calendar_stock,
                          rules=plan.extra or {})
        contest.full_clean()
        contest.save()
    return contest


def contest_set_stock(*, organization, contest, calendar_stock):
    with tenant_context(organization):
        if calendar_stock < contest.calendars_taken:
            raise ValidationError({"calendar_stock": _(
                "%(n)d calendars are already handed out; the stock cannot be lower.")
                % {"n": contest.calendars_taken}})
        Contest.objects.for_org(organization).filter(pk=contest.pk).update(
            calendar_stock=calendar_stock)


def agent_save(*, organization, code, name, team, full_time=True, active=True, agent=None):
    if team.organization_id != organization.pk:
        raise ValidationError({"team": _("Choose a team of this organization.")})
    with tenant_context(organization):
        agent = agent or Agent(organization=organization)
        agent.code, agent.name, agent.team = code.strip(), name.strip(), team
        agent.full_time, agent.active = full_time, active
        agent.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                agent.save()
        except IntegrityError as exc:
            raise ValidationError({"code": _("An agent with this code exists.")}) from exc
    return agent


def policy_record(*, organization, membership, contest, agent, number, premium, issued_on,
                  product="", card_number=""):
    """Enter one policy. It takes a desk calendar from the stock while any are left: one
    conditional update of the contest row, so concurrent entries can never oversell."""
    actor = membership.user
    with tenant_context(organization):
        values = _checked(membership, contest, agent=agent, number=number, premium=premium,
                          issued_on=issued_on, product=product, card_number=card_number)
        _refuse_duplicate(contest, values["number"])
        policy = Policy(organization=organization, contest=contest, entered_by=actor, **values)
        try:
            with transaction.atomic():
                policy.save()
        except IntegrityError as exc:  # the same number entered at the same moment
            raise ValidationError({"number": _("This policy number was just entered by "
                                               "someone else.")}) from exc
        policy.calendar = _take_calendar(organization, contest)
        if policy.calendar:
            policy.save(update_fields=["calendar"])
        _record(policy, actor, "recorded", {k: [None, _plain(v)] for k, v in values.items()})
    return policy


def policy_correct(*, organization, membership, contest, policy, version, data):
    """Correct an entry (branch staff: only their own). Changes are kept in its history."""
    _refuse_others_entry(membership, policy)
    with tenant_context(organization):
        current = (Policy.objects.for_org(organization).select_for_update()
                   .filter(pk=policy.pk, contest=contest, voided=False).first())
        if current is None:
            raise ValidationError(_("This entry was voided meanwhile."))
        if current.version != version:
            raise ValidationError(_("Someone changed this entry meanwhile; reload and check "
                                    "it again."))
        merged = {f: data.get(f, getattr(current, f)) for f in POLICY_FIELDS}
        values = _checked(membership, contest, **merged)
        if values["number"] != current.number:
            _refuse_duplicate(contest, values["number"])
        changes = {f: [_plain(getattr(current, f)), _plain(v)] for f, v in values.items()
                   if getattr(current, f) != v}
        for field, value in values.items():
            setattr(current, field, value)
        current.version += 1
        current.save()
        if changes:
            _record(current, membership.user, "corrected", changes)
    return current


def policy_void(*, organization, membership, contest, policy):
    """Void an entry: it stops counting, and its calendar goes back to the stock."""
    _refuse_others_entry(membership, policy)
    with tenant_context(organization):
        voided = (Policy.objects.for_org(organization)
                  .filter(pk=policy.pk, contest=contest, voided=False)
                  .update(voided=True, calendar=False, version=F("version") + 1))
        if not voided:
            return
        if policy.calendar:
            Contest.objects.for_org(organization).filter(
                pk=contest.pk, calendars_taken__gt=0).update(
                calendars_taken=F("calendars_taken") - 1)
        _record(policy, membership.user, "voided", {"voided": [False, True]})


# -- helpers -------------------------------------------------------------------------------

def _checked(membership, contest, *, agent, number, premium, issued_on, product, card_number):
    errors = {}
    if agent is None or not selectors.agents_in_scope(membership).filter(pk=agent.pk).exists():
        errors["agent"] = _("This agent is not in your team or branch.")
    elif not agent.active:
        errors["agent"] = _("This agent is no longer active.")
    number = (number or "").strip()
    if not number:
        errors["number"] = _("Enter the policy number.")
    try:
        premium = Decimal(str(premium).replace(",", "").strip())
        if not premium.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["premium"] = _("Enter the premium as a number, e.g. 3000 or 3000.50.")
    else:
        if premium <= 0:
            errors["premium"] = _("The premium must be more than zero.")
        elif premium != premium.quantize(Decimal("0.01")) or premium >= Decimal("1e12"):
            errors["premium"] = _("Enter the premium in yuan with at most two decimals.")
    if issued_on is None:
        errors["issued_on"] = _("Enter the issue date.")
    elif not contest.period_start <= issued_on <= contest.period_end:
        errors["issued_on"] = _(
            "Only policies issued during the contest (%(start)s – %(end)s) count."
        ) % {"start": contest.period_start, "end": contest.period_end}
    card_number = (card_number or "").strip()
    if not card_number:
        errors["card_number"] = _("Each periodic policy needs its attached card policy number.")
    if errors:
        raise ValidationError(errors)
    return {"agent": agent, "number": number, "premium": premium, "issued_on": issued_on,
            "product": (product or "").strip(), "card_number": card_number}


def _refuse_duplicate(contest, number):
    existing = (Policy.objects.for_org(contest.organization_id)
                .filter(contest=contest, number=number).select_related("agent").first())
    if existing is not None:
        raise ValidationError({"number": _(
            "Policy %(number)s is already entered: %(agent)s, issued %(date)s%(voided)s."
        ) % {"number": number, "agent": existing.agent, "date": existing.issued_on,
             "voided": _(" (voided — correct that entry instead)") if existing.voided else ""}})


def _refuse_others_entry(membership, policy):
    if membership.role == Role.BRANCH_STAFF and policy.entered_by_id != membership.user_id:
        raise ValidationError(_("You can only correct or void your own entries."))


def _take_calendar(organization, contest):
    return bool(
        Contest.objects.for_org(organization)
        .filter(pk=contest.pk, calendars_taken__lt=F("calendar_stock"))
        .update(calendars_taken=F("calendars_taken") + 1)
    )


def _plain(value):
    return value if isinstance(value, str | int | bool | type(None)) else str(value)


def _record(policy, actor, action, changes):
    PolicyEvent.objects.create(organization_id=policy.organization_id, policy=policy,
                               actor=actor, action=action, changes=changes)
