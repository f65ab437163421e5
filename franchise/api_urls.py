from django.urls import path

from . import api

# Mounted under /api/v1/<slug:org_slug>/ by campaigns/api_urls.py.
urlpatterns = [
    path(
        "franchise/territories/", api.TerritoryListAPI.as_view(), name="api_franchise_territories"
    ),
    path(
        "franchise/territories/<int:territory_id>/",
        api.TerritoryDashboardAPI.as_view(),
        name="api_franchise_territory",
    ),
    path("franchise/agreements/", api.AgreementListAPI.as_view(), name="api_franchise_agreements"),
    path("franchise/revenue/", api.RevenueListAPI.as_view(), name="api_franchise_revenue"),
    path("franchise/statements/", api.StatementListAPI.as_view(), name="api_franchise_statements"),
    path(
        "franchise/statements/<int:statement_id>/",
        api.StatementDetailAPI.as_view(),
        name="api_franchise_statement",
    ),
    path("franchise/hospitals/", api.HospitalListAPI.as_view(), name="api_franchise_hospitals"),
    path("franchise/deliveries/", api.DeliveryListAPI.as_view(), name="api_franchise_deliveries"),
]
