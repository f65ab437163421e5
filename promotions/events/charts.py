"""ECharts options for the event dashboard (drawn by static/js/charts.js)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def leads_by_channel(rows):
    """Bars: leads, checked in and signed per channel."""
    names = [r["name"] or _("No channel") for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 8, "bottom": 8, "top": 32, "containLabel": True},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": _("Leads"), "type": "bar", "data": [r["leads"] for r in rows]},
            {"name": _("Checked in"), "type": "bar", "data": [r["checked_in"] for r in rows]},
            {"name": _("Signed"), "type": "bar", "data": [r["signed"] for r in rows]},
        ],
    }


def prizes_left(pools):
    """Stacked bars per prize: handed out (drawn) and left."""
    prizes = [(f"{pool.name} · {p.name}", p.taken, p.left) for pool in pools for p in pool.prizes]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 8, "bottom": 8, "top": 32, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [p[0] for p in prizes]},
        "series": [
            {
                "name": pgettext("prizes", "Drawn"),
                "type": "bar",
                "stack": "stock",
                "data": [p[1] for p in prizes],
            },
            {"name": _("Left"), "type": "bar", "stack": "stock", "data": [p[2] for p in prizes]},
        ],
    }
