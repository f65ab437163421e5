"""The decoration event's offers (DOMAIN.md §3, 第4篇): the signing discount written as 折,
the 51 card's deduction, the group-purchase voucher, and the amount due with every step.

Rounding: the discounted total is rounded once, to the fen, half up; the card and the
voucher are whole amounts taken off after it, each at most what is left (the amount due
never goes below zero).
"""

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
TEN = Decimal("10")
ZHE_MIN, ZHE_MAX = Decimal("1"), Decimal("10")


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the discount, written as 折 -------------------------------------------------------


def zhe_from_percent_off(percent_off):
    """5 (% off) → 9.5 折."""
    return (TEN - Decimal(percent_off) / TEN).normalize()


def percent_off(zhe):
    """9.5 折 → 5 (% off); 8.8 折 → 12."""
    return ((TEN - Decimal(zhe)) * TEN).normalize()


def zhe_label(zhe):
    """9.5 → "9.5折", 10 → "" (no discount). The number as people write it: no trailing 0."""
    zhe = Decimal(zhe)
    if zhe >= TEN:
        return ""
    return f"{format(zhe.normalize(), 'f')}折"


def parse_zhe(text):
    """Read what a manager types: "9.5折", "9.5", "95折" (= 9.5), "5%" or "5% off" (= 9.5).
    Returns a Decimal 折 figure in [1, 10], or None when it cannot be read."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    text = text.replace(" ", "").replace("off", "")
    try:
        if text.endswith("%"):
            zhe = zhe_from_percent_off(Decimal(text[:-1]))
        else:
            zhe = Decimal(text.removesuffix("折"))
            if text.endswith("折") and TEN < zhe < 100:  # 95折 is 9.5折
                zhe = zhe / TEN
    except (InvalidOperation, ValueError):
        return None
    if not zhe.is_finite() or not ZHE_MIN <= zhe <= ZHE_MAX or zhe != zhe.quantize(CENT):
        return None
    return zhe.normalize()


# --- the amount due --------------------------------------------------------------------


@dataclass(frozen=True)
class Amounts:
    contract_total: Decimal
    discounted: Decimal
    card_deduction: Decimal
    group_voucher: Decimal
    amount_due: Decimal
    steps: tuple  # ({"code": ..., "amount": "..."} ...), rendered in the reader's language


def signing_amounts(*, contract_total, discount_zhe, card_deduction=0, group_voucher=0):
    """contract total → × 折/10 (rounded to the fen) → − 51 card → − group voucher."""
    total = money(contract_total)
    zhe = Decimal(discount_zhe)
    discounted = money(total * zhe / TEN)
    left = discounted
    card = min(money(card_deduction), left)
    left -= card
    voucher = min(money(group_voucher), left)
    left -= voucher
    steps = [{"code": "total", "amount": str(total)}]
    if discounted != total:
        steps.append(
            {"code": "discount", "zhe": str(zhe.normalize()), "amount": str(discounted - total)}
        )
    if card:
        steps.append({"code": "card", "amount": str(-card)})
    if voucher:
        steps.append({"code": "voucher", "amount": str(-voucher)})
    steps.append({"code": "due", "amount": str(left)})
    return Amounts(total, discounted, card, voucher, left, tuple(steps))


# --- the group purchase ----------------------------------------------------------------


def community_key(name):
    """Communities as people type them: 阳光花园, 阳光 花园 and ＡＢＣ苑 / abc苑 are one."""
    text = unicodedata.normalize("NFKC", str(name or "")).casefold()
    return "".join(text.split())


def group_voucher_holders(signings, *, min_size, same_day):
    """The signings that earn the voucher: those of customers from one residential
    community who sign at the event, when at least `min_size` of them do (on the same
    day, if `same_day`). `signings`: (id, community, signed_on) of live signings at the
    event. A signing without a community is in no group."""
    groups = {}
    for signing_id, community, signed_on in signings:
        key = community_key(community)
        if not key:
            continue
        groups.setdefault((key, signed_on if same_day else None), []).append(signing_id)
    return {sid for members in groups.values() if len(members) >= min_size for sid in members}
