"""Pure SMS rules: mainland mobile numbers, masking, message parts, tolerant replies."""

import re
import unicodedata
from datetime import timedelta
from enum import StrEnum

# Mainland mobile numbers: 11 digits, network prefixes 13x, 145–149, 15x (not 154),
# 162/165/166/167, 170–178, 18x, 19x (not 194). Numbers arrive as typed: spaces,
# dashes and a +86 / 0086 country prefix are dropped first.
MOBILE = re.compile(r"^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$")

# The standard GSM/operator rule for UCS-2 (Chinese) texts: up to 70 characters travel as
# one message; a longer one is split into parts of 67 (3 characters per part carry the
# concatenation header), and the provider bills each part.
SINGLE_PART_LIMIT = 70
MULTI_PART_SIZE = 67

YES_WORDS = frozenset({"是", "y", "yes", "1", "确认", "同意", "好", "ok", "是的", "确定"})
NO_WORDS = frozenset({"否", "n", "no", "0", "不", "拒绝", "不同意", "不要", "不是"})
# Punctuation and decoration people add around a one-word answer.
_STRIP = " \t\r\n。.!！,，~～、;；:：\"'“”‘’()（）【】[]"


# An opt-out (退订): the operators' usual words, read as tolerantly as the yes/no answers.
OPT_OUT_WORDS = frozenset({"退订", "td", "t", "取消订阅", "unsubscribe"})


class Reply(StrEnum):
    YES = "yes"
    NO = "no"
    OTHER = "other"


def normalize_phone(raw):
    """The number as 11 digits if it can be read as one, else the cleaned text."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    text = re.sub(r"[\s\-()]", "", text)
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text


def is_mainland_mobile(number):
    return bool(MOBILE.match(number or ""))


def mask_phone(number):
    """138****1234: lists show the network and the last four digits only."""
    number = number or ""
    if len(number) != 11:
        return number[:2] + "****" if number else ""
    return f"{number[:3]}****{number[-4:]}"


def count_parts(body):
    length = len(body or "")
    if length <= SINGLE_PART_LIMIT:
        return 1
    return -(-length // MULTI_PART_SIZE)


def parse_reply(text):
    """是, Y, 1, 确认, 同意 (and close variants) → YES; 否, N, 0, 不, 拒绝 → NO; anything
    else → OTHER. Full-width letters and digits count as their plain forms."""
    word = unicodedata.normalize("NFKC", str(text or "")).strip(_STRIP).lower()
    if word in YES_WORDS:
        return Reply.YES
    if word in NO_WORDS:
        return Reply.NO
    return Reply.OTHER


def is_opt_out(text):
    """退订, TD or T (full-width, any case, punctuation around it): the number asks for no
    more campaign messages."""
    word = unicodedata.normalize("NFKC", str(text or "")).strip(_STRIP).lower()
    return word in OPT_OUT_WORDS


def next_sending_time(local_now, start, end):
    """The first moment, at or after `local_now` (an aware datetime in the organization's
    time zone), inside the daily sending hours [start, end). A window that crosses midnight
    (start > end) is allowed; start == end means any time."""
    if start == end:
        return local_now
    now = local_now.time()
    inside = start <= now < end if start < end else (now >= start or now < end)
    if inside:
        return local_now
    candidate = local_now.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    if candidate <= local_now:
        candidate = candidate + timedelta(days=1)
    return candidate
