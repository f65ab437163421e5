from django.urls import path

from . import views

# Mounted under /<slug:org_slug>/bundles/ by campaigns/urls.py.
urlpatterns = [
    path("", views.bundle_list, name="bundle_list"),
    path("new/", views.bundle_new, name="bundle_new"),
    path("new/tier/", views.bundle_tier_preview, name="bundle_tier_preview"),
    path("<int:registration_id>/", views.bundle_detail, name="bundle_detail"),
    path("activation/", views.activation_queue, name="bundle_activation"),
    path(
        "members/<int:bundle_member_id>/activate/",
        views.member_activate,
        name="bundle_member_activate",
    ),
    path("members/<int:bundle_member_id>/fail/", views.member_fail, name="bundle_member_fail"),
    path("coupons/redeem/", views.coupon_redeem, name="bundle_coupon_redeem"),
    path("join/", views.member_join, name="bundle_member_join"),
    path("tiers/", views.tiers, name="bundle_tiers"),
    path("report/", views.daily_report, name="bundle_report"),
    path("report/xlsx/", views.daily_report_xlsx, name="bundle_report_xlsx"),
]
