"""Words for what event days store as codes and numbers, in the reader's language: a
signing's calculation steps and history, a pool's verification verdict (also printed by
the verify_draws command), the agenda timer's clock."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..rules import offers

register = template.Library()


@register.simple_tag
def step_label(step):
    code = step.get("code")
    if code == "discount":
        zhe = step.get("zhe", "10")
        return _("Signing discount %(zhe)s (%(off)s %% off)") % {
            "zhe": offers.zhe_label(zhe),
            "off": offers.percent_off(zhe),
        }
    return {
        "total": _("Contract total"),
        "card": _("51 card"),
        "voucher": _("Group-purchase voucher"),
        "due": _("Amount due"),
    }.get(code, code)


@register.simple_tag
def change_label(action):
    return {
        "signed": _("signed"),
        "corrected": _("corrected"),
        "voided": _("voided"),
        "regrouped": _("group voucher changed"),
    }.get(action, action)


def prize_label(prize_id, prize_names):
    if prize_id is None:
        return _("no prize")
    return prize_names.get(prize_id, f"#{prize_id}")


def verdict(verification, prize_names):
    """A pool's verification (rules.draws.Verification) in words: the page and the
    verify_draws command say the same."""
    if not verification.seed_matches:
        return _(
            "The revealed seed does not match the published SHA-256: these draws cannot be trusted."
        )
    if verification.first_bad is not None:
        if verification.missing:
            return _("Draw no. %(k)d is missing from the log.") % {"k": verification.first_bad}
        return _(
            "Draw no. %(k)d differs: the log says %(logged)s, the seed gives %(expected)s."
        ) % {
            "k": verification.first_bad,
            "logged": prize_label(verification.logged, prize_names),
            "expected": prize_label(verification.expected, prize_names),
        }
    return ngettext("All %(n)d draw verified.", "All %(n)d draws verified.", verification.count) % {
        "n": verification.count
    }


@register.simple_tag
def draws_verdict(verification, prize_names):
    return verdict(verification, prize_names)


@register.simple_tag
def prize_name(prize_id, prize_names):
    return prize_label(prize_id, prize_names)


@register.filter
def clock(seconds):
    """Seconds as the timer shows them: 9:05, 1:02:03."""
    if seconds is None:
        return ""
    seconds = int(seconds)
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    sign = "-" if seconds < 0 else ""
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
