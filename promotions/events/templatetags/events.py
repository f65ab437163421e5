"""Labels of a signing's calculation steps and history, in the reader's language (the
steps are stored as codes and amounts, not sentences)."""

from django import template
from django.utils.translation import gettext as _

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
