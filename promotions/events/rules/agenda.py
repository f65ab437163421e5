"""The host's timer: when an agenda item's clock turns amber, then red.

Amber in the last two minutes before the limit; for a short item (under ten minutes),
where two minutes would be most of it, at 80 % of the limit instead. Whichever comes
later: max(limit - 2 min, 80 % of limit). Red once the limit is passed."""

NORMAL, AMBER, RED = "normal", "amber", "red"
WARNING_SECONDS = 120


def amber_after(limit_seconds):
    """Seconds after the start at which the clock turns amber."""
    return max(limit_seconds - WARNING_SECONDS, limit_seconds * 4 // 5)


def phase(elapsed_seconds, limit_seconds):
    """NORMAL, AMBER or RED for an item running `elapsed_seconds` (no limit: NORMAL)."""
    if not limit_seconds:
        return NORMAL
    if elapsed_seconds > limit_seconds:
        return RED
    if elapsed_seconds >= amber_after(limit_seconds):
        return AMBER
    return NORMAL
