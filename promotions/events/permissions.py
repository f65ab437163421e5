"""What event days let each role do, registered into the role matrix (campaigns.roles) by
the app's AppConfig.ready()."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from campaigns.roles import Role


class Perm(StrEnum):
    VIEW_EVENTS = "events.view"
    WORK_DESK = "events.desk"
    MANAGE_EVENTS = "events.manage"
    FOLLOW_UP = "events.follow_up"


LABELS = {
    Perm.VIEW_EVENTS: _("See events: guests, check-ins, signings, draws, the dashboard"),
    Perm.WORK_DESK: _(
        "Work the event desks: register and check in guests, sell 51 cards, record "
        "signings, draw prizes and hand them over, take vendor orders, run the agenda"
    ),
    Perm.MANAGE_EVENTS: _(
        "Set up events: offers, first-N places, prize pools (seal and reveal), vendors and "
        "deposits, the agenda; void signings; split the follow-up lists"
    ),
    Perm.FOLLOW_UP: _("Work one's own follow-up list after an event"),
}

MATRIX = {
    Perm.VIEW_EVENTS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.WORK_DESK: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_EVENTS: frozenset({Role.MANAGER}),
    Perm.FOLLOW_UP: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
}
