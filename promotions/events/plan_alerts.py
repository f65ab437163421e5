"""Telecom Day's gift deadlines on its plan's timeline (campaigns.plans.kinds hook): the
seed orders the gifts 10 days before the event and wants them in stock 3 days before.
A timeline task about gifts (its title names 礼品 or "gift") turns red:
- due before T−3 (the ordering task, T−10): from its day on, while the event has no
  gift or a gift with nothing ordered;
- due on or after T−3 (the "gifts in stock" task): from T−3 on, while a gift has fewer
  received than ordered (or nothing ordered)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.plans.kinds import register_kind
from campaigns.plans.models import PlanKind
from campaigns.plans.rules import task_due
from campaigns.plans.selectors import parts_of

from . import selectors
from .selectors import telecom_gifts as telecom

GIFT_WORDS = ("礼品", "gift")


def gift_task_alerts(plan, organization):
    event = selectors.events_of(organization).filter(plan=plan).first()
    if event is None:
        return {}
    today = timezone.localdate(timezone=organization.zoneinfo)
    stock_due = event.date - datetime.timedelta(days=telecom.STOCK_DUE_DAYS)
    stock = telecom.stock_summary(organization, event)
    alert = telecom.stock_alert(organization, event, today=today)
    alerts = {}
    for task in parts_of(plan, "tasks"):
        if not any(w in task.title.lower() for w in GIFT_WORDS):
            continue
        due = task_due(task.due_date, task.offset_days, plan.anchor_date)
        if due is None or today < due:
            continue
        if due < stock_due:
            unordered = [g["name"] for g in stock if not g["ordered"]]
            if not stock:
                alerts[task.pk] = _("no gift is in the event's gift stock yet.")
            elif unordered:
                alerts[task.pk] = _("not ordered yet: %(gifts)s.") % {"gifts": "、".join(unordered)}
        elif alert.late:
            alerts[task.pk] = _("not all gifts are in stock (received/ordered): %(gifts)s.") % {
                "gifts": "; ".join(
                    f"{name} {received}/{ordered}" for name, ordered, received in alert.missing
                )
            }
    return alerts


register_kind(PlanKind.TELECOM_DAY, task_alerts=gift_task_alerts)
