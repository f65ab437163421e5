"""Event days (the decoration company's promotional event, Telecom Day): the event started
from its plan, the guests and the channel that brought each, check-in, numbered first-N
places, sealed prize pools and their draws, 51 cards, signings, vendors and their deposits,
the timed agenda, and the follow-up lists. Amounts and draws are decided by
promotions/events/rules.py; these rows record them."""

from .base import MONEY, new_code  # noqa: F401
from .followups import Contact, FollowUp  # noqa: F401
from .guests import CustomerProfile, Event, EventReport, Guest, LeadChannel  # noqa: F401
from .offers import Card, Draw, Place, Prize, PrizePool, Quota, Signing, SigningChange  # noqa: F401
from .telecom import (  # noqa: F401
    BirthdayGift,
    DeskSale,
    FollowUpList,
    GiftItem,
    GiftMovement,
    QuizQuestion,
    Spin,
    TelecomSettings,
    Wheel,
)
from .vendors import AgendaItem, DepositEntry, Vendor, VendorOrder  # noqa: F401
