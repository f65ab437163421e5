"""Resident ID numbers (居民身份证号码) for Telecom Day's birthday gift: validation with
python-stdnum's `cn.ric` (check digit, birth date, region), the birthday comparison, the
masked form and the keyed hash. Nothing here stores or logs a number.

A 15-digit number (first-generation card) is refused: those cards stopped being valid on
1 January 2013, and the desk checks the card in the customer's hand.
"""

import datetime
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric


class Invalid(ValueError):
    """The number is not a valid 18-digit resident ID; `reason` says why."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # length, old_card, format, check_digit, date, region


@dataclass(frozen=True)
class ResidentId:
    number: str  # 18 characters, the check character upper-case
    birth_date: datetime.date


def normalize(raw):
    """Full-width digits and X folded, spaces and dashes dropped, x upper-cased."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(c for c in text if c not in " -\u3000\t").upper()


def parse(raw):
    """The validated ID, or Invalid with the reason."""
    number = normalize(raw)
    if len(number) == 15 and number.isdigit():
        raise Invalid("old_card")
    if len(number) != 18:
        raise Invalid("length")
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        raise Invalid("format")
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError as exc:
        raise Invalid("date") from exc
    if ric.calc_check_digit(number) != number[17]:
        raise Invalid("check_digit")
    try:
        ric.get_birth_place(number)
    except stdnum_errors.ValidationError as exc:
        raise Invalid("region") from exc
    try:
        ric.validate(number)
    except stdnum_errors.ValidationError as exc:  # anything the library adds later
        raise Invalid("format") from exc
    return ResidentId(number, birth)


def born_on(resident_id, day):
    """Born on `day`'s month and day (any year). 29 February birthdays count on 28 February
    of a year without one."""
    birth = resident_id.birth_date
    if (birth.month, birth.day) == (day.month, day.day):
        return True
    leap_day = (birth.month, birth.day) == (2, 29)
    not_leap = day.year % 4 != 0 or (day.year % 100 == 0 and day.year % 400 != 0)
    return leap_day and not_leap and (day.month, day.day) == (2, 28)


def masked(resident_id):
    """110105********1234: the region kept, the birth date and sequence hidden."""
    number = resident_id.number
    return number[:6] + "*" * 8 + number[14:]


def keyed_hash(resident_id, key):
    """HMAC-SHA256 of the number under the installation's key (hex). Without the key the
    hash cannot be matched against the at most ~10^10 numbers a date and region allow."""
    return hmac.new(key.encode(), resident_id.number.encode(), hashlib.sha256).hexdigest()
