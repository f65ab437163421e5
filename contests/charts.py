"""The contest's charts: the ECharts options of the progress page (cumulative premium
against the checkpoints, team totals against the fund tiers) and the battle report's SVG
chart for print, drawn with the core's public SVG primitives (campaigns.svg_charts)."""

from datetime import timedelta
from decimal import Decimal

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from campaigns import svg_charts as charts
from campaigns.plans.rules import figure

ZERO = Decimal("0")
LINE_COLOR = "#2563eb"


def team_chart(teams, reward_rules):
    """Each team's total as a bar, the team fund tiers as lines (ECharts option)."""
    ordered = list(reversed(teams))  # best at the top of a horizontal bar chart
    # The axis reaches the highest tier, so every tier line shows before a team gets there.
    top = max(
        [row["total"] for row in teams] + [t.threshold for t in reward_rules.team_tiers], default=0
    )
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 90, "right": 30, "top": 20, "bottom": 30},
        "xAxis": {"type": "value", "max": float(top) * 1.1 or None},
        "yAxis": {"type": "category", "data": [row["team"].name for row in ordered]},
        "series": [
            {
                "name": str(_("Team total")),
                "type": "bar",
                "data": [float(row["total"]) for row in ordered],
                "markLine": {
                    "symbol": "none",
                    "data": [
                        {
                            "xAxis": float(t.threshold),
                            "label": {"formatter": f"{figure(t.threshold)} → {figure(t.reward)}"},
                        }
                        for t in reward_rules.team_tiers
                    ],
                },
            }
        ],
    }


def progress_chart(contest, checkpoints, daily, today):
    """Cumulative premium by day against the checkpoints (ECharts option)."""
    days, actual, running = [], [], Decimal("0")
    day, last = contest.period_start, min(contest.period_end, today)
    while day <= contest.period_end:
        days.append(day.isoformat())
        running += daily.get(day, 0)
        actual.append(float(running) if day <= last else None)
        day += timedelta(days=1)
    marks = [
        {"name": c.name, "xAxis": c.end.isoformat(), "yAxis": float(c.cumulative_target)}
        for c in checkpoints
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 70, "right": 20, "top": 30, "bottom": 40},
        "xAxis": {"type": "category", "data": days},
        "yAxis": {"type": "value"},
        "series": [
            {
                "name": str(_("Cumulative premium")),
                "type": "line",
                "data": actual,
                "markPoint": {"data": marks, "symbol": "pin"},
                "markLine": {"data": [{"yAxis": float(contest.goal), "name": str(_("Goal"))}]},
            },
        ],
    }


def cumulative_chart_svg(contest, data, *, width=640, height=300):
    """Cumulative premium by day up to the report's day (a line), against each
    checkpoint's cumulative target over its dates (dashed steps) and the goal."""
    start, end, day = contest.period_start, contest.period_end, data["day"]
    span = max(1, (end - start).days)
    running, points = ZERO, []
    current = start
    while current <= min(day, end):
        running += data["daily"].get(current, ZERO)
        points.append((current, running))
        current += timedelta(days=1)
    targets = [c.cumulative_target for c in data["checkpoints"]]
    top = max([data["goal"], running, *targets, Decimal(1)])
    ticks = charts.nice_ticks(Decimal(top))
    scale_max = ticks[-1] or Decimal(1)

    left, right, top_pad, bottom = 78, 24, 34, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def x_of(when):
        return left + (when - start).days / span * plot_w

    def y_of(value):
        return top_pad + plot_h - float(Decimal(value) / scale_max) * plot_h

    out = [charts.svg_open(width, height, _("Cumulative premium against the checkpoints"))]
    for tick in ticks:
        out.append(charts.line(left, y_of(tick), left + plot_w, y_of(tick), charts.GRID))
        out.append(
            charts.text(
                left - 8,
                y_of(tick) + 4,
                charts.number_grouped(tick),
                size=10,
                anchor="end",
                fill=charts.MUTED,
            )
        )
    axis_y = top_pad + plot_h
    out.append(charts.line(left, top_pad, left, axis_y, charts.INK))
    out.append(charts.line(left, axis_y, left + plot_w, axis_y, charts.INK))
    for when in charts.date_ticks(start, end):
        out.append(charts.line(x_of(when), axis_y, x_of(when), axis_y + 4, charts.INK))
        out.append(
            charts.text(
                x_of(when),
                axis_y + 16,
                when.strftime("%m-%d"),
                size=9,
                anchor="middle",
                fill=charts.MUTED,
            )
        )
    out.append(
        charts.text(
            left,
            14,
            _("Cumulative premium"),
            size=11,
            anchor="start",
            fill=charts.INK,
            weight="bold",
        )
    )
    # The checkpoints: each target held over its dates, named at its end.
    for checkpoint in data["checkpoints"]:
        y = y_of(checkpoint.cumulative_target)
        x1, x2 = x_of(max(checkpoint.start, start)), x_of(min(checkpoint.end, end))
        out.append(
            f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" '
            f'stroke="{charts.ACCENT}" stroke-width="1.4" stroke-dasharray="5 3"/>'
        )
        out.append(f'<circle cx="{x2:.1f}" cy="{y:.1f}" r="3" fill="{charts.ACCENT}"/>')
        label = charts.fit(checkpoint.name, 110, size=9)
        target = charts.number_grouped(checkpoint.cumulative_target)
        out.append(
            charts.text(
                x2 - 2, y - 5, f"{label} {target}", size=9, anchor="end", fill=charts.ACCENT
            )
        )
    if data["goal"] and data["goal"] not in targets:
        y = y_of(data["goal"])
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{charts.MUTED}" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        out.append(
            charts.text(
                left + 6,
                y - 5,
                _("Goal %(value)s") % {"value": charts.number_grouped(data["goal"])},
                size=9,
                anchor="start",
                fill=charts.MUTED,
            )
        )
    # The actual cumulative premium.
    if points:
        path = " ".join(f"{x_of(when):.1f},{y_of(value):.1f}" for when, value in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{LINE_COLOR}" stroke-width="2"/>'
        )
        last_day, last_value = points[-1]
        x, y = x_of(last_day), y_of(last_value)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE_COLOR}"/>')
        near_right = x > left + plot_w - 80
        out.append(
            charts.text(
                x - 7 if near_right else x + 7,
                y - 7,
                charts.number_grouped(last_value),
                size=10,
                anchor="end" if near_right else "start",
                fill=LINE_COLOR,
                weight="bold",
            )
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped by charts._text
