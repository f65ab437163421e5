from django.urls import path

from .views import events, guests, signings

# Mounted under /<slug:org_slug>/events/ by config/urls.py.
urlpatterns = [
    path("", events.event_list, name="event_list"),
    path("<int:event_id>/", events.event_detail, name="event_detail"),
    path("<int:event_id>/attendance/", events.event_attendance, name="event_attendance"),
    path("<int:event_id>/settings/", events.event_settings, name="event_settings"),
    path("<int:event_id>/dashboard/", events.event_dashboard, name="event_dashboard"),
    path("<int:event_id>/reports/", events.report_create, name="event_report_create"),
    path(
        "<int:event_id>/reports/<int:report_id>/", events.report_status, name="event_report_status"
    ),
    path(
        "<int:event_id>/reports/<int:report_id>/pdf/",
        events.report_download,
        name="event_report_download",
    ),
    # the door and the guest desk
    path("<int:event_id>/desk/", guests.desk, name="event_desk"),
    path("<int:event_id>/guests/", guests.guest_list, name="event_guests"),
    path("<int:event_id>/guests/new/", guests.guest_new, name="event_guest_new"),
    path("<int:event_id>/guests/import/", guests.guest_import, name="event_guest_import"),
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
]
