from django.urls import path

from .views import agenda, draws, events, followups, guests, signings, vendors

# Mounted under /<slug:org_slug>/events/ by config/urls.py.
urlpatterns = [
    path("", events.event_list, name="event_list"),
    path("<int:event_id>/", events.event_detail, name="event_detail"),
    path("<int:event_id>/attendance/", events.event_attendance, name="event_attendance"),
    path("<int:event_id>/settings/", events.event_settings, name="event_settings"),
    path("<int:event_id>/dashboard/", events.event_dashboard, name="event_dashboard"),
    path("<int:event_id>/reports/", events.report_create, name="event_report_create"),
    path(
        "<int:event_id>/reports/<int:event_report_id>/",
        events.report_status,
        name="event_report_status",
    ),
    path(
        "<int:event_id>/reports/<int:event_report_id>/pdf/",
        events.report_download,
        name="event_report_download",
    ),
    # the door and the guest desk
    path("<int:event_id>/desk/", guests.desk, name="event_desk"),
    path("<int:event_id>/guests/", guests.guest_list, name="event_guests"),
    path("<int:event_id>/guests/new/", guests.guest_new, name="event_guest_new"),
    path("<int:event_id>/guests/import/", guests.guest_import, name="event_guest_import"),
    path(
        "<int:event_id>/guests/imports/<int:guest_import_id>/",
        guests.guest_import_status,
        name="event_guest_import_status",
    ),
    path(
        "<int:event_id>/guests/imports/<int:guest_import_id>/commit/",
        guests.guest_import_commit,
        name="event_guest_import_commit",
    ),
    path("<int:event_id>/guests/<int:guest_id>/", guests.guest_detail, name="event_guest"),
    path("<int:event_id>/guests/<int:guest_id>/edit/", guests.guest_edit, name="event_guest_edit"),
    path(
        "<int:event_id>/guests/<int:guest_id>/profile/",
        guests.guest_profile,
        name="event_guest_profile",
    ),
    path(
        "<int:event_id>/guests/<int:guest_id>/check-in/",
        guests.guest_check_in,
        name="event_guest_check_in",
    ),
    path("<int:event_id>/guests/<int:guest_id>/qr.svg", guests.guest_qr, name="event_guest_qr"),
    path("<int:event_id>/guests/<int:guest_id>/cards/", guests.card_sell, name="event_card_sell"),
    path(
        "<int:event_id>/guests/<int:guest_id>/cards/<int:card_id>/gift/",
        guests.card_gift,
        name="event_card_gift",
    ),
    # signings
    path("<int:event_id>/signings/", signings.signing_list, name="event_signings"),
    path(
        "<int:event_id>/guests/<int:guest_id>/sign/", signings.signing_new, name="event_signing_new"
    ),
    path(
        "<int:event_id>/signings/<int:signing_id>/", signings.signing_detail, name="event_signing"
    ),
    path(
        "<int:event_id>/signings/<int:signing_id>/correct/",
        signings.signing_correct,
        name="event_signing_correct",
    ),
    path(
        "<int:event_id>/signings/<int:signing_id>/void/",
        signings.signing_void,
        name="event_signing_void",
    ),
    # first-N offers and prize pools
    path("<int:event_id>/offers/", draws.offer_list, name="event_offers"),
    path("<int:event_id>/offers/<int:quota_id>/", draws.offer_edit, name="event_offer"),
    path("<int:event_id>/pools/new/", draws.pool_new, name="event_pool_new"),
    path("<int:event_id>/pools/<int:pool_id>/", draws.pool_detail, name="event_pool"),
    path("<int:event_id>/pools/<int:pool_id>/edit/", draws.pool_edit, name="event_pool_edit"),
    path("<int:event_id>/pools/<int:pool_id>/prizes/", draws.prize_add, name="event_prize_add"),
    path(
        "<int:event_id>/pools/<int:pool_id>/prizes/<int:prize_id>/delete/",
        draws.prize_delete,
        name="event_prize_delete",
    ),
    path("<int:event_id>/pools/<int:pool_id>/seal/", draws.pool_seal, name="event_pool_seal"),
    path("<int:event_id>/pools/<int:pool_id>/draw/", draws.pool_draw, name="event_pool_draw"),
    path(
        "<int:event_id>/pools/<int:pool_id>/draws/<int:draw_id>/hand-over/",
        draws.prize_hand_over,
        name="event_prize_hand_over",
    ),
    path("<int:event_id>/pools/<int:pool_id>/reveal/", draws.pool_reveal, name="event_pool_reveal"),
    # the agenda
    path("<int:event_id>/agenda/", agenda.agenda, name="event_agenda"),
    path(
        "<int:event_id>/agenda/<int:agenda_item_id>/",
        agenda.agenda_item_edit,
        name="event_agenda_item",
    ),
    path(
        "<int:event_id>/agenda/<int:agenda_item_id>/start/",
        agenda.agenda_item_start,
        name="event_agenda_start",
    ),
    path(
        "<int:event_id>/agenda/<int:agenda_item_id>/end/",
        agenda.agenda_item_end,
        name="event_agenda_end",
    ),
    # vendors
    path("<int:event_id>/vendors/", vendors.vendor_list, name="event_vendors"),
    path("<int:event_id>/vendors/deposits/", vendors.deposit_ledger, name="event_deposits"),
    path("<int:event_id>/vendors/<int:vendor_id>/", vendors.vendor_detail, name="event_vendor"),
    path(
        "<int:event_id>/vendors/<int:vendor_id>/deposit/",
        vendors.vendor_deposit,
        name="event_vendor_deposit",
    ),
    path(
        "<int:event_id>/vendors/<int:vendor_id>/agreement/",
        vendors.vendor_agreement,
        name="event_vendor_agreement",
    ),
    path(
        "<int:event_id>/vendors/<int:vendor_id>/orders/",
        vendors.vendor_orders,
        name="event_vendor_orders",
    ),
    # follow-up lists
    path("<int:event_id>/follow-ups/", followups.followups, name="event_followups"),
    path(
        "<int:event_id>/follow-ups/split/",
        followups.followups_split,
        name="event_followups_split",
    ),
    path(
        "<int:event_id>/follow-ups/resplit/",
        followups.followups_resplit,
        name="event_followups_resplit",
    ),
    path("<int:event_id>/follow-ups/mine/", followups.my_followups, name="event_my_followups"),
    path(
        "<int:event_id>/follow-ups/<int:followup_id>/",
        followups.followup_detail,
        name="event_followup",
    ),
]

