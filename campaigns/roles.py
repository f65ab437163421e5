"""Roles and what each may do: the one place permissions are decided.

The core's permissions are below; each feature app declares its own (a `Perm` enum of
its own in `<app>/permissions.py`, values prefixed with the app) and registers them with
`register_permissions` from its `AppConfig.ready()`. docs/roles.md shows the whole matrix
in registration order; a test keeps the two identical.
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
    MANAGE_AMOUNT_LIMITS = "org.manage_amount_limits"
    VIEW_JOBS = "org.view_jobs"
    MANAGE_SETTINGS = "org.manage_settings"
    VIEW_PLANS = "plans.view"
    EDIT_PLANS = "plans.edit"
    RUN_PLANS = "plans.run"
    EXPORT_PLANS = "plans.export"
    VIEW_SMS = "sms.view"
    MANAGE_SMS = "sms.manage"


CORE_LABELS = {
    Perm.VIEW_HOME: _("See the organization home page"),
    Perm.VIEW_OVERVIEW: _("See organization figures (members, branches, teams)"),
    Perm.MANAGE_MEMBERS: _("Add members, change roles and scopes, remove members"),
    Perm.MANAGE_STRUCTURE: _("Create, rename and delete branches and teams"),
    Perm.MANAGE_AMOUNT_LIMITS: _("Raise or lower the organization's upper bounds of amounts"),
    Perm.VIEW_JOBS: _("See background jobs and their status"),
    Perm.MANAGE_SETTINGS: _(
        "Choose the organization's modules (the kinds of plan it runs; switching one off "
        "hides it and deletes nothing)"
    ),
    Perm.VIEW_PLANS: _("Read marketing plans, their consistency checks and history"),
    Perm.EDIT_PLANS: _(
        "Create plans (blank, from a template, as a copy), edit every part, "
        "save a plan as the organization's template"
    ),
    Perm.RUN_PLANS: _("Move a plan through draft → approved → running → closed"),
    Perm.EXPORT_PLANS: _("Export a plan as PDF and download it"),
    Perm.VIEW_SMS: _(
        "See the SMS outbox (numbers masked; branch staff their branch's); in the demo, "
        "answer as the member"
    ),
    Perm.MANAGE_SMS: _("See and renew the SMS webhook secret"),
}

CORE_MATRIX: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_HOME: frozenset(Role),
    Perm.VIEW_OVERVIEW: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.MANAGE_MEMBERS: frozenset({Role.ADMIN}),
    Perm.MANAGE_STRUCTURE: frozenset({Role.ADMIN}),
    Perm.MANAGE_AMOUNT_LIMITS: frozenset({Role.ADMIN}),
    Perm.VIEW_JOBS: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Perm.VIEW_PLANS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.EDIT_PLANS: frozenset({Role.MANAGER}),
    Perm.RUN_PLANS: frozenset({Role.MANAGER}),
    Perm.EXPORT_PLANS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.VIEW_SMS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_SMS: frozenset({Role.ADMIN}),
}


# Every registered permission (the core's and the features'), in registration order.
LABELS: dict[str, object] = {}
MATRIX: dict[str, frozenset[Role]] = {}


def register_permissions(perms, *, labels, matrix):
    """Add an app's permissions (a StrEnum) to the matrix: each needs a label and the
    roles that hold it."""
    for perm in perms:
        if perm in MATRIX:
            raise ValueError(f"Permission {perm.value!r} is registered twice")
        LABELS[perm], MATRIX[perm] = labels[perm], frozenset(matrix[perm])


register_permissions(Perm, labels=CORE_LABELS, matrix=CORE_MATRIX)


def can(role: str | None, perm) -> bool:
    return role in Role.values and Role(role) in MATRIX[perm]


def matrix_markdown() -> str:
    """The matrix as the Markdown table kept in docs/roles.md (English labels)."""
    roles = list(Role)
    with translation.override("en"):
        labels = {perm: str(label) for perm, label in LABELS.items()}
    lines = [
        "| permission | what it allows | " + " | ".join(r.value for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for perm, holders in MATRIX.items():
        marks = " | ".join("yes" if r in holders else "no" for r in roles)
        lines.append(f"| `{perm.value}` | {labels[perm]} | {marks} |")
    return "\n".join(lines)
