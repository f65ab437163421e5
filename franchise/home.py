"""The franchisee's panel on the organization's home (campaigns/home.py): their
territory dashboard, one tap away."""

from campaigns.home import register_home_panel
from campaigns.roles import Role

from . import selectors
from .permissions import Perm


def territories_panel(request, organization, today):
    return {"territories": list(selectors.territories_visible(request.membership))}


def register():
    register_home_panel(
        "franchise_territories",
        template="franchise/_home_territories.html",
        permission=Perm.VIEW_TERRITORY,
        roles=[Role.FRANCHISEE],
        build=territories_panel,
        order=1,
    )
