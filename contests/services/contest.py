"""Starting a contest from a contest-kind plan, and changing its settings."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.plans.models import Goal, PlanKind
from campaigns.tenancy import tenant_context

from ..models import Contest
from ..rules import rewards
from .battle_reports import battle_reports_mark_outdated


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
        goal = (
            Goal.objects.for_org(organization)
            .filter(plan=plan, target_value__gt=0)
            .order_by("position")
            .values_list("target_value", flat=True)
            .first()
        )
        if goal is None:
            raise ValidationError({"plan": _("Give the plan a goal with a target first.")})
        try:
            rewards.rules_from_extra(plan.extra or {})
        except ValueError as exc:
            raise ValidationError({"plan": str(exc)}) from exc
        contest = Contest(
            organization=organization,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=goal,
            calendar_stock=calendar_stock,
            rules=plan.extra or {},
        )
        contest.full_clean()
        contest.save()
    return contest


def contest_settings_save(*, organization, contest, calendar_stock, report_time, rules_extra):
    """Change the stock, the report time and the reward rules of a contest. The new rules
    replace those pieces of the contest's rules (other keys are kept) and are checked as a
    whole; the stock cannot fall below the calendars already handed out. Printed battle
    reports show team fund tiers, so they are marked outdated when the rules change."""
    with tenant_context(organization):
        locked = Contest.objects.for_org(organization).select_for_update().get(pk=contest.pk)
        if calendar_stock < locked.calendars_taken:
            raise ValidationError(
                {
                    "calendar_stock": _(
                        "%(n)d calendars are already handed out; the stock cannot be lower."
                    )
                    % {"n": locked.calendars_taken}
                }
            )
        _check_rule_amounts(organization, rules_extra)
        new_rules = {**(locked.rules or {}), **rules_extra}
        try:
            rewards.rules_from_extra(new_rules)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        changed_rules = new_rules != locked.rules
        locked.calendar_stock, locked.report_time, locked.rules = (
            calendar_stock,
            report_time,
            new_rules,
        )
        locked.full_clean()
        locked.save(update_fields=["calendar_stock", "report_time", "rules"])
        if changed_rules:
            battle_reports_mark_outdated(
                organization=organization, contest=locked, day=locked.period_start
            )
    return locked


def _check_rule_amounts(organization, rules_extra):
    """The plausible bounds (campaigns.money) of the amounts in new reward rules: tier
    thresholds and minimum targets are targets, team funds rewards. The keys name the
    settings form's fields."""
    amounts = {}
    for index, tier in enumerate(rules_extra.get("team_tiers", [])):
        amounts[f"team_{index}_threshold"] = (money.Kind.TARGET, tier.get("threshold"))
        amounts[f"team_{index}_reward"] = (money.Kind.REWARD, tier.get("reward"))
    for tier in rules_extra.get("individual_tiers", []):
        amounts[f"item_{tier['item']}_threshold"] = (money.Kind.TARGET, tier.get("threshold"))
    for key, value in (rules_extra.get("min_target") or {}).items():
        amounts[f"min_target_{key}"] = (money.Kind.TARGET, value)
    money.check_amounts(organization.amount_ceilings, amounts)
