from django.urls import path

from . import views

# Mounted under /<slug:org_slug>/franchise/ by campaigns/urls.py.
urlpatterns = [
    path("", views.franchise_home, name="franchise_home"),
    path("goals/<int:goal_id>/", views.goal_detail, name="franchise_goal"),
    path("territories/", views.territory_list, name="franchise_territories"),
    path("franchisees/", views.franchisee_list, name="franchise_franchisees"),
    path("franchisees/options/", views.franchisee_options, name="franchise_franchisee_options"),
    path("territories/<int:territory_id>/", views.territory_detail, name="franchise_territory"),
    path(
        "territories/<int:territory_id>/status/",
        views.territory_status,
        name="franchise_territory_status",
    ),
    path(
        "territories/<int:territory_id>/agreements/",
        views.agreement_new,
        name="franchise_agreement_new",
    ),
    path(
        "territories/<int:territory_id>/revenue/",
        views.revenue_submit,
        name="franchise_revenue_submit",
    ),
    path(
        "territories/<int:territory_id>/revenue/correct/",
        views.revenue_correct,
        name="franchise_revenue_correct",
    ),
    path(
        "territories/<int:territory_id>/hospitals/",
        views.hospital_add,
        name="franchise_hospital_add",
    ),
    path(
        "agreements/<int:agreement_id>/payments/",
        views.agreement_payments,
        name="franchise_agreement_payments",
    ),
    path(
        "agreements/<int:agreement_id>/statements/",
        views.statement_compute,
        name="franchise_statement_compute",
    ),
    path("statements/<int:statement_id>/", views.statement_detail, name="franchise_statement"),
    path(
        "statements/<int:statement_id>/issue/",
        views.statement_issue,
        name="franchise_statement_issue",
    ),
    path(
        "statements/<int:statement_id>/lock/", views.statement_lock, name="franchise_statement_lock"
    ),
    path(
        "statements/<int:statement_id>/pdf/make/",
        views.statement_make_pdf,
        name="franchise_statement_make_pdf",
    ),
    path(
        "statements/<int:statement_id>/pdf/",
        views.statement_download,
        name="franchise_statement_pdf",
    ),
    path(
        "statements/<int:statement_id>/questions/",
        views.question_ask,
        name="franchise_question_ask",
    ),
    path(
        "statements/<int:statement_id>/questions/<int:question_id>/answer/",
        views.question_answer,
        name="franchise_question_answer",
    ),
    path("products/", views.product_list, name="franchise_products"),
    path("products/<int:product_id>/price/", views.product_price, name="franchise_product_price"),
    path("hospitals/", views.hospital_coverage, name="franchise_hospitals"),
    path(
        "hospitals/<int:hospital_id>/deliveries/", views.delivery_new, name="franchise_delivery_new"
    ),
    path("events/", views.event_list, name="franchise_events"),
]
