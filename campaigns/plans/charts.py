"""Charts for print, drawn server-side as inline SVG strings (no JavaScript in a PDF).

Pure functions over plain values: objects with the attributes named below (model rows
or dataclasses alike). Every <svg> names its font itself, because SVG text ignores the
page's CSS; every piece of text is XML-escaped (the primitives of
`campaigns.svg_charts` do both). Nothing to draw → "".
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from campaigns import svg_charts as svg
from campaigns.svg_charts import ACCENT, BAR_COLORS, GRID, INK, MUTED, number_grouped


def stage_targets_svg(stages, *, goal=None, width=640, height=300) -> str:
    """A bar chart of each stage's cumulative target, in plan order: the bars climb like
    steps towards the goal. `stages`: objects with .name, .cumulative_target and,
    optionally, .start_date / .end_date (shown under the name). `goal`: a dashed line."""
    bars = [s for s in stages if getattr(s, "cumulative_target", None) is not None]
    if not bars:
        return ""
    values = [Decimal(s.cumulative_target) for s in bars]
    top = max([*values, Decimal(goal) if goal is not None else Decimal(0)])
    ticks = svg.nice_ticks(top)
    scale_max = ticks[-1] or Decimal(1)

    left, right, top_pad, bottom = 78, 16, 34, 78
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def y_of(value):
        return top_pad + plot_h - float(Decimal(value) / scale_max) * plot_h

    out = [svg.svg_open(width, height, _("Cumulative target by stage"))]
    # Grid and y-axis values.
    for tick in ticks:
        y = y_of(tick)
        out.append(svg.line(left, y, left + plot_w, y, GRID))
        out.append(
            svg.text(left - 8, y + 4, number_grouped(tick), size=10, anchor="end", fill=MUTED)
        )
    out.append(svg.line(left, top_pad, left, top_pad + plot_h, INK))
    out.append(svg.line(left, top_pad + plot_h, left + plot_w, top_pad + plot_h, INK))
    # Axis titles.
    out.append(
        svg.text(left, 14, _("Cumulative target"), size=11, anchor="start", fill=INK, weight="bold")
    )
    out.append(
        svg.text(
            left + plot_w, height - 6, _("Stage"), size=11, anchor="end", fill=INK, weight="bold"
        )
    )
    # Bars, values on top, names (and dates) below.
    slot = plot_w / len(bars)
    bar_w = min(72.0, slot * 0.6)
    for i, (stage, value) in enumerate(zip(bars, values, strict=True)):
        x = left + slot * i + (slot - bar_w) / 2
        y = y_of(value)
        color = BAR_COLORS[min(i, len(BAR_COLORS) - 1)]
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{top_pad + plot_h - y:.1f}" fill="{color}"/>'
        )
        cx = x + bar_w / 2
        out.append(
            svg.text(
                cx, y - 6, number_grouped(value), size=11, anchor="middle", fill=INK, weight="bold"
            )
        )
        label_y = top_pad + plot_h + 16
        for line in _label_lines(stage.name, slot - 4):
            out.append(svg.text(cx, label_y, line, size=10, anchor="middle", fill=INK))
            label_y += 14
        period = _period(getattr(stage, "start_date", None), getattr(stage, "end_date", None))
        if period:
            out.append(svg.text(cx, label_y + 1, period, size=9, anchor="middle", fill=MUTED))
    if goal is not None and Decimal(goal) > 0:
        y = y_of(goal)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{ACCENT}" stroke-width="1.2" stroke-dasharray="6 4"/>'
        )
        label = _("Goal %(value)s") % {"value": number_grouped(goal)}
        out.append(svg.text(left + 6, y - 5, label, size=10, anchor="start", fill=ACCENT))
    out.append("</svg>")
    return "".join(out)


def timeline_svg(tasks, start=None, end=None, *, anchor=None, width=640, row=20) -> str:
    """One row per task, a dot on its due date along the plan's dates; the anchor date
    (event day) as a red line. `tasks`: objects with .title and .due (a date or None);
    tasks without a known date are left out."""
    dated = sorted((t for t in tasks if getattr(t, "due", None) is not None), key=lambda t: t.due)
    if not dated:
        return ""
    dues = [t.due for t in dated]
    first = min([d for d in (start, anchor, *dues) if d is not None])
    last = max([d for d in (end, anchor, *dues) if d is not None])
    span = max(1, (last - first).days)

    label_w, right, top_pad, bottom = 190, 34, 24, 30
    plot_w = width - label_w - right
    height = top_pad + row * len(dated) + bottom

    def x_of(day):
        return label_w + (day - first).days / span * plot_w

    out = [svg.svg_open(width, height, _("Timeline"))]
    axis_y = top_pad + row * len(dated) + 4
    for i, task in enumerate(dated):
        y = top_pad + row * i + row / 2
        if i % 2 == 0:
            out.append(
                f'<rect x="0" y="{y - row / 2:.1f}" width="{width}" height="{row}" fill="#f9fafb"/>'
            )
        out.append(
            svg.text(
                label_w - 8,
                y + 4,
                svg.fit(task.title, label_w - 12, size=10),
                size=10,
                anchor="end",
                fill=INK,
            )
        )
        x = x_of(task.due)
        out.append(svg.line(label_w, y, x, y, GRID))
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2563eb"/>')
        out.append(
            svg.text(
                x + 7 if x < width - 60 else x - 7,
                y + 3,
                task.due.strftime("%m-%d"),
                size=8,
                anchor="start" if x < width - 60 else "end",
                fill=MUTED,
            )
        )
    out.append(svg.line(label_w, axis_y, label_w + plot_w, axis_y, INK))
    for day in svg.date_ticks(first, last):
        x = x_of(day)
        out.append(svg.line(x, axis_y, x, axis_y + 4, INK))
        out.append(svg.text(x, axis_y + 16, day.isoformat(), size=9, anchor="middle", fill=MUTED))
    if anchor is not None:
        x = x_of(anchor)
        out.append(
            f'<line x1="{x:.1f}" y1="{top_pad - 6}" x2="{x:.1f}" y2="{axis_y}" '
            f'stroke="{ACCENT}" stroke-width="1.2" stroke-dasharray="4 3"/>'
        )
        side = "end" if x > width - 60 else "start" if x < label_w + 40 else "middle"
        out.append(svg.text(x, top_pad - 10, _("Anchor date"), size=9, anchor=side, fill=ACCENT))
    out.append("</svg>")
    return "".join(out)


# -- plan-specific labels ------------------------------------------------------------------


def _label_lines(name, room, size=10):
    """A stage name on at most two lines: "第一阶段：全面动员" → "第一阶段" / "全面动员"."""
    name = str(name).strip()
    for colon in ("：", ":"):
        head, sep, tail = name.partition(colon)
        if sep and head and tail:
            return [svg.fit(head, room, size), svg.fit(tail.strip(), room, size)]
    return [svg.fit(name, room, size)]


def _period(start, end):
    if not isinstance(start, date) or not isinstance(end, date):
        return ""
    return f"{start:%m-%d} – {end:%m-%d}"