# Telecom Day, part 2 (items 1–4): invitations, quotas, pre-orders, ranking, big screen.
from .views import telecom, telecom_desk, telecom_manage  # noqa: E402

urlpatterns += [
    path("<int:event_id>/telecom/", telecom_manage.telecom_hub, name="event_telecom"),
    path("<int:event_id>/invitations/", telecom.invitations_page, name="event_invitations"),
    path(
        "<int:event_id>/invitations/import/",
        telecom.invitees_import,
        name="event_invitees_import",
    ),
    path(
        "<int:event_id>/invitations/<int:campaign_id>/",
        telecom.invitation_detail,
        name="event_invitation",
    ),
    path(
        "<int:event_id>/invitations/<int:campaign_id>/send/",
        telecom.invitation_send,
        name="event_invitation_send",
    ),
    path("<int:event_id>/quotas/", telecom.quotas_page, name="event_quotas"),
    path("<int:event_id>/mine/", telecom.my_telecom, name="event_my_telecom"),
    path("<int:event_id>/pre-orders/", telecom.preorders_page, name="event_preorders"),
    path("<int:event_id>/ranking/", telecom.ranking_page, name="event_ranking"),
    path(
        "<int:event_id>/ranking/<int:ranking_report_id>/pdf/",
        telecom.ranking_report_download,
        name="event_ranking_pdf",
    ),
    path("<int:event_id>/big-screen/", telecom.big_screen, name="event_big_screen"),
    path("<int:event_id>/big-screen/link/", telecom.screen_link, name="event_screen_link"),
    path("<int:event_id>/big-screen/live/", telecom.big_screen_live, name="event_big_screen_live"),
]

# Telecom Day, items 5–9 (docs/events.md "Telecom Day").

T = "<int:event_id>/telecom/"
urlpatterns += [
    path(T + "birthday/", telecom_desk.birthday_desk, name="event_birthday"),
    path(T + "gifts/", telecom_manage.gifts, name="event_gifts"),
    path(T + "gifts/<int:gift_id>/", telecom_manage.gift_detail, name="event_gift"),
    path(
        T + "gift-issues/<int:movement_id>/return/",
        telecom_manage.gift_return,
        name="event_gift_return",
    ),
    path(T + "quiz/", telecom_manage.quiz_questions, name="event_quiz"),
    path(T + "wheels/", telecom_manage.wheels, name="event_wheels"),
    path(T + "wheels/<int:wheel_id>/", telecom_desk.wheel_desk, name="event_wheel_desk"),
    path(
        T + "wheels/<int:wheel_id>/spins/<int:spin_id>/",
        telecom_desk.spin_page,
        name="event_spin",
    ),
    path(T + "desk-sales/", telecom_desk.desk_sales_page, name="event_desk_sales"),
    path(
        T + "second-development/",
        telecom_manage.second_development_page,
        name="event_second_development",
    ),
    path(
        T + "second-development/split/",
        telecom_manage.telecom_lists_split,
        name="event_telecom_lists_split",
    ),
    path(
        T + "gift-recipients.xlsx",
        telecom_manage.gift_recipients_xlsx,
        name="event_gift_recipients_xlsx",
    ),
]
