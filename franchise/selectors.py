"""Reads of the franchise strategy, always through the member's scope.

A franchisee-role member sees only what belongs to the franchisee their account is
linked to (Franchisee.account): those agreements, their territories, their revenue, their
issued statements. Anything else answers 404 exactly like a missing object.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Max, Sum
from django.utils import timezone

from campaigns.plans.models import Goal, Plan, PlanKind
from campaigns.roles import Role
from campaigns.tenancy import one_or_404

from . import rules
from .models import (
    ROLLOUT_ORDER,
    Agreement,
    Franchisee,
    GoalFigure,
    Hospital,
    PriceChange,
    Product,
    RecruitingEvent,
    RevenueReport,
    RolloutStatus,
    RoyaltyStatement,
    ServiceDelivery,
    StatementQuestion,
    SupportService,
    Territory,
)

ZERO = Decimal("0")
RANKING_MONTHS = 12
# The plan's recruiting events: 3 roadshows (P1 / early P2), 3 briefings (late P2 / P3).
PLANNED_EVENTS = [("roadshow", 3), ("briefing", 3)]
# The template's phases, used until the organization has a franchise plan with stages.
DEFAULT_PHASES = [
    rules.Phase(1, "P1", date(2007, 9, 1), date(2007, 12, 31), Decimal("4")),
    rules.Phase(2, "P2", date(2008, 1, 1), date(2008, 7, 31), Decimal("12")),
    rules.Phase(3, "P3", date(2008, 8, 1), date(2009, 8, 31), Decimal("13")),
]


def today_in(organization) -> date:
    """Today in the organization's time zone (what "not in the future" means there)."""
    return timezone.localdate(timezone=organization.zoneinfo)


def is_franchisee(membership):
    return membership.role == Role.FRANCHISEE


# -- scoped querysets -----------------------------------------------------------------------


def agreements_visible(membership):
    agreements = Agreement.objects.for_org(membership.organization_id).select_related(
        "territory", "franchisee"
    )
    if is_franchisee(membership):
        agreements = agreements.filter(franchisee__account_id=membership.user_id)
    return agreements


def territories_visible(membership):
    territories = Territory.objects.for_org(membership.organization_id)
    if is_franchisee(membership):
        territories = territories.filter(
            pk__in=agreements_visible(membership).values("territory_id")
        )
    return territories


def statements_visible(membership):
    statements = RoyaltyStatement.objects.for_org(membership.organization_id).select_related(
        "agreement", "agreement__territory", "agreement__franchisee", "job"
    )
    if is_franchisee(membership):
        statements = statements.filter(
            agreement__franchisee__account_id=membership.user_id,
            status__in=[RoyaltyStatement.Status.ISSUED, RoyaltyStatement.Status.LOCKED],
        )
    return statements


def revenue_visible(membership):
    return (
        RevenueReport.objects.for_org(membership.organization_id)
        .filter(agreement__in=agreements_visible(membership))
        .select_related("agreement", "agreement__territory")
    )


def hospitals_visible(membership):
    return (
        Hospital.objects.for_org(membership.organization_id)
        .filter(territory__in=territories_visible(membership))
        .select_related("territory")
    )


def deliveries_visible(membership):
    return (
        ServiceDelivery.objects.for_org(membership.organization_id)
        .filter(hospital__in=hospitals_visible(membership))
        .select_related("hospital", "hospital__territory", "service")
    )


def territory_get(membership, territory_id):
    return one_or_404(territories_visible(membership), pk=territory_id)


def agreement_get(membership, agreement_id):
    return one_or_404(agreements_visible(membership), pk=agreement_id)


def statement_get(membership, statement_id):
    return one_or_404(statements_visible(membership), pk=statement_id)


def hospital_get(membership, hospital_id):
    return one_or_404(hospitals_visible(membership), pk=hospital_id)


def question_get(statement, question_id):
    return one_or_404(
        StatementQuestion.objects.for_org(statement.organization_id).filter(statement=statement),
        pk=question_id,
    )


# -- lists ------------------------------------------------------------------------------------


def territories_of(organization):
    return Territory.objects.for_org(organization)


def franchisees_of(organization):
    return Franchisee.objects.for_org(organization).select_related("account", "recruited_at")


FRANCHISEE_SUGGESTIONS = 20


def franchisee_names_like(organization, typed):
    """Up to 20 franchisee names containing what was typed, alphabetically."""
    found = Franchisee.objects.for_org(organization)
    if typed:
        found = found.filter(name__icontains=typed)
    return list(found.order_by("name").values_list("name", flat=True)[:FRANCHISEE_SUGGESTIONS])


def products_of(organization):
    return Product.objects.for_org(organization)


