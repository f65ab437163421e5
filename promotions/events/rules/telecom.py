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
