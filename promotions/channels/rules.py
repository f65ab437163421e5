"""Pure rules of channels and money (DOMAIN.md §5, 第8篇): the deduction per verified
case, the monthly statement's lines and total, months. No ORM, no I/O."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

# Deductions per verified case (第8篇, 业务管理规定). A lost form also forfeits that
# bundle's commission.
PENALTY_AMOUNTS = {
    "split_sale": Decimal("100"),
    "misleading": Decimal("50"),
    "wrong_data": Decimal("50"),
    "late_entry": Decimal("50"),
    "lost_form": Decimal("50"),
}


@dataclass(frozen=True)
class StatementLine:
    kind: str  # "commission", "penalty", "forfeit"
    label: str
    amount: Decimal  # + paid to the channel, − deducted
    explanation: str


def statement_total(lines):
    return sum((line.amount for line in lines), Decimal("0"))


def first_of_month(value):
    return date(value.year, value.month, 1)


def parse_month(value):
    """The first day of a "YYYY-MM" month, or None for anything else."""
    try:
        year, month = (int(p) for p in str(value or "").split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError, OverflowError):
        return None


def month_bounds(month, zone):
    """First instant of the month and of the next one, in the organization's zone."""
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=zone)
    return start, following