def price_histories(organization):
    """Each product's price changes, oldest first: {product id: [changes]}."""
    history = {}
    for change in PriceChange.objects.for_org(organization).order_by("effective_on", "pk"):
        history.setdefault(change.product_id, []).append(change)
    return history


def support_services_of(organization):
    return SupportService.objects.for_org(organization)


def events_of(organization):
    return (
        RecruitingEvent.objects.for_org(organization)
        .select_related("territory")
        .prefetch_related("prospects")
    )


def events_on_timeline(organization):
    """(events, held): the recruiting events, each with the plan's phase it falls in
    (`event.phase`), and how many of each planned kind were held."""
    events = list(events_of(organization))
    _plan, phases = franchise_plan_phases(organization)
    for event in events:
        event.phase = rules.phase_holding(phases, event.held_on)
    held = Counter(event.kind for event in events)
    return events, {kind: held[kind] for kind, _n in PLANNED_EVENTS}


def questions_of(statement):
    return (
        StatementQuestion.objects.for_org(statement.organization_id)
        .filter(statement=statement)
        .select_related("asked_by", "answered_by")
    )


def agreement_covering(agreements, day):
    """The agreement in force on `day` (at most one, by the exclusivity rule)."""
    for agreement in agreements:
        if rules.periods_overlap(agreement.start_date, agreement.end_date, day, day):
            return agreement
    return None


# -- the plan's phases and goals -----------------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    pk: int
    organization_id: int
    title: str


def franchise_plan_phases(organization):
    """(plan, phases): the organization's franchise plan in force (never merely the most
    recently edited one: a new draft does not take the board over; docs/plans.md) and its
    stages as phases, in one query (the plan left-joined to its stages). With no plan in
    force, or one without stages, the template's phases."""
    stage = "stages__"
    rows = (
        Plan.objects.for_org(organization)
        .filter(kind=PlanKind.FRANCHISE, in_force=True)
        .order_by("pk", f"{stage}start_date", f"{stage}position")
        .values_list(
            "pk",
            "title",
            f"{stage}name",
            f"{stage}start_date",
            f"{stage}end_date",
            f"{stage}cumulative_target",
        )
    )
    if not rows:
        return None, DEFAULT_PHASES
    plan_pk, title = rows[0][:2]
    stages = [row[2:] for row in rows if row[0] == plan_pk and row[3] is not None]
    phases = [rules.Phase(n, *stage) for n, stage in enumerate(stages, 1)]
    return PlanSummary(plan_pk, organization.pk, title), phases or DEFAULT_PHASES


def franchise_goal_get(organization, goal_id):
    """A goal of one of the organization's franchise plans, or 404."""
    return one_or_404(
        Goal.objects.for_org(organization)
        .filter(plan__kind=PlanKind.FRANCHISE)
        .select_related("plan"),
        pk=goal_id,
    )


def goal_figures(goal):
    """Every figure recorded for the goal, newest first."""
    return (
        GoalFigure.objects.for_org(goal.organization_id)
        .filter(goal=goal)
        .order_by("-recorded_on", "-pk")
    )


@dataclass(frozen=True)
class GoalSummary:
    pk: int
    metric: str
    target_value: Decimal | None
    unit: str


@dataclass(frozen=True)
class FigureSummary:
    value: Decimal
    recorded_on: date
    note: str


def goals_with_figures(plan):
    """The plan's goals, each with the latest figure the manager recorded for it: one
    query, each goal joined to its figures newest first (the board reads it on every
    visit)."""
    if plan is None:
        return []
    figure = "franchise_figures__"
    rows = (
        Goal.objects.for_org(plan.organization_id)
        .filter(plan_id=plan.pk)
        .order_by(
            "position",
            "pk",
            F(f"{figure}recorded_on").desc(nulls_last=True),
            F(f"{figure}pk").desc(nulls_last=True),
        )
        .values_list(
            "pk",
            "metric",
            "target_value",
            "unit",
            f"{figure}value",
            f"{figure}recorded_on",
            f"{figure}note",
        )
    )
    goals = {}
    for pk, metric, target, unit, value, recorded_on, note in rows:
        if pk not in goals:  # the first row of a goal carries its latest figure
            goals[pk] = {
                "goal": GoalSummary(pk, metric, target, unit),
                "figure": None if recorded_on is None else FigureSummary(value, recorded_on, note),
            }
    return list(goals.values())


# -- the rollout board ------------------------------------------------------------------------


