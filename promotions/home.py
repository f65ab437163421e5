"""The bundles' panel on the organization's home (campaigns/home.py): the channels whose
bundle stock is running out."""

from campaigns.home import register_home_panel

from .channels import selectors
from .permissions import Perm


def stock_panel(request, organization, today):
    rows = selectors.stock_running_out(organization)
    return {"rows": rows} if rows else None


def register():
    register_home_panel(
        "bundle_stock",
        template="promotions/_home_stock.html",
        permission=Perm.MANAGE_CHANNELS,
        build=stock_panel,
        order=31,
    )
