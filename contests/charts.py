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


GOAL_COLOR = "#b45309"
CHECKPOINT_COLOR = "#7c3aed"
TODAY_COLOR = "#dc2626"
TIER_COLOR = "#6b7280"
# A checkpoint's label is this wide at most (its name is cut with "…"), so that labels of
# neighbouring checkpoints stay apart on a 390 px phone.
CHECKPOINT_LABEL_WIDTH = 96


def team_chart(teams, reward_rules):
    """Each team's total as a bar, the team fund tiers as lines (ECharts option). The tier
    labels run along their lines (vertical text), so tiers close together never overlap on
    a phone; the legend names the bars and the tiers."""
    ordered = list(reversed(teams))  # best at the top of a horizontal bar chart
    # The axis reaches the highest tier, so every tier line shows before a team gets there.
    top = max(
        [row["total"] for row in teams] + [t.threshold for t in reward_rules.team_tiers], default=0
    )
    tiers_name = str(_("Team fund tier"))
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 8, "right": 24, "top": 32, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "value",
            "max": float(charts.nice_ticks(Decimal(top) * Decimal("1.1"))[-1]) if top else None,
            "axisLabel": {"hideOverlap": True},
        },
        "yAxis": {"type": "category", "data": [row["team"].name for row in ordered]},
        "series": [
            {
                "name": str(_("Team total")),
                "type": "bar",
                "data": [float(row["total"]) for row in ordered],
            },
            {
                "name": tiers_name,
                "type": "line",
                "data": [],
                "itemStyle": {"color": TIER_COLOR},
                "markLine": {
                    "symbol": "none",
                    "silent": True,
                    "lineStyle": {"color": TIER_COLOR, "type": "dashed"},
                    "data": [
                        {
                            "xAxis": float(t.threshold),
                            "label": {
                                "formatter": f"{figure(t.threshold)} → {figure(t.reward)}",
                                "position": "insideStartTop",
                                "fontSize": 11,
                            },
                        }
                        for t in reward_rules.team_tiers
                    ],
                },
            },
        ],
    }


def progress_chart(contest, checkpoints, daily, today):
    """Cumulative premium by day against the checkpoints (ECharts option): the value axis
    always reaches the goal, so the goal line and every coming checkpoint show from the
    first day; each checkpoint is labelled with its name, date and target; today's marker
    (at the nearer end of the period, saying so, when today is outside it) and a legend."""
    days, actual, running = [], [], ZERO
    day, last = contest.period_start, min(contest.period_end, today)
    key = _day_key(contest)
    while day <= contest.period_end:
        days.append(key(day))
        running += daily.get(day, 0)
        actual.append(float(running) if day <= last else None)
        day += timedelta(days=1)
    targets = [c.cumulative_target for c in checkpoints]
    top = max([Decimal(contest.goal or 0), running, *targets, Decimal(1)])
    # Room above the highest line for the labels drawn above it.
    scale_max = charts.nice_ticks(top * Decimal("1.15"))[-1]
    span = max(1, (contest.period_end - contest.period_start).days)
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 8, "right": 16, "top": 52, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": days, "axisLabel": {"hideOverlap": True}},
        "yAxis": {"type": "value", "min": 0, "max": float(scale_max)},
        "series": [
            {
                "name": str(_("Cumulative premium")),
                "type": "line",
                "data": actual,
                "itemStyle": {"color": LINE_COLOR},
            },
            {
                "name": str(_("Checkpoints")),
                "type": "scatter",
                "symbol": "diamond",
                "symbolSize": 11,
                "itemStyle": {"color": CHECKPOINT_COLOR},
                "data": [
                    _checkpoint_point(c, key(c.end), (c.end - contest.period_start).days / span)
                    for c in checkpoints
                    if contest.period_start <= c.end <= contest.period_end
                ],
            },
            {
                "name": str(_("Goal")),
                "type": "line",
                "data": [],
                "itemStyle": {"color": GOAL_COLOR},
                "markLine": {
                    "symbol": "none",
                    "silent": True,
                    "lineStyle": {"color": GOAL_COLOR, "type": "dashed", "width": 1.5},
                    "data": [
                        {
                            "yAxis": float(contest.goal),
                            "label": {
                                "formatter": str(_("Goal %(value)s"))
                                % {"value": figure(contest.goal)},
                                "position": "insideStartTop",
                                "color": GOAL_COLOR,
                            },
                        }
                    ],
                },
            },
            _today_series(contest, today, days, float(scale_max)),
        ],
    }


def _day_key(contest):
    """The x axis's day labels: "10-13" (short enough for a phone) when the period is
    under a year, so no two days share one; the full date otherwise."""
    if (contest.period_end - contest.period_start).days < 365:
        return lambda day: day.strftime("%m-%d")
    return lambda day: day.isoformat()


