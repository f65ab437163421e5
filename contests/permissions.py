"""What sales contests let each role do, registered into the role matrix
(campaigns.roles) by the app's AppConfig.ready()."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from campaigns.roles import Role


class Perm(StrEnum):
    VIEW_CONTESTS = "contests.view"
    ENTER_RESULTS = "contests.enter"
    MANAGE_CONTESTS = "contests.manage"


LABELS = {
    Perm.VIEW_CONTESTS: _("See contest progress, leaderboards and awards"),
    Perm.ENTER_RESULTS: _(
        "Enter, correct and void policies (branch staff: in their scope, their own entries)"
    ),
    Perm.MANAGE_CONTESTS: _("Set up a contest from a plan, manage agents and calendar stock"),
}

MATRIX = {
    Perm.VIEW_CONTESTS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.ENTER_RESULTS: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_CONTESTS: frozenset({Role.MANAGER}),
}
