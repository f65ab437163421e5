from django.urls import include, path

from . import api

# Mounted under /api/v1/<slug:org_slug>/ by config/urls.py.
urlpatterns = [
    path("me/", api.MeView.as_view(), name="api_me"),
    path("", include("campaigns.plans.api_urls")),
    path("", include("contests.api_urls")),
    path("", include("franchise.api_urls")),
    path("", include("promotions.bundles.api_urls")),
    path("", include("campaigns.sms.api_urls")),
]
