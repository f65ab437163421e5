"""What family-network bundles and channels let each role do, registered into the role matrix
(campaigns.roles) by the app's AppConfig.ready()."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from campaigns.roles import Role


class Perm(StrEnum):
    VIEW_BUNDLES = "bundles.view"
    REGISTER_BUNDLES = "bundles.register"
    ACTIVATE_BUNDLES = "bundles.activate"
    MANAGE_BUNDLES = "bundles.manage"
    VIEW_BUNDLE_REPORT = "bundles.report"
    VIEW_CHANNELS = "bundles.channels_view"
    MANAGE_CHANNELS = "bundles.channels_manage"


LABELS = {
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

MATRIX = {
    Perm.VIEW_BUNDLES: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.REGISTER_BUNDLES: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.ACTIVATE_BUNDLES: frozenset({Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_BUNDLES: frozenset({Role.MANAGER}),
    Perm.VIEW_BUNDLE_REPORT: frozenset({Role.ADMIN, Role.MANAGER}),
    Perm.VIEW_CHANNELS: frozenset({Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF}),
    Perm.MANAGE_CHANNELS: frozenset({Role.MANAGER}),
}
