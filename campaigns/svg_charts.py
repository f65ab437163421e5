"""SVG chart primitives for print: the pieces every server-drawn chart is made of (the
plan's stage and timeline charts, the battle report's progress chart).

Every <svg> names its font itself, because SVG text ignores the page's CSS, and every
piece of text is XML-escaped, so the strings these functions return are safe to mark
safe. Pure functions over plain values.
"""

import math
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

FONT_FAMILY = "Noto Sans CJK SC, sans-serif"
INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
ACCENT = "#b91c1c"
BAR_COLORS = ("#93c5fd", "#60a5fa", "#3b82f6", "#2563eb", "#1d4ed8", "#1e40af")


def number_grouped(value) -> str:
    """12,500 or 12,500.50, as everywhere else in the product: grouped, no trailing .00."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def svg_open(width, height, title):
    """The opening <svg> tag with its size, font and accessible title."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family={quoteattr(FONT_FAMILY)} role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>"
    )


def line(x1, y1, x2, y2, color):
    """A one-pixel line."""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{color}" stroke-width="1"/>'
    )


def text(x, y, text, *, size, anchor, fill, weight="normal"):
    """A piece of text, escaped."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT_FAMILY)} '
        f'font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="{fill}">'
        f"{escape(str(text))}</text>"
    )


def fit(text, room, size=11):
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


def nice_ticks(top: Decimal, count: int = 5) -> list[Decimal]:
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


def date_ticks(first: date, last: date, most: int = 6) -> list[date]:
    """At most `most` evenly spaced days from `first` to `last`, both included."""
    span = (last - first).days
    if span <= 0:
        return [first]
    step = max(1, math.ceil(span / (most - 1)))
    days = list(range(0, span, step))
    if span - days[-1] < step / 2 and len(days) > 1:
        days.pop()
    return [first + timedelta(days=d) for d in days] + [last]


def text_width(text, size) -> float:
    """About how wide `text` is drawn at `size` (CJK glyphs 1 em, others 0.55 em)."""
    return sum(0.55 if ord(char) < 0x2E80 else 1.0 for char in str(text)) * size


def legend(x, y, items, *, size=10, width=None) -> str:
    """A legend row from (x, y): each item a short sample of how it is drawn, then its
    label. `items`: (label, style, color), style one of "line", "dashed", "dotted", "dot".
    With `width`, items that would pass it start a new row below."""
    dashes = {"dashed": ' stroke-dasharray="5 3"', "dotted": ' stroke-dasharray="2 3"'}
    out, cx, cy = [], x, y
    for label, style, color in items:
        room = 22 + text_width(label, size) + 14
        if width is not None and cx > x and cx + room > x + width:
            cx, cy = x, cy + size + 8
        if style == "dot":
            out.append(f'<circle cx="{cx + 8:.1f}" cy="{cy - size / 3:.1f}" r="4" fill="{color}"/>')
        else:
            out.append(
                f'<line x1="{cx:.1f}" y1="{cy - size / 3:.1f}" x2="{cx + 16:.1f}" '
                f'y2="{cy - size / 3:.1f}" stroke="{color}" stroke-width="2"'
                f"{dashes.get(style, '')}/>"
            )
        out.append(text(cx + 22, cy, label, size=size, anchor="start", fill=INK))
        cx += room
    return "".join(out)
