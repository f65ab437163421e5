"""ECharts options for the franchise pages (drawn by static/js/charts.js)."""

import math

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
# A schematic (not a map) of Hunan's 13 prefecture-level cities: rough longitude/latitude
# in hundredths of a degree, so neighbours sit next to each other. Other names are laid out
# on a grid below.
HUNAN_POSITIONS = {
    "长沙": (11290, 2820),
    "株洲": (11340, 2760),
    "湘潭": (11270, 2770),
    "衡阳": (11260, 2690),
    "邵阳": (11140, 2720),
    "岳阳": (11310, 2930),
    "常德": (11170, 2900),
    "张家界": (11050, 2910),
    "益阳": (11230, 2860),
    "郴州": (11300, 2580),
    "永州": (11160, 2620),
    "怀化": (11000, 2760),
    "娄底": (11190, 2770),
}
GRID_COLUMNS = 10
GRID_LEFT, GRID_TOP, GRID_STEP_X, GRID_STEP_Y = 10950, 2520, 45, 40  # below the province
LABELLED_UP_TO = 40  # beyond this many dots, names show on hover only


def territory_schematic(territories):
    """Territories as dots coloured by rollout status, one series per status (the legend
    names the statuses). `territories` holds (pk, name, status, ...) rows; each dot is
    [x, y, name, pk] in integers, which keeps a national board's JSON small and quick."""
    points = {status.value: [] for status in RolloutStatus}
    columns = max(GRID_COLUMNS, math.isqrt(len(territories)))  # roughly square at scale
    named = []  # the Hunan positions in use
    extra = 0  # territories placed on the grid
    for pk, name, status, *_rest in territories:
        position = HUNAN_POSITIONS.get(name)
        if position is None:
            row, column = divmod(extra, columns)
            position = (GRID_LEFT + column * GRID_STEP_X, GRID_TOP - row * GRID_STEP_Y)
            extra += 1
        else:
            named.append(position)
        points[status].append([position[0], position[1], name, pk])
    if extra:  # the grid's corners bound all its dots
        rows = (extra - 1) // columns + 1
        named.append((GRID_LEFT, GRID_TOP))
        named.append(
            (
                GRID_LEFT + (min(extra, columns) - 1) * GRID_STEP_X,
                GRID_TOP - (rows - 1) * GRID_STEP_Y,
            )
        )
    labels = dict(RolloutStatus.choices)
    labelled = len(territories) <= LABELLED_UP_TO
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}"},
        "legend": {"top": 0},
        "grid": {"left": 10, "right": 10, "top": 40, "bottom": 10},
        # Bounds with a margin, so the dots at the edges keep their labels in view.
        "xAxis": {"type": "value", "show": False, **_bounds([x for x, _y in named], margin=50)},
        "yAxis": {"type": "value", "show": False, **_bounds([y for _x, y in named], margin=35)},
        "series": [
            {
                "name": str(labels[status]),
                "type": "scatter",
                "symbolSize": 34 if labelled else 12,
                "itemStyle": {"color": STATUS_COLORS[status]},
                "encode": {"x": 0, "y": 1, "itemName": 2, "tooltip": 2},
                "label": {"show": labelled, "formatter": "{b}", "position": "bottom"},
                # Neighbouring cities' names are moved apart rather than drawn over each
                # other on a phone.
                "labelLayout": {"moveOverlap": "shiftY"},
                "data": data,
            }
            for status, data in points.items()
        ],
    }


def _bounds(values, *, margin):
    if not values:
        return {"scale": True}
    return {"min": min(values) - margin, "max": max(values) + margin}


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
