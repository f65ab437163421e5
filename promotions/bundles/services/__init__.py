"""Writes of the family-network bundle. Keyword-only, organization first, one transaction
each; errors are Django ValidationError (field → message in the user's language), and a
refused write changes nothing. SMS go through campaigns.sms (queued on commit).

One module per step of a network's life; importing this package registers the SMS reply
handler ("bundle.confirm") and the organization set-up step."""

from .daily_report import DAILY_REPORT_JOB, daily_reports_due
from .joining import coupon_redeem, member_join
from .members import member_activate, member_activation_fail, members_expire
from .registration import bundle_register
from .tiers import bundle_settings_save, organization_set_up, tier_save, tiers_ensure_defaults

__all__ = [
    "DAILY_REPORT_JOB",
    "bundle_register",
    "bundle_settings_save",
    "coupon_redeem",
    "daily_reports_due",
    "member_activate",
    "member_activation_fail",
    "member_join",
    "members_expire",
    "organization_set_up",
    "tier_save",
    "tiers_ensure_defaults",
]
