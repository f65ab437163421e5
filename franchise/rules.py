"""Pure rules of the franchise strategy: no ORM, no I/O. Money is Decimal throughout."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

FEN = Decimal("0.01")
HUNDRED = Decimal("100")
NEW_PRODUCTS_PER_YEAR = (3, 5)  # the plan: at least 3, aim for 5 new products a year
MAX_MONEY = Decimal("1e12")


# -- money ---------------------------------------------------------------------------------


def royalty(rate_percent: Decimal, revenue: Decimal) -> Decimal:
    """rate × revenue, rounded half-up to the fen (0.01 yuan)."""
    return (Decimal(revenue) * Decimal(rate_percent) / HUNDRED).quantize(FEN, ROUND_HALF_UP)


def parse_money(raw, *, field_label) -> Decimal:
    """A yuan amount typed by a person ("128,000.50"); ValueError with a message that
    names the field when it is not a number, negative, or has more than two decimals."""
    text = str(raw if raw is not None else "").replace(",", "").replace("，", "").strip()
    try:
        value = Decimal(text)
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValueError(
            _("Enter the %(field)s as a number, e.g. 128000 or 128000.50.") % {"field": field_label}
        ) from None
    if value < 0:
        raise ValueError(_("The %(field)s cannot be negative.") % {"field": field_label})
    # The bound first: quantizing a huge amount to the fen overflows the context.
    if value >= MAX_MONEY or value != value.quantize(FEN):
        raise ValueError(
            _("Enter the %(field)s in yuan with at most two decimals.") % {"field": field_label}
        )
    return value


def money_text(value: Decimal) -> str:
    return f"{Decimal(value):,.2f}"


@dataclass(frozen=True)
class Line:
    """One line of a royalty statement, with the arithmetic that produced it."""

    kind: str  # "royalty" or "adjustment"
    month: date
    revenue: Decimal  # the month's revenue, or for an adjustment the difference
    rate: Decimal
    amount: Decimal
    note: str = ""

    @property
    def calculation(self) -> str:
        return f"{money_text(self.revenue)} × {self.rate}% = {money_text(self.amount)}"


@dataclass(frozen=True)
class Correction:
    month: date
    previous_revenue: Decimal
    corrected_revenue: Decimal
    reason: str


def statement_lines(
    *, month: date, revenue: Decimal, rate: Decimal, corrections: list[Correction] = ()
) -> list[Line]:
    """The month's royalty line, then one adjustment line per correction of an earlier,
    already issued month: the revenue difference at the rate (negative = a credit)."""
    lines = [Line("royalty", month, Decimal(revenue), Decimal(rate), royalty(rate, revenue))]
    for c in corrections:
        difference = Decimal(c.corrected_revenue) - Decimal(c.previous_revenue)
        lines.append(
            Line(
                "adjustment",
                c.month,
                difference,
                Decimal(rate),
                royalty(rate, difference),
                _("Correction of %(month)s: revenue %(old)s → %(new)s (%(reason)s)")
                % {
                    "month": month_label(c.month),
                    "old": money_text(c.previous_revenue),
                    "new": money_text(c.corrected_revenue),
                    "reason": c.reason,
                },
            )
        )
    return lines


def statement_total(lines: list[Line]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0"))


# -- months and dates ------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_label(month: date) -> str:
    return f"{month.year}-{month.month:02d}"


def parse_month(raw) -> date:
    """ "2008-03" (or a date in that month) → 2008-03-01; ValueError otherwise."""
    if isinstance(raw, date):
        return month_start(raw)
    text = str(raw or "").strip()
    try:
        year, month = text[:7].split("-")
        return date(int(year), int(month), 1)
    except (ValueError, TypeError):
        raise ValueError(_("Enter the month as YYYY-MM, e.g. 2008-03.")) from None


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def periods_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None):
    """Inclusive date periods; an end of None is open-ended. Ending the day before the
    other starts is not an overlap."""
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def month_within(month: date, start: date, end: date | None) -> bool:
    """Whether any day of `month` falls inside the inclusive period start..end."""
    return periods_overlap(month_start(month), month_end(month), start, end)


# -- prices ------------------------------------------------------------------------------------


def next_price_change_allowed(last_change: date) -> date:
    """A product's price changes at most once in any 12 months: the next change may take
    effect 12 calendar months after the last one (29 Feb → 1 Mar)."""
    try:
        return last_change.replace(year=last_change.year + 1)
    except ValueError:  # 29 February
        return date(last_change.year + 1, 3, 1)


def price_change_refusal(last_change: date | None, effective_on: date) -> str | None:
    """Why a change effective on `effective_on` is refused, or None when it is allowed.
    The launch price is not a change."""
    if last_change is None:
        return None
    if effective_on < last_change:
        return _(
            "The last price change took effect on %(date)s; a new one cannot take effect before it."
        ) % {"date": last_change.isoformat()}
    allowed = next_price_change_allowed(last_change)
    if effective_on < allowed:
        return _(
            "The price changed on %(last)s; it may change at most once in any 12 "
            "months. The next change is allowed from %(next)s."
        ) % {"last": last_change.isoformat(), "next": allowed.isoformat()}
    return None


def new_product_counts(launch_dates: list[date]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for day in launch_dates:
        counts[day.year] = counts.get(day.year, 0) + 1
    return dict(sorted(counts.items()))


def new_products_verdict(count: int) -> str:
    low, high = NEW_PRODUCTS_PER_YEAR
    if count < low:
        return "below"
    return "aim" if count >= high else "met"


# -- rollout and ranking ---------------------------------------------------------------------

ESTABLISHED = ("model_market", "strong_market")


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    start: date
    end: date
    cumulative_target: Decimal | None


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    planned: int  # territories planned for this phase
    reached: int  # territories established (model/strong market) by the phase's end
    planned_reached: int  # of those planned for it, established by its end
    target: int | None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.reached >= self.target


def phase_progress(phases: list[Phase], territories: list[tuple[int, date | None]]):
    """Each phase's (cumulative) target against the markets established by its end.
    `territories` holds (planned phase, established_on or None) for each territory."""
    rows = []
    for phase in phases:
        established = [(p, on) for p, on in territories if on is not None and on <= phase.end]
        rows.append(
            PhaseProgress(
                phase=phase,
                planned=sum(1 for p, _on in territories if p == phase.number),
                reached=len(established),
                planned_reached=sum(1 for p, _on in established if p == phase.number),
                target=int(phase.cumulative_target)
                if phase.cumulative_target is not None
                else None,
            )
        )
    return rows


def rank_of(totals: dict[int, Decimal], key: int) -> tuple[int, int]:
    """(rank, out of) by total, highest first; ties share a rank (1, 2, 2, 4)."""
    mine = totals.get(key, Decimal("0"))
    return 1 + sum(1 for value in totals.values() if value > mine), len(totals)
