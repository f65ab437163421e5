"""Writes of event days, by topic. Imported by the app's ready(): registers the
organization set-up step (the lead channels)."""

from .agenda import agenda_item_end, agenda_item_save, agenda_item_start
from .cards import card_gift_collect, card_sell
from .draws import (
    draw_take,
    event_ends_at,
    pool_reveal,
    pool_save,
    pool_seal,
    pool_verify,
    prize_delete,
    prize_hand_over,
    prize_save,
)
from .events import (
    event_start,
    event_update,
    lead_channel_save,
    lead_channels_ensure_defaults,
    quota_save,
)
from .followups import contact_record, followups_resplit, followups_split
from .guest_imports import guest_import_commit, guest_import_start
from .guests import guest_check_in, guest_register, guest_update, guests_import, profile_save
from .reports import event_report_request
from .signings import place_take, signing_correct, signing_record, signing_void
from .vendors import deposit_balance, deposit_record, vendor_order_record, vendor_save

__all__ = [
    "agenda_item_end",
    "agenda_item_save",
    "agenda_item_start",
    "card_gift_collect",
    "card_sell",
    "contact_record",
    "deposit_balance",
    "deposit_record",
    "draw_take",
    "event_report_request",
    "guest_import_commit",
    "guest_import_start",
    "event_ends_at",
    "event_start",
    "event_update",
    "followups_resplit",
    "followups_split",
    "guest_check_in",
    "guest_register",
    "guest_update",
    "guests_import",
    "lead_channel_save",
    "lead_channels_ensure_defaults",
    "place_take",
    "pool_reveal",
    "pool_save",
    "pool_seal",
    "pool_verify",
    "prize_delete",
    "prize_hand_over",
    "prize_save",
    "profile_save",
    "quota_save",
    "signing_correct",
    "signing_record",
    "signing_void",
    "vendor_order_record",
    "vendor_save",
]

# Telecom Day, part 2 (items 1–4). Importing registers the invitations' job handler.
from . import invitations, quotas  # noqa: E402, F401
