"""Prize draws anyone can verify.

Before the event a pool is sealed: a secret 32-byte seed is drawn and only its SHA-256
is shown. Draw number k is decided by HMAC-SHA256(seed, "event:pool:k") read as a number,
taken modulo the total weight of the prizes still in stock (plus the weight of "no
prize", if the pool has one). Nobody can choose an outcome: the seed is fixed before the
first guest arrives and its hash is published. After the event the seed is revealed and
anyone can redo every draw from it, the pool's prizes and the log.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass


def new_seed():
    return secrets.token_hex(32)


def seed_sha256(seed_hex):
    return hashlib.sha256(bytes.fromhex(seed_hex)).hexdigest()


def draw_value(seed_hex, event_id, pool_id, k):
    message = f"{event_id}:{pool_id}:{k}".encode()
    return int(hmac.new(bytes.fromhex(seed_hex), message, hashlib.sha256).hexdigest(), 16)


class SoldOut(Exception):
    """No prize of the pool is left in stock."""


@dataclass(frozen=True)
class PrizeStock:
    prize_id: int
    left: int
    weight: int


def draw_outcome(value, stock, no_prize_weight=0):
    """The prize id the number `value` lands on, or None for "no prize". Prizes in stock
    are laid out by id, each as wide as its weight, "no prize" last."""
    candidates = sorted((p for p in stock if p.left > 0), key=lambda p: p.prize_id)
    if not candidates:
        raise SoldOut
    total = sum(p.weight for p in candidates) + no_prize_weight
    point = value % total
    for prize in candidates:
        if point < prize.weight:
            return prize.prize_id
        point -= prize.weight
    return None


def draw(seed_hex, event_id, pool_id, k, stock, no_prize_weight=0):
    return draw_outcome(draw_value(seed_hex, event_id, pool_id, k), stock, no_prize_weight)


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    seed_matches: bool
    first_bad: int | None = None  # the number of the first draw that differs
    expected: int | None = None  # the prize id it should have given (None: no prize)
    logged: int | None = None
    missing: bool = False  # draw number first_bad is absent from the log


def verify(*, seed_hex, published_sha256, event_id, pool_id, prizes, no_prize_weight, log):
    """Redo every draw. `prizes`: PrizeStock with the stock the pool was sealed with;
    `log`: (number, prize id or None) in any order. Stock is replayed from the redone
    outcomes, so the first difference is where the log went wrong."""
    seed_ok = seed_sha256(seed_hex) == published_sha256
    left = {p.prize_id: p.left for p in prizes}
    weights = {p.prize_id: p.weight for p in prizes}
    ordered = sorted(log, key=lambda row: row[0])
    for expected_k, (k, logged_prize) in enumerate(ordered, start=1):
        if k != expected_k:
            return Verification(False, len(ordered), seed_ok, first_bad=expected_k, missing=True)
        stock = [PrizeStock(pid, left[pid], weights[pid]) for pid in left]
        try:
            outcome = draw(seed_hex, event_id, pool_id, k, stock, no_prize_weight)
        except SoldOut:
            return Verification(False, len(ordered), seed_ok, k, None, logged_prize)
        if outcome != logged_prize:
            return Verification(False, len(ordered), seed_ok, k, outcome, logged_prize)
        if outcome is not None:
            left[outcome] -= 1
    return Verification(seed_ok, len(ordered), seed_ok)
