"""The navigation bar: each app registers its entries (from its AppConfig.ready()); a
page shows those the member's role may open (campaigns.context_processors)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .roles import Perm


@dataclass(frozen=True)
class NavEntry:
    url_name: str  # reversed with the organization's slug
    label: str
    permission: str
    order: int  # place in the bar, smaller first


ENTRIES: list[NavEntry] = []


def register_navigation(url_name, label, permission, *, order):
    """Add an entry to the bar of every organization page."""
    if any(entry.url_name == url_name for entry in ENTRIES):
        raise ValueError(f"Navigation entry {url_name!r} is registered twice")
    ENTRIES.append(NavEntry(url_name, label, permission, order))
    ENTRIES.sort(key=lambda entry: entry.order)


# The core's own entries; features take the places between them (contests 20,
# franchise 30, family networks 40).
register_navigation("org_home", _("Home"), Perm.VIEW_HOME, order=0)
register_navigation("plan_list", _("Plans"), Perm.VIEW_PLANS, order=10)
register_navigation("sms_outbox", _("SMS"), Perm.VIEW_SMS, order=50)
register_navigation("members", _("Members"), Perm.MANAGE_MEMBERS, order=80)
register_navigation("branches", _("Branches"), Perm.MANAGE_STRUCTURE, order=81)
register_navigation("teams", _("Teams"), Perm.MANAGE_STRUCTURE, order=82)
register_navigation("jobs", _("Background jobs"), Perm.VIEW_JOBS, order=90)
register_navigation("org_settings", _("Settings"), Perm.MANAGE_SETTINGS, order=95)