def _checkpoint_point(checkpoint, x, where):
    """A checkpoint's diamond with its label: name, then its date and target. In the first
    half of the period the label sits right of its point, in the second half left of it,
    so it stays inside the chart; checkpoints climb, so neighbours' labels are apart."""
    position = "left" if where > 0.5 else "right"
    return {
        "name": checkpoint.name,
        "value": [x, float(checkpoint.cumulative_target)],
        "label": {
            "show": True,
            "position": position,
            "formatter": f"{checkpoint.name}\n{checkpoint.end:%m-%d} · "
            f"{figure(checkpoint.cumulative_target)}",
            "width": CHECKPOINT_LABEL_WIDTH,
            "overflow": "truncate",
            "lineHeight": 17,
            "fontSize": 11,
            "color": CHECKPOINT_COLOR,
        },
    }


def _today_series(contest, today, days, top):
    """Today's marker: a vertical line on today, or on the period's nearer end with the
    label saying today lies before or after it; drawn from 0 to the top of the axis, its
    label above the plot (below the legend), clear of the goal's and checkpoints'."""
    if today < contest.period_start:
        at, text = days[0], _("Today %(day)s (before the start)")
    elif today > contest.period_end:
        at, text = days[-1], _("Today %(day)s (after the end)")
    else:
        at, text = _day_key(contest)(today), _("Today %(day)s")
    return {
        "name": str(_("Today")),
        "type": "line",
        "data": [],
        "itemStyle": {"color": TODAY_COLOR},
        "markLine": {
            "symbol": "none",
            "silent": True,
            "lineStyle": {"color": TODAY_COLOR, "type": "solid", "width": 1},
            "label": {
                "formatter": str(text) % {"day": today.strftime("%m-%d")},
                "position": "end",
                "color": TODAY_COLOR,
            },
            "data": [[{"coord": [at, 0]}, {"coord": [at, top]}]],
        },
    }


def cumulative_chart_svg(contest, data, *, width=640, height=320):
    """Cumulative premium by day up to the report's day (a line), against each
    checkpoint's cumulative target over its dates (dashed steps, each named with its date
    and target), the goal (always drawn, even where the last checkpoint equals it), the
    report's day (a marker), and a legend naming each."""
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
    ticks = charts.nice_ticks(Decimal(top) * Decimal("1.1"))
    scale_max = ticks[-1] or Decimal(1)

    left, right, top_pad, bottom = 78, 24, 58, 40
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
    report_day = _("Report day %(day)s") % {"day": day.strftime("%m-%d")}
    out.append(
        charts.legend(
            left,
            32,
            [
                (_("Cumulative premium"), "line", LINE_COLOR),
                (_("Checkpoint target"), "dashed", charts.ACCENT),
                (_("Goal"), "dotted", GOAL_COLOR),
                (_("Report day"), "line", TODAY_COLOR),
            ],
            width=plot_w,
        )
    )
    # The goal, always: the line the whole contest aims at, named at its left end.
    if data["goal"]:
        y = y_of(data["goal"])
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{GOAL_COLOR}" stroke-width="1.2" stroke-dasharray="2 3"/>'
        )
        out.append(
            charts.text(
                left + 6,
                y - 5,
                _("Goal %(value)s") % {"value": charts.number_grouped(data["goal"])},
                size=9,
                anchor="start",
                fill=GOAL_COLOR,
            )
        )
    # The checkpoints: each target held over its dates, named at its end with its date.
    for checkpoint in data["checkpoints"]:
        y = y_of(checkpoint.cumulative_target)
        x1, x2 = x_of(max(checkpoint.start, start)), x_of(min(checkpoint.end, end))
        out.append(
            f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" '
            f'stroke="{charts.ACCENT}" stroke-width="1.4" stroke-dasharray="5 3"/>'
        )
        out.append(f'<circle cx="{x2:.1f}" cy="{y:.1f}" r="3" fill="{charts.ACCENT}"/>')
        label = charts.fit(checkpoint.name, 100, size=9)
        target = charts.number_grouped(checkpoint.cumulative_target)
        out.append(
            charts.text(
                x2 - 2,
                y + 12 if checkpoint.cumulative_target == data["goal"] else y - 5,
                f"{label} {checkpoint.end:%m-%d} {target}",
                size=9,
                anchor="end",
                fill=charts.ACCENT,
            )
        )
    # The report's day.
    x = x_of(min(max(day, start), end))
    out.append(
        f'<line x1="{x:.1f}" y1="{top_pad:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}" '
        f'stroke="{TODAY_COLOR}" stroke-width="1"/>'
    )
    out.append(
        charts.text(
            x + 4 if x < left + plot_w - 90 else x - 4,
            top_pad + 10,
            report_day,
            size=9,
            anchor="start" if x < left + plot_w - 90 else "end",
            fill=TODAY_COLOR,
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
