from django.urls import path

from .api import draws, events, followups, guests, signings, vendors

# Mounted under /api/v1/<slug:org_slug>/events/ by config/urls.py.
E = "<int:event_id>/"
POOL = E + "pools/<int:pool_id>/"
VENDOR = E + "vendors/<int:vendor_id>/"

urlpatterns = [
    path("", events.EventListAPI.as_view(), name="api_events"),
    path("channels/", events.LeadChannelListAPI.as_view(), name="api_event_channels"),
    path(E, events.EventDetailAPI.as_view(), name="api_event"),
    path(E + "dashboard/", events.EventDashboardAPI.as_view(), name="api_event_dashboard"),
    path(E + "offers/", events.OfferListAPI.as_view(), name="api_event_offers"),
    path(E + "offers/<int:quota_id>/", events.OfferDetailAPI.as_view(), name="api_event_offer"),
    path(
        E + "offers/<int:quota_id>/places/",
        events.OfferPlacesAPI.as_view(),
        name="api_event_offer_places",
    ),
    path(E + "agenda/", events.AgendaListAPI.as_view(), name="api_event_agenda"),
    path(
        E + "agenda/<int:agenda_item_id>/start/",
        events.AgendaItemStartAPI.as_view(),
        name="api_event_agenda_start",
    ),
    path(
        E + "agenda/<int:agenda_item_id>/end/",
        events.AgendaItemEndAPI.as_view(),
        name="api_event_agenda_end",
    ),
    # guests, check-in, the customer form, 51 cards
    path(E + "guests/", guests.GuestListAPI.as_view(), name="api_event_guests"),
    path(E + "guests/import/", guests.GuestImportAPI.as_view(), name="api_event_guests_import"),
    path(
        E + "guests/imports/<int:guest_import_id>/",
        guests.GuestImportDetailAPI.as_view(),
        name="api_event_guest_import",
    ),
    path(
        E + "guests/imports/<int:guest_import_id>/commit/",
        guests.GuestImportCommitAPI.as_view(),
        name="api_event_guest_import_commit",
    ),
    path(E + "guests/<int:guest_id>/", guests.GuestDetailAPI.as_view(), name="api_event_guest"),
    path(
        E + "guests/<int:guest_id>/profile/",
        guests.GuestProfileAPI.as_view(),
        name="api_event_guest_profile",
    ),
    path(E + "check-in/", guests.CheckInAPI.as_view(), name="api_event_check_in"),
    path(E + "cards/", guests.CardListAPI.as_view(), name="api_event_cards"),
    path(E + "cards/<int:card_id>/gift/", guests.CardGiftAPI.as_view(), name="api_event_card_gift"),
    # signings
    path(E + "signings/", signings.SigningListAPI.as_view(), name="api_event_signings"),
    path(
        E + "signings/<int:signing_id>/",
        signings.SigningDetailAPI.as_view(),
        name="api_event_signing",
    ),
    path(
        E + "signings/<int:signing_id>/void/",
        signings.SigningVoidAPI.as_view(),
        name="api_event_signing_void",
    ),
    # prize pools and draws
    path(E + "pools/", draws.PoolListAPI.as_view(), name="api_event_pools"),
    path(POOL, draws.PoolDetailAPI.as_view(), name="api_event_pool"),
    path(POOL + "prizes/", draws.PrizeListAPI.as_view(), name="api_event_pool_prizes"),
    path(POOL + "seal/", draws.PoolSealAPI.as_view(), name="api_event_pool_seal"),
    path(POOL + "reveal/", draws.PoolRevealAPI.as_view(), name="api_event_pool_reveal"),
    path(POOL + "verify/", draws.PoolVerifyAPI.as_view(), name="api_event_pool_verify"),
    path(POOL + "draws/", draws.DrawListAPI.as_view(), name="api_event_pool_draws"),
    path(
        POOL + "draws/<int:draw_id>/hand-over/",
        draws.DrawHandOverAPI.as_view(),
        name="api_event_draw_hand_over",
    ),
    # vendors
    path(E + "vendors/", vendors.VendorListAPI.as_view(), name="api_event_vendors"),
    path(VENDOR, vendors.VendorDetailAPI.as_view(), name="api_event_vendor"),
    path(
        VENDOR + "deposits/", vendors.VendorDepositAPI.as_view(), name="api_event_vendor_deposits"
    ),
    path(VENDOR + "orders/", vendors.VendorOrderListAPI.as_view(), name="api_event_vendor_orders"),
    path(E + "deposits/", vendors.DepositLedgerAPI.as_view(), name="api_event_deposits"),
    # follow-up lists
    path(E + "followups/", followups.FollowUpListAPI.as_view(), name="api_event_followups"),
    path(
        E + "followups/split/",
        followups.FollowUpSplitAPI.as_view(),
        name="api_event_followups_split",
    ),
    path(
        E + "followups/resplit/",
        followups.FollowUpResplitAPI.as_view(),
        name="api_event_followups_resplit",
    ),
    path(
        E + "followups/<int:followup_id>/",
        followups.FollowUpDetailAPI.as_view(),
        name="api_event_followup",
    ),
    path(
        E + "followups/<int:followup_id>/contacts/",
        followups.ContactRecordAPI.as_view(),
        name="api_event_followup_contacts",
    ),
]

