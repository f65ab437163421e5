"""Event days (the decoration company's promotional event, Telecom Day): the event started
from its plan, the guests and the channel that brought each, check-in, numbered first-N
places, sealed prize pools and their draws, 51 cards, signings, vendors and their deposits,
the timed agenda, and the follow-up lists. Amounts and draws are decided by
promotions/events/rules.py; these rows record them."""

from .base import MONEY, new_code  # noqa: F401
from .followups import Contact, FollowUp  # noqa: F401
from .guests import (  # noqa: F401
    CustomerProfile,
    Event,
    EventReport,
    Guest,
    GuestImport,
    LeadChannel,
)

# Telecom Day, part 2 (items 1–4): invitations, staff quotas, pre-orders, the ranking PDF.
from .invitations import Invitation, InvitationCampaign  # noqa: E402, F401
from .offers import Card, Draw, Place, Prize, PrizePool, Quota, Signing, SigningChange  # noqa: F401
from .quotas import PreOrder, RankingReport, StaffQuota  # noqa: E402, F401
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
