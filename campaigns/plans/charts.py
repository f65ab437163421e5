"""Charts for print, drawn server-side as inline SVG strings (no JavaScript in a PDF).

Pure functions over plain values: objects with the attributes named below (model rows
or dataclasses alike). Every <svg> names its font itself, because SVG text ignores the
page's CSS; every piece of text is XML-escaped. Nothing to draw → "".
"""

import math
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from .rules import figure

FONT_FAMILY = "Noto Sans CJK SC, sans-serif"
INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
ACCENT = "#b91c1c"
BAR_COLORS = ("#93c5fd", "#60a5fa", "#3b82f6", "#2563eb", "#1d4ed8", "#1e40af")


def number_grouped(value) -> str:
    """12,500 or 12,500.50, as everywhere else in the product."""
    return figure(value)


def stage_targets_svg(stages, *, goal=None, width=640, height=300) -> str:
    """A bar chart of each stage's cumulative target, in plan order: the bars climb like
    steps towards the goal. `stages`: objects with .name, .cumulative_target and,
    optionally, .start_date / .end_date (shown under the name). `goal`: a dashed line."""
    bars = [s for s in stages if getattr(s, "cumulative_target", None) is not None]
    if not bars:
        return ""
    values = [Decimal(s.cumulative_target) for s in bars]
    top = max([*values, Decimal(goal) if goal is not None else Decimal(0)])
    ticks = _nice_ticks(top)
    scale_max = ticks[-1] or Decimal(1)

    left, right, top_pad, bottom = 78, 16, 34, 78
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def y_of(value):
        return top_pad + plot_h - float(Decimal(value) / scale_max) * plot_h

    out = [_svg_open(width, height, _("Cumulative target by stage"))]
    # Grid and y-axis values.
    for tick in ticks:
        y = y_of(tick)
        out.append(_line(left, y, left + plot_w, y, GRID))
        out.append(_text(left - 8, y + 4, number_grouped(tick), size=10, anchor="end", fill=MUTED))
    out.append(_line(left, top_pad, left, top_pad + plot_h, INK))
    out.append(_line(left, top_pad + plot_h, left + plot_w, top_pad + plot_h, INK))
    # Axis titles.
    out.append(
        _text(left, 14, _("Cumulative target"), size=11, anchor="start", fill=INK, weight="bold")
    )
    out.append(
        _text(left + plot_w, height - 6, _("Stage"), size=11, anchor="end", fill=INK, weight="bold")
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
            _text(
                cx, y - 6, number_grouped(value), size=11, anchor="middle", fill=INK, weight="bold"
            )
        )
        label_y = top_pad + plot_h + 16
        for line in _label_lines(stage.name, slot - 4):
            out.append(_text(cx, label_y, line, size=10, anchor="middle", fill=INK))
            label_y += 14
        period = _period(getattr(stage, "start_date", None), getattr(stage, "end_date", None))
        if period:
            out.append(_text(cx, label_y + 1, period, size=9, anchor="middle", fill=MUTED))
    if goal is not None and Decimal(goal) > 0:
        y = y_of(goal)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{ACCENT}" stroke-width="1.2" stroke-dasharray="6 4"/>'
        )
        label = _("Goal %(value)s") % {"value": number_grouped(goal)}
        out.append(_text(left + 6, y - 5, label, size=10, anchor="start", fill=ACCENT))
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

    out = [_svg_open(width, height, _("Timeline"))]
    axis_y = top_pad + row * len(dated) + 4
    for i, task in enumerate(dated):
        y = top_pad + row * i + row / 2
        if i % 2 == 0:
            out.append(
                f'<rect x="0" y="{y - row / 2:.1f}" width="{width}" height="{row}" fill="#f9fafb"/>'
            )
        out.append(
            _text(
                label_w - 8,
                y + 4,
                _fit(task.title, label_w - 12, size=10),
                size=10,
                anchor="end",
                fill=INK,
            )
        )
        x = x_of(task.due)
        out.append(_line(label_w, y, x, y, GRID))
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2563eb"/>')
        out.append(
            _text(
                x + 7 if x < width - 60 else x - 7,
                y + 3,
                task.due.strftime("%m-%d"),
                size=8,
                anchor="start" if x < width - 60 else "end",
                fill=MUTED,
            )
        )
    out.append(_line(label_w, axis_y, label_w + plot_w, axis_y, INK))
    for day in _date_ticks(first, last):
        x = x_of(day)
        out.append(_line(x, axis_y, x, axis_y + 4, INK))
        out.append(_text(x, axis_y + 16, day.isoformat(), size=9, anchor="middle", fill=MUTED))
    if anchor is not None:
        x = x_of(anchor)
        out.append(
            f'<line x1="{x:.1f}" y1="{top_pad - 6}" x2="{x:.1f}" y2="{axis_y}" '
            f'stroke="{ACCENT}" stroke-width="1.2" stroke-dasharray="4 3"/>'
        )
        side = "end" if x > width - 60 else "start" if x < label_w + 40 else "middle"
        out.append(_text(x, top_pad - 10, _("Anchor date"), size=9, anchor=side, fill=ACCENT))
    out.append("</svg>")
    return "".join(out)


# -- drawing helpers ---------------------------------------------------------------------


def _svg_open(width, height, title):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family={quoteattr(FONT_FAMILY)} role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>"
    )


def _line(x1, y1, x2, y2, color):
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{color}" stroke-width="1"/>'
    )


def _text(x, y, text, *, size, anchor, fill, weight="normal"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT_FAMILY)} '
        f'font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="{fill}">'
        f"{escape(str(text))}</text>"
    )


def _fit(text, room, size=11):
    """Cut a label that would not fit `room` pixels (CJK glyphs are about 1 em wide)."""
    text = str(text)
    budget = room / size
    used, kept = 0.0, []
    for char in text:
        used += 0.55 if ord(char) < 0x2E80 else 1.0
        if used > budget - 1:
            return "".join(kept) + "…"
        kept.append(char)
    return text


def _label_lines(name, room, size=10):
    """A stage name on at most two lines: "第一阶段：全面动员" → "第一阶段" / "全面动员"."""
    name = str(name).strip()
    for colon in ("：", ":"):
        head, sep, tail = name.partition(colon)
        if sep and head and tail:
            return [_fit(head, room, size), _fit(tail.strip(), room, size)]
    return [_fit(name, room, size)]


def _period(start, end):
    if not isinstance(start, date) or not isinstance(end, date):
        return ""
    return f"{start:%m-%d} – {end:%m-%d}"


def _nice_ticks(top: Decimal, count: int = 5) -> list[Decimal]:
    """0 and round steps (1, 2, 2.5, 5 × 10^k) up to at least `top`."""
    if top <= 0:
        return [Decimal(0), Decimal(1)]
    raw = float(top) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = Decimal(str(step))
    ticks = [Decimal(0)]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _date_ticks(first: date, last: date, most: int = 6) -> list[date]:
    span = (last - first).days
    if span <= 0:
        return [first]
    step = max(1, math.ceil(span / (most - 1)))
    days = list(range(0, span, step))
    if span - days[-1] < step / 2 and len(days) > 1:
        days.pop()
    return [first + timedelta(days=d) for d in days] + [last]
