"""Roles and what each may do: the one place permissions are decided.

docs/roles.md shows this matrix; a test keeps the two identical.
"""

from enum import StrEnum

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Organization admin")
    MANAGER = "manager", _("Marketing manager")
    BRANCH_STAFF = "branch_staff", _("Branch staff")
    FRANCHISEE = "franchisee", _("Franchisee")


class Perm(StrEnum):
    VIEW_HOME = "org.view_home"
    VIEW_OVERVIEW = "org.view_overview"
    MANAGE_MEMBERS = "org.manage_members"
    MANAGE_STRUCTURE = "org.manage_structure"
    VIEW_JOBS = "org.view_jobs"
    VIEW_PLANS = "plans.view"
    EDIT_PLANS = "plans.edit"
    RUN_PLANS = "plans.run"
    EXPORT_PLANS = "plans.export"
    VIEW_CONTESTS = "contests.view"
    ENTER_RESULTS = "contests.enter"
    MANAGE_CONTESTS = "contests.manage"
    VIEW_FRANCHISE = "franchise.view"
    MANAGE_FRANCHISE = "franchise.manage"
    VIEW_TERRITORY = "franchise.view_territory"
    REPORT_REVENUE = "franchise.report"
    VIEW_SMS = "sms.view"
    MANAGE_SMS = "sms.manage"
    VIEW_BUNDLES = "bundles.view"
    REGISTER_BUNDLES = "bundles.register"
    ACTIVATE_BUNDLES = "bundles.activate"
    MANAGE_BUNDLES = "bundles.manage"
    VIEW_BUNDLE_REPORT = "bundles.report"
    VIEW_CHANNELS = "bundles.channels_view"
    MANAGE_CHANNELS = "bundles.channels_manage"


PERM_LABELS = {
    Perm.VIEW_HOME: _("See the organization home page"),
    Perm.VIEW_OVERVIEW: _("See organization figures (members, branches, teams)"),
    Perm.MANAGE_MEMBERS: _("Add members, change roles and scopes, remove members"),
    Perm.MANAGE_STRUCTURE: _("Create, rename and delete branches and teams"),
    Perm.VIEW_JOBS: _("See background jobs and their status"),
    Perm.VIEW_PLANS: _("Read marketing plans, their consistency checks and history"),
    Perm.EDIT_PLANS: _(
        "Create plans (blank, from a template, as a copy), edit every part, "
        "save a plan as the organization's template"
    ),
    Perm.RUN_PLANS: _("Move a plan through draft → approved → running → closed"),
    Perm.EXPORT_PLANS: _("Export a plan as PDF and download it"),
    Perm.VIEW_CONTESTS: _("See contest progress, leaderboards and awards"),
    Perm.ENTER_RESULTS: _(
        "Enter, correct and void policies (branch staff: in their scope, their own entries)"
    ),
    Perm.MANAGE_CONTESTS: _("Set up a contest from a plan, manage agents and calendar stock"),
    Perm.VIEW_FRANCHISE: _(
        "See the franchise rollout board, territories, agreements, products, "
        "hospitals and recruiting events"
    ),
    Perm.MANAGE_FRANCHISE: _(
        "Run the franchise: territories, agreements, statements, prices, "
        "hospital support, events, goal figures"
    ),
    Perm.VIEW_TERRITORY: _(
        "See territory dashboards and royalty statements (franchisee: only their own territory)"
    ),
    Perm.REPORT_REVENUE: _(
        "Submit a month's revenue and ask about a statement (franchisee: their own territory)"
    ),
    Perm.VIEW_SMS: _(
        "See the SMS outbox (numbers masked; branch staff their branch's); in the demo, "
        "answer as the member"
    ),
    Perm.MANAGE_SMS: _("See and renew the SMS webhook secret"),
    Perm.VIEW_BUNDLES: _("See family-network registrations, members and coupons"),
    Perm.REGISTER_BUNDLES: _(
        "Register family networks from the paper form, redeem coupons "
        "(branch staff: for their branch)"
    ),
    Perm.ACTIVATE_BUNDLES: _(
        "Work the activation queue: mark confirmed members activated or "
        "failed (branch staff: their branch)"
    ),
    Perm.MANAGE_BUNDLES: _("Set the bundle tiers and the group-customer office address"),
    Perm.VIEW_BUNDLE_REPORT: _("See and download the daily report of members not added"),
    Perm.VIEW_CHANNELS: _(
        "See channels' bundle stock, ledgers, penalties and monthly "
        "statements (branch staff: the channel of their branch)"
    ),
    Perm.MANAGE_CHANNELS: _(
        "Make, hand out and recall bundle stock; record penalties for "
        "verified cases; make statements"
    ),
}

MATRIX: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_HOME: frozenset(Role),
    Perm.VIEW_OVERVIEW: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.MANAGE_MEMBERS: frozenset({Role.ADMIN}),
    Perm.MANAGE_STRUCTURE: frozenset({Role.ADMIN}),
    Perm.VIEW_JOBS: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.VIEW_PLANS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.EDIT_PLANS: frozenset({Role.MANAGER}),
    Perm.RUN_PLANS: frozenset({Role.MANAGER}),
    Perm.EXPORT_PLANS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.VIEW_CONTESTS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.ENTER_RESULTS: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_CONTESTS: frozenset({Role.MANAGER}),
    Perm.VIEW_FRANCHISE: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.MANAGE_FRANCHISE: frozenset({Role.MANAGER}),
    Perm.VIEW_TERRITORY: frozenset({Role.ADMIN, Role.MANAGER, Role.FRANCHISEE}),
    Perm.REPORT_REVENUE: frozenset({Role.MANAGER, Role.FRANCHISEE}),
    Perm.VIEW_SMS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_SMS: frozenset({Role.ADMIN}),
    Perm.VIEW_BUNDLES: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.REGISTER_BUNDLES: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.ACTIVATE_BUNDLES: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_BUNDLES: frozenset({Role.MANAGER}),
    Perm.VIEW_BUNDLE_REPORT: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.VIEW_CHANNELS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_CHANNELS: frozenset({Role.MANAGER}),
}


def can(role: str | None, perm: Perm) -> bool:
    return role in Role.values and Role(role) in MATRIX[perm]


def matrix_markdown() -> str:
    """The matrix as the Markdown table kept in docs/roles.md (English labels)."""
    roles = list(Role)
    with translation.override("en"):
        labels = {perm: str(label) for perm, label in PERM_LABELS.items()}
    lines = [
        "| permission | what it allows | " + " | ".join(r.value for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for perm in Perm:
        marks = " | ".join("yes" if r in MATRIX[perm] else "no" for r in roles)
        lines.append(f"| `{perm.value}` | {labels[perm]} | {marks} |")
    return "\n".join(lines)
