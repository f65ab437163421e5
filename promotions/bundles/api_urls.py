from django.urls import path

from . import api

# Mounted under /api/v1/<slug:org_slug>/ by campaigns/api_urls.py.
urlpatterns = [
    path("bundles/tiers/", api.TierListAPI.as_view(), name="api_bundle_tiers"),
    path(
        "bundles/registrations/", api.RegistrationListAPI.as_view(), name="api_bundle_registrations"
    ),
    path(
        "bundles/registrations/<int:registration_id>/",
        api.RegistrationDetailAPI.as_view(),
        name="api_bundle_registration",
    ),
    path("bundles/members/", api.MemberListAPI.as_view(), name="api_bundle_members"),
    path(
        "bundles/members/<int:bundle_member_id>/activation/",
        api.MemberActivationAPI.as_view(),
        name="api_bundle_member_activation",
    ),
    path("bundles/coupons/redeem/", api.CouponRedeemAPI.as_view(), name="api_bundle_coupon_redeem"),
]
