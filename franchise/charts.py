"""ECharts options for the franchise pages (drawn by static/js/charts.js)."""

from django.utils.translation import gettext as _

from . import rules
from .models import RolloutStatus

STATUS_COLORS = {
    RolloutStatus.OPEN: "#d1d5db",
    RolloutStatus.NEGOTIATING: "#fbbf24",
    RolloutStatus.SIGNED: "#60a5fa",
    RolloutStatus.MODEL_MARKET: "#22c55e",
    RolloutStatus.STRONG_MARKET: "#15803d",
}
# A schematic (not a map) of Hunan's 13 prefecture-level cities: rough longitude/latitude,
# so neighbours sit next to each other. Other names are laid out on a grid below.
HUNAN_POSITIONS = {
    "长沙": (112.9, 28.2),
    "株洲": (113.4, 27.6),
    "湘潭": (112.7, 27.7),
    "衡阳": (112.6, 26.9),
    "邵阳": (111.4, 27.2),
    "岳阳": (113.1, 29.3),
    "常德": (111.7, 29.0),
    "张家界": (110.5, 29.1),
    "益阳": (112.3, 28.6),
    "郴州": (113.0, 25.8),
    "永州": (111.6, 26.2),
    "怀化": (110.0, 27.6),
    "娄底": (111.9, 27.7),
}
GRID_COLUMNS = 10


def territory_schematic(territories):
    """Territories as dots coloured by rollout status, one series per status (the legend
    names the statuses)."""
    points = {status.value: [] for status in RolloutStatus}
    extra = 0
    for territory in territories:
        position = HUNAN_POSITIONS.get(territory.name)
        if position is None:
            row, column = divmod(extra, GRID_COLUMNS)
            position = (109.5 + column * 0.45, 25.2 - row * 0.4)
            extra += 1
        points[territory.status].append({"name": territory.name, "value": list(position)})
    labels = dict(RolloutStatus.choices)
    xs = [p["value"][0] for data in points.values() for p in data]
    ys = [p["value"][1] for data in points.values() for p in data]
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}"},
        "legend": {"top": 0},
        "grid": {"left": 10, "right": 10, "top": 40, "bottom": 10},
        # Bounds with a margin, so the dots at the edges keep their labels in view.
        "xAxis": {"type": "value", "show": False, **_bounds(xs, margin=0.5)},
        "yAxis": {"type": "value", "show": False, **_bounds(ys, margin=0.35)},
        "series": [
            {
                "name": str(labels[status]),
                "type": "scatter",
                "symbolSize": 34,
                "itemStyle": {"color": STATUS_COLORS[status]},
                "label": {"show": True, "formatter": "{b}", "position": "bottom"},
                "data": data,
            }
            for status, data in points.items()
        ],
    }


def _bounds(values, *, margin):
    if not values:
        return {"scale": True}
    return {"min": round(min(values) - margin, 2), "max": round(max(values) + margin, 2)}


def revenue_chart(reports):
    """Monthly revenue of the territory (a bar per month)."""
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 70, "right": 20, "top": 20, "bottom": 40},
        "xAxis": {"type": "category", "data": [rules.month_label(r.month) for r in reports]},
        "yAxis": {"type": "value"},
        "series": [
            {"name": str(_("Revenue")), "type": "bar", "data": [float(r.revenue) for r in reports]}
        ],
    }
