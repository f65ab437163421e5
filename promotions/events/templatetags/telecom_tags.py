"""Telecom Day on the event dashboard: what is left of each gift (an inclusion tag, so the
dashboard's view stays as it is)."""

from django import template

from ..selectors import telecom_gifts as telecom

register = template.Library()


@register.inclusion_tag("events/telecom/_dashboard_stock.html", takes_context=True)
def telecom_stock(context, event):
    organization = context["organization"]
    return {
        "stock": telecom.stock_summary(organization, event),
        "alert": telecom.stock_alert(organization, event),
        "organization": organization,
        "event": event,
    }
