from django.urls import path

from . import api

# Mounted under /api/v1/<slug:org_slug>/bundles/channels/ by promotions.bundles.api_urls.
urlpatterns = [
    path("", api.ChannelListAPI.as_view(), name="api_bundle_channels"),
    path(
        "<int:channel_id>/ledger/",
        api.ChannelLedgerAPI.as_view(),
        name="api_bundle_channel_ledger",
    ),
    path(
        "<int:channel_id>/statement/",
        api.ChannelStatementAPI.as_view(),
        name="api_bundle_channel_statement",
    ),
]
