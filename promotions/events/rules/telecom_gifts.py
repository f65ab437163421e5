"""Telecom Day's pure rules: quiz answers and the second-development rate."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def quiz_choices(text):
    """The choices typed one per line: stripped, empty lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class EmployeeRate:
    employee_id: int
    customers: int  # on the employee's second-contact list
    developed: int  # of them, with a new sale or a business opportunity in the period
    rate: Decimal | None  # percent, one decimal; None with no customers
    behind: bool


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def second_development(lists, developed, target):
    """`lists`: {employee id: [customer ids on their second-contact list]}; `developed`:
    the customer ids with a new sale or a recorded business opportunity in the period;
    `target`: percent. Returns (per employee, overall rate, overall customers, overall
    developed). An employee is behind when their rate is below the target."""
    rows = []
    total = done = 0
    for employee, customers in lists.items():
        n = len(customers)
        d = sum(1 for c in customers if c in developed)
        total, done = total + n, done + d
        rate = percent(d, n)
        rows.append(EmployeeRate(employee, n, d, rate, rate is not None and rate < target))
    return rows, percent(done, total), total, done


@dataclass(frozen=True)
class Slice:
    path: str  # SVG path of the slice, in a 200 × 200 box centred on (100, 100)
    mid: float  # the slice's middle, degrees clockwise from the top
    label_x: float
    label_y: float
    label_rotate: float


def wheel_slices(weights, radius=96.0):
    """The wheel drawn as the draw lays it out: each slice as wide as its weight, in order,
    clockwise from the top. The spin page turns the wheel so the drawn slice's middle ends
    under the pointer; the picture never decides anything."""
    import math

    total = sum(weights) or 1
    slices, start = [], 0.0
    for weight in weights:
        sweep = 360.0 * weight / total
        end = start + sweep

        def point(deg, r=radius):
            rad = math.radians(deg - 90)
            return 100 + r * math.cos(rad), 100 + r * math.sin(rad)

        x0, y0 = point(start)
        x1, y1 = point(end)
        large = 1 if sweep > 180 else 0
        if sweep >= 359.999:
            path = f"M 100 {100 - radius:.2f} A {radius} {radius} 0 1 1 99.99 {100 - radius:.2f} Z"
        else:
            path = (
                f"M 100 100 L {x0:.2f} {y0:.2f} A {radius} {radius} 0 {large} 1 {x1:.2f} {y1:.2f} Z"
            )
        mid = start + sweep / 2
        lx, ly = point(mid, radius * 0.62)
        slices.append(Slice(path, round(mid, 3), round(lx, 2), round(ly, 2), round(mid, 1)))
        start = end
    return slices