# Telecom Day, part 2 (items 1–4).
from .api import telecom  # noqa: E402

CAMPAIGN = E + "invitation-campaigns/<int:campaign_id>/"
urlpatterns += [
    path(E + "invitees/import/", telecom.InviteeImportAPI.as_view(), name="api_event_invitees"),
    path(
        E + "invitation-campaigns/",
        telecom.CampaignListAPI.as_view(),
        name="api_event_invitation_campaigns",
    ),
    path(CAMPAIGN, telecom.CampaignDetailAPI.as_view(), name="api_event_invitation_campaign"),
    path(
        CAMPAIGN + "send/",
        telecom.CampaignSendAPI.as_view(),
        name="api_event_invitation_campaign_send",
    ),
    path(E + "quotas/", telecom.QuotaListAPI.as_view(), name="api_event_staff_quotas"),
    path(E + "pre-orders/", telecom.PreOrderListAPI.as_view(), name="api_event_preorders"),
    path(E + "ranking/", telecom.RankingAPI.as_view(), name="api_event_ranking"),
    path(E + "attendance/", telecom.AttendanceAPI.as_view(), name="api_event_attendance"),
]

# Telecom Day, items 5–9: gift stock, birthday gifts, quiz and wheel, desk sales, after
# the event (docs/events.md "Telecom Day").
from .api import gifts as tc_gifts  # noqa: E402
from .api import quiz as tc_quiz  # noqa: E402
from .api import telecom_gifts as tc  # noqa: E402

GIFT = E + "gifts/<int:gift_id>/"
SPIN = E + "wheels/<int:wheel_id>/spins/<int:spin_id>/"
urlpatterns += [
    path(E + "gifts/", tc_gifts.GiftListAPI.as_view(), name="api_event_gifts"),
    path(GIFT, tc_gifts.GiftDetailAPI.as_view(), name="api_event_gift"),
    path(GIFT + "order/", tc_gifts.GiftOrderAPI.as_view(), name="api_event_gift_order"),
    path(GIFT + "receive/", tc_gifts.GiftReceiveAPI.as_view(), name="api_event_gift_receive"),
    path(
        GIFT + "movements/",
        tc_gifts.GiftMovementListAPI.as_view(),
        name="api_event_gift_movements",
    ),
    path(
        E + "gift-issues/<int:movement_id>/return/",
        tc_gifts.GiftReturnAPI.as_view(),
        name="api_event_gift_return",
    ),
    path(E + "birthday/", tc_gifts.BirthdayGiftListAPI.as_view(), name="api_event_birthday"),
    path(
        E + "birthday/check/",
        tc_gifts.BirthdayCheckAPI.as_view(),
        name="api_event_birthday_check",
    ),
    path(E + "quiz/", tc_quiz.QuestionListAPI.as_view(), name="api_event_quiz"),
    path(
        E + "quiz/<int:quiz_question_id>/",
        tc_quiz.QuestionDetailAPI.as_view(),
        name="api_event_quiz_question",
    ),
    path(E + "wheels/", tc_quiz.WheelListAPI.as_view(), name="api_event_wheels"),
    path(
        E + "wheels/<int:wheel_id>/spins/",
        tc_quiz.SpinListAPI.as_view(),
        name="api_event_wheel_spins",
    ),
    path(SPIN + "answer/", tc_quiz.SpinAnswerAPI.as_view(), name="api_event_spin_answer"),
    path(SPIN + "draw/", tc_quiz.SpinDrawAPI.as_view(), name="api_event_spin_draw"),
    path(
        SPIN + "hand-over/",
        tc_quiz.SpinHandOverAPI.as_view(),
        name="api_event_spin_hand_over",
    ),
    path(E + "desk-sales/", tc.DeskSaleListAPI.as_view(), name="api_event_desk_sales"),
    path(
        E + "desk-sales/totals/",
        tc.DeskSaleTotalsAPI.as_view(),
        name="api_event_desk_sales_totals",
    ),
    path(
        E + "telecom-settings/",
        tc.TelecomSettingsAPI.as_view(),
        name="api_event_telecom_settings",
    ),
    path(
        E + "telecom-lists/split/",
        tc.TelecomListsSplitAPI.as_view(),
        name="api_event_telecom_lists_split",
    ),
    path(
        E + "second-development/",
        tc.SecondDevelopmentAPI.as_view(),
        name="api_event_second_development",
    ),
    path(
        E + "gift-recipients.xlsx",
        tc.GiftRecipientsXlsxAPI.as_view(),
        name="api_event_gift_recipients_xlsx",
    ),
]
