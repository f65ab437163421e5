from django.urls import path

from . import views

# Mounted under /<slug:org_slug>/plans/ by campaigns/urls.py.
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:plan_id>/header/", views.plan_header, name="plan_header"),
    path("<int:plan_id>/findings/", views.plan_findings, name="plan_findings"),
    path("<int:plan_id>/history/", views.plan_history, name="plan_history"),
    path("<int:plan_id>/copy/", views.plan_copy, name="plan_copy"),
    path("<int:plan_id>/save-template/", views.plan_save_template, name="plan_save_template"),
    path("<int:plan_id>/status/", views.plan_transition, name="plan_transition"),
    path("<int:plan_id>/exports/", views.export_create, name="plan_export"),
    path("<int:plan_id>/sections/<int:item_id>/move/", views.section_move, name="section_move"),
    path("<int:plan_id>/<slug:part>/", views.part_list, name="part_list"),
    path("<int:plan_id>/<slug:part>/new/", views.part_new, name="part_new"),
    path("<int:plan_id>/<slug:part>/<int:item_id>/", views.part_item, name="part_item"),
    path("<int:plan_id>/<slug:part>/<int:item_id>/edit/", views.part_edit, name="part_edit"),
    path("<int:plan_id>/<slug:part>/<int:item_id>/delete/", views.part_delete, name="part_delete"),
    path("exports/<int:export_id>/", views.export_status, name="export_status"),
    path("exports/<int:export_id>/download/", views.export_download, name="export_download"),
]
