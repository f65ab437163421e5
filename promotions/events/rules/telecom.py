"""Telecom Day's pure rules: the invitation text's placeholders, the preparation days
counted back from the event (mobilisation T−10, the ranking from T−5), the personal
pre-order ranking and the attendance sources."""

import re
from datetime import timedelta
from decimal import Decimal

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDERS = ("code", "name")
MOBILISATION_DAYS_BEFORE = 10  # 第6篇: the mobilisation meeting sets the quotas
RANKING_DAYS_BEFORE = 5  # 第6篇: the second mobilisation shows the pre-order ranking

# Where a checked-in guest came from, by the name of their lead channel.
SMS_INVITATION_CHANNEL = "短信邀约"
STAFF_INVITATION_CHANNEL = "员工邀约"
WALK_IN_CHANNEL = "自然到访"
SOURCES = ("sms", "staff", "walk_in", "other")
_SOURCE_OF_CHANNEL = {
    SMS_INVITATION_CHANNEL: "sms",
    STAFF_INVITATION_CHANNEL: "staff",
    WALK_IN_CHANNEL: "walk_in",
}


def source_of(channel_name):
    return _SOURCE_OF_CHANNEL.get(channel_name or "", "other")


def unknown_placeholders(body):
    """The {names} in an invitation text that are not placeholders we fill."""
    return [name for name in PLACEHOLDER.findall(body or "") if name not in PLACEHOLDERS]


def has_code(body):
    return "{code}" in (body or "")


def render_invitation(body, *, code, name=""):
    values = {"code": code, "name": name}
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def mobilisation_day(event_day):
    return event_day - timedelta(days=MOBILISATION_DAYS_BEFORE)


def ranking_opens_on(event_day):
    return event_day - timedelta(days=RANKING_DAYS_BEFORE)


def percent(part, whole):
    """part / whole in %, one decimal, or None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def rank(rows):
    """Order employees by pre-order amount (then count, then name) and number them; equal
    amount and count share a rank (1, 2, 2, 4). `rows`: dicts with "amount", "count",
    "name". Returns new dicts with "rank"."""
    ordered = sorted(rows, key=lambda r: (-r["amount"], -r["count"], r["name"]))
    out, previous, position = [], None, 0
    for index, row in enumerate(ordered, 1):
        key = (row["amount"], row["count"])
        if key != previous:
            position, previous = index, key
        out.append({**row, "rank": position})
    return out
