"""The contest's panels on the organization's home (campaigns/home.py): branch staff's
entry of the day with their day's total; the manager's pace against the checkpoint and
the desk calendars running out."""

from decimal import Decimal

from campaigns.home import register_home_panel
from campaigns.roles import Role

from . import selectors
from .permissions import Perm

# Desk calendars "running out": at most this share of the stock left, or this many.
STOCK_LOW_SHARE = Decimal("0.1")
STOCK_LOW_COUNT = 5


def contests_on(organization, today):
    """The contests whose period contains today (the ones a day's work goes to)."""
    return list(
        selectors.contests_of(organization).filter(period_start__lte=today, period_end__gte=today)
    )


def entry_panel(request, organization, today):
    rows = []
    for contest in contests_on(organization, today):
        mine = list(selectors.entries_by(contest, request.user, today))
        rows.append(
            {
                "contest": contest,
                "count": len(mine),
                "total": sum((p.premium for p in mine), Decimal("0")),
            }
        )
    return {"contests": rows} if rows else None


def pace_panel(request, organization, today):
    rows = []
    for contest in contests_on(organization, today):
        standing = selectors.contest_standing(contest, today)
        rows.append({"contest": contest, "total": standing["total"], **vars(standing["progress"])})
    return {"contests": rows} if rows else None


def stock_running_out(remaining, stock):
    """Whether a stock of `stock` with `remaining` left is running out (pure)."""
    return stock > 0 and (remaining <= STOCK_LOW_COUNT or remaining <= stock * STOCK_LOW_SHARE)


def stock_panel(request, organization, today):
    rows = []
    for contest in selectors.contests_of(organization).filter(period_end__gte=today):
        remaining = contest.calendar_stock - contest.calendars_taken
        if stock_running_out(remaining, contest.calendar_stock):
            rows.append({"contest": contest, "remaining": remaining})
    return {"contests": rows} if rows else None


def register():
    register_home_panel(
        "contest_entry",
        template="contests/_home_entry.html",
        permission=Perm.ENTER_RESULTS,
        roles=[Role.BRANCH_STAFF],
        build=entry_panel,
        order=1,
    )
    register_home_panel(
        "contest_pace",
        template="contests/_home_pace.html",
        permission=Perm.VIEW_CONTESTS,
        roles=[Role.ADMIN, Role.MANAGER],
        build=pace_panel,
        order=20,
    )
    register_home_panel(
        "contest_stock",
        template="contests/_home_stock.html",
        permission=Perm.MANAGE_CONTESTS,
        build=stock_panel,
        order=30,
    )