def rollout_board(organization):
    # Plain tuples (pk, name, status, planned phase, established on), not model instances:
    # a national board has a thousand of them.
    territories = list(
        territories_of(organization)
        .order_by("position", "name")
        .values_list("pk", "name", "status", "planned_phase", "established_on")
    )
    plan, phases = franchise_plan_phases(organization)
    progress = rules.phase_progress(phases, [(row[3], row[4]) for row in territories])
    by_status = Counter(row[2] for row in territories)
    signed = ROLLOUT_ORDER.index(RolloutStatus.SIGNED)
    return {
        "plan": plan,
        "territories": territories,
        "phases": progress,
        "status_counts": [
            (value, label, by_status[value]) for value, label in RolloutStatus.choices
        ],
        "covered": sum(by_status[status] for status in ROLLOUT_ORDER[signed:]),
        "total": len(territories),
        "goals": goals_with_figures(plan),
    }


# -- the territory dashboard ------------------------------------------------------------------


def territory_rank(organization, territory):
    """(rank, out of): the territory's revenue over the last 12 months that anyone
    reported, against every territory of the organization. Only the rank leaves here."""
    reports = RevenueReport.objects.for_org(organization)
    latest = reports.aggregate(latest=Max("month"))["latest"]
    totals = {pk: ZERO for pk in territories_of(organization).values_list("pk", flat=True)}
    if latest is not None:
        since = rules.add_months(latest, -(RANKING_MONTHS - 1))
        for territory_id, total in (
            reports.filter(month__gte=since, month__lte=latest)
            .values_list("agreement__territory_id")
            .annotate(total=Sum("revenue"))
        ):
            totals[territory_id] = total
    rank, out_of = rules.rank_of(totals, territory.pk)
    return {"rank": rank, "out_of": out_of, "since": since if latest else None, "until": latest}


def territory_dashboard(membership, territory, today):
    organization = membership.organization
    agreements = list(
        agreements_visible(membership).filter(territory=territory).order_by("-start_date")
    )
    current = agreement_covering(agreements, today) or (agreements[0] if agreements else None)
    revenue = list(
        revenue_visible(membership).filter(agreement__territory=territory).order_by("month")
    )
    statements = list(statements_visible(membership).filter(agreement__territory=territory))
    hospitals = list(Hospital.objects.for_org(organization).filter(territory=territory))
    deliveries = list(
        ServiceDelivery.objects.for_org(organization)
        .filter(hospital__territory=territory)
        .select_related("hospital", "service")[:50]
    )
    delivered_counts = {}
    for hospital_id in (
        ServiceDelivery.objects.for_org(organization)
        .filter(hospital__territory=territory)
        .values_list("hospital_id", flat=True)
    ):
        delivered_counts[hospital_id] = delivered_counts.get(hospital_id, 0) + 1
    for hospital in hospitals:
        hospital.delivered = delivered_counts.get(hospital.pk, 0)
    _plan, phases = franchise_plan_phases(organization)
    phase = next((p for p in phases if p.number == territory.planned_phase), None)
    return {
        "territory": territory,
        "agreements": agreements,
        "agreement": current,
        "costs": agreement_costs(current, statements) if current else None,
        "revenue": revenue,
        "statements": statements,
        "hospitals": hospitals,
        "deliveries": deliveries,
        "phase": phase,
        "phases": phases,
        "rank": territory_rank(organization, territory),
    }


def agreement_costs(agreement, statements):
    """What the agreement costs and what is paid or still due."""
    royalties = [s for s in statements if s.agreement_id == agreement.pk]
    return {
        "fee": agreement.franchise_fee,
        "fee_paid_on": agreement.fee_paid_on,
        "deposit": agreement.deposit,
        "deposit_paid_on": agreement.deposit_paid_on,
        "deposit_refunded_on": agreement.deposit_refunded_on,
        "allotment_value": rules.royalty(agreement.allotment_share, agreement.franchise_fee),
        "royalty_rate": agreement.royalty_rate,
        "royalties_total": sum((s.total for s in royalties), ZERO),
    }


def coverage_matrix(organization, territory):
    """Hospital × service: how many times each service was delivered to each hospital."""
    services = list(support_services_of(organization))
    hospitals = list(Hospital.objects.for_org(organization).filter(territory=territory))
    counts = {}
    for hospital_id, service_id in (
        ServiceDelivery.objects.for_org(organization)
        .filter(hospital__territory=territory)
        .values_list("hospital_id", "service_id")
    ):
        counts[(hospital_id, service_id)] = counts.get((hospital_id, service_id), 0) + 1
    rows = [
        {"hospital": h, "cells": [counts.get((h.pk, s.pk), 0) for s in services]} for h in hospitals
    ]
    return {"services": services, "rows": rows}


def new_products_by_year(organization):
    counts = rules.new_product_counts(
        list(products_of(organization).values_list("launched_on", flat=True))
    )
    return [
        {"year": year, "count": n, "verdict": rules.new_products_verdict(n)}
        for year, n in counts.items()
    ]
