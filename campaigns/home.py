"""The home page's panels: what each role's day starts with, with links to the work.

Each app registers its panels (from its `AppConfig.ready()`, or here for the core's own)
with `register_home_panel(key, template=..., permission=..., build=..., order=...)`:
`build(request, organization, today)` reads through the app's own selectors and answers
the panel's template context, or None when there is nothing to show today (no running
contest, no overdue task). The home shows a panel when the organization runs its
permission's module (campaigns/modules.py), the member's role holds the permission and,
if the panel names roles, the member has one of them. The kernel names no feature: the
feature apps bring their panels, as they bring their navigation entries.

A panel that is the member's task of the day (today's entry, today's event desk, the
territory dashboard) puts its link first (`primary`): the home leads there in one tap.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from . import modules
from .roles import Perm, can


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    permission: str
    order: int  # place on the page, smaller first
    build: Callable  # (request, organization, today) -> dict | None
    roles: frozenset[str] | None  # None: every role that holds the permission


PANELS: list[HomePanel] = []


def register_home_panel(key, *, template, permission, build, order, roles=None):
    """Add a panel to the home page of every organization that runs its module."""
    if any(panel.key == key for panel in PANELS):
        raise ValueError(f"Home panel {key!r} is registered twice")
    PANELS.append(
        HomePanel(
            key,
            template,
            str(permission),
            order,
            build,
            frozenset(str(r) for r in roles) if roles is not None else None,
        )
    )
    PANELS.sort(key=lambda panel: panel.order)


def organization_today(organization):
    """Today in the organization's time zone (the home's "today" and "this week")."""
    return timezone.localdate(timezone=organization.zoneinfo)


def panels_for(request, organization, today=None):
    """[(panel, context)] for the member's home: the panels their role and the
    organization's modules allow that have something to show today."""
    today = today or organization_today(organization)
    role = request.membership.role
    shown = []
    for panel in PANELS:
        if panel.roles is not None and role not in panel.roles:
            continue
        if not modules.permission_is_on(organization, panel.permission):
            continue
        if not can(role, panel.permission):
            continue
        context = panel.build(request, organization, today)
        if context is not None:
            shown.append((panel, context))
    return shown


# -- the core's own panels: the plans' timeline tasks and findings, failed jobs ------------


def _tasks_panel(request, organization, today):
    from .plans import selectors as plan_selectors

    due = plan_selectors.tasks_needing_attention(organization, today)
    if not due["overdue"] and not due["this_week"]:
        return None
    return due


def _findings_panel(request, organization, today):
    from .plans import selectors as plan_selectors

    plans = plan_selectors.plans_with_open_findings(organization)
    return {"plans": plans} if plans else None


def _failed_jobs_panel(request, organization, today):
    from . import selectors

    jobs = list(selectors.failed_jobs(organization, today))
    return {"jobs": jobs} if jobs else None


register_home_panel(
    "plan_tasks",
    template="home/_tasks.html",
    permission=Perm.RUN_PLANS,
    build=_tasks_panel,
    order=10,
)
register_home_panel(
    "plan_findings",
    template="home/_findings.html",
    permission=Perm.EDIT_PLANS,
    build=_findings_panel,
    order=15,
)
register_home_panel(
    "failed_jobs",
    template="home/_failed_jobs.html",
    permission=Perm.VIEW_JOBS,
    build=_failed_jobs_panel,
    order=90,
)
