from django.urls import path

from . import views

# Mounted under /<slug:org_slug>/bundles/channels/ by promotions.bundles.urls.
urlpatterns = [
    path("", views.channels, name="bundle_channels"),
    path("new/", views.channel_new, name="bundle_channel_new"),
    path("stock/", views.stock_move, name="bundle_stock_move"),
    path("<int:channel_id>/", views.channel_detail, name="bundle_channel"),
    path(
        "<int:channel_id>/recall/",
        views.channel_recall,
        name="bundle_channel_recall",
    ),
    path(
        "<int:channel_id>/penalties/",
        views.penalty_new,
        name="bundle_penalty_new",
    ),
    path(
        "<int:channel_id>/statement/",
        views.statement_make,
        name="bundle_statement_make",
    ),
    path(
        "<int:channel_id>/statements/<int:channel_statement_id>/download/",
        views.statement_download,
        name="bundle_statement_download",
    ),
]
