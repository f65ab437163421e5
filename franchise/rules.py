"""Pure rules of the franchise strategy: no ORM, no I/O. Money is Decimal throughout."""

import calendar
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns import money

FEN = Decimal("0.01")
HUNDRED = Decimal("100")
NEW_PRODUCTS_PER_YEAR = (3, 5)  # the plan: at least 3, aim for 5 new products a year


# -- money ---------------------------------------------------------------------------------


def royalty(rate_percent: Decimal, revenue: Decimal) -> Decimal:
    """rate × revenue, rounded half-up to the fen (0.01 yuan)."""
    return (Decimal(revenue) * Decimal(rate_percent) / HUNDRED).quantize(FEN, ROUND_HALF_UP)


def parse_money(raw, *, kind, ceiling=None) -> Decimal:
    """A yuan amount typed by a person ("128,000.50"), read by the one money input
    (campaigns.money): ValidationError with a message when it is not plain digits,
    negative, has more than two decimals or lies above the kind's bound (``ceiling``:
    the organization's)."""
    return money.parse_amount("" if raw is None else raw, kind=kind, ceiling=ceiling)


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
    `territories` holds (planned phase, established_on or None) for each territory.
    One pass over the territories, then a binary search per phase: a national board has a
    thousand of them."""
    planned = Counter()
    established = []  # every establishment date, sorted
    established_by_plan = defaultdict(list)  # the same, by the phase each was planned for
    for phase_number, on in territories:
        planned[phase_number] += 1
        if on is not None:
            established.append(on)
            established_by_plan[phase_number].append(on)
    established.sort()
    for dates in established_by_plan.values():
        dates.sort()
    return [
        PhaseProgress(
            phase=phase,
            planned=planned[phase.number],
            reached=bisect_right(established, phase.end),
            planned_reached=bisect_right(established_by_plan[phase.number], phase.end),
            target=int(phase.cumulative_target) if phase.cumulative_target is not None else None,
        )
        for phase in phases
    ]


def phase_holding(phases: list[Phase], day: date) -> Phase | None:
    """The phase whose dates hold the day (a recruiting event on the plan's timeline)."""
    return next((phase for phase in phases if phase.start <= day <= phase.end), None)


def questions_open(statement_status: str) -> bool:
    """A franchisee may ask about a statement until it is locked."""
    return statement_status != "locked"


def agreement_terms(
    *,
    model,
    start_date,
    end_date,
    franchise_fee,
    deposit,
    allotment_share,
    royalty_rate,
    ceilings=None,
):
    """The terms of an agreement, checked: model A or B, the first day and a last day not
    before it, money amounts, percentages 0–100 with at most two decimals, and the model's
    royalty rule (A pays none; B pays one). Field errors in a ValidationError."""
    errors = {}
    if model not in ("A", "B"):
        errors["model"] = _("Choose model A or model B.")
    if start_date is None:
        errors["start_date"] = _("Enter the first day of the agreement.")
    elif end_date is not None and end_date < start_date:
        errors["end_date"] = _(
            "The last day (%(end)s) cannot be before the first day (%(start)s)."
        ) % {"end": end_date, "start": start_date}
    amounts = {}
    for field, raw, kind in (
        ("franchise_fee", franchise_fee, money.Kind.FEE),
        ("deposit", deposit, money.Kind.DEPOSIT),
    ):
        try:
            amounts[field] = parse_money(raw, kind=kind, ceiling=money.ceiling_for(kind, ceilings))
        except ValidationError as exc:
            errors[field] = exc.messages[0]
    percents = {}
    for field, raw in (("royalty_rate", royalty_rate), ("allotment_share", allotment_share)):
        try:
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise ArithmeticError
        except (ArithmeticError, ValueError):
            errors[field] = _("Enter a percentage between 0 and 100, e.g. 5 or 5.5.")
            continue
        if not Decimal("0") <= value <= Decimal("100"):
            errors[field] = (
                _("The royalty rate must be between 0% and 100%.")
                if field == "royalty_rate"
                else _("The share must be between 0% and 100%.")
            )
        elif value != value.quantize(Decimal("0.01")):
            errors[field] = _("Enter the percentage with at most two decimals.")
        else:
            percents[field] = value
    if model == "A" and percents.get("royalty_rate"):
        errors["royalty_rate"] = _("Model A pays no monthly royalty; leave the rate at 0.")
    if model == "B" and "royalty_rate" in percents and not percents["royalty_rate"]:
        errors["royalty_rate"] = _("Model B charges a monthly royalty: enter its rate.")
    if errors:
        raise ValidationError(errors)
    return {"model": model, "start_date": start_date, "end_date": end_date, **amounts, **percents}


def rank_of(totals: dict[int, Decimal], key: int) -> tuple[int, int]:
    """(rank, out of) by total, highest first; ties share a rank (1, 2, 2, 4)."""
    mine = totals.get(key, Decimal("0"))
    return 1 + sum(1 for value in totals.values() if value > mine), len(totals)
