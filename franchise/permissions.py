"""What franchise strategy let each role do, registered into the role matrix
(campaigns.roles) by the app's AppConfig.ready()."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from campaigns.roles import Role


class Perm(StrEnum):
    VIEW_FRANCHISE = "franchise.view"
    MANAGE_FRANCHISE = "franchise.manage"
    VIEW_TERRITORY = "franchise.view_territory"
    REPORT_REVENUE = "franchise.report"


LABELS = {
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
}

MATRIX = {
    Perm.VIEW_FRANCHISE: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.MANAGE_FRANCHISE: frozenset({Role.MANAGER}),
    Perm.VIEW_TERRITORY: frozenset({Role.ADMIN, Role.MANAGER, Role.FRANCHISEE}),
    Perm.REPORT_REVENUE: frozenset({Role.MANAGER, Role.FRANCHISEE}),
}
