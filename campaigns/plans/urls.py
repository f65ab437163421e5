from django.urls import path

from .views import copying, exports, parts, plan

# Mounted under /<slug:org_slug>/plans/ by campaigns/urls.py.
urlpatterns = [
    path("", plan.plan_list, name="plan_list"),
    path("new/", plan.plan_new, name="plan_new"),
    path("<int:plan_id>/", plan.plan_detail, name="plan_detail"),
    path("<int:plan_id>/edit/", plan.plan_edit, name="plan_edit"),
    path("<int:plan_id>/header/", plan.plan_header, name="plan_header"),
    path("<int:plan_id>/findings/", plan.plan_findings, name="plan_findings"),
    path("<int:plan_id>/history/", plan.plan_history, name="plan_history"),
    path("<int:plan_id>/copy/", copying.plan_copy, name="plan_copy"),
    path("<int:plan_id>/save-template/", copying.plan_save_template, name="plan_save_template"),
    path("<int:plan_id>/status/", plan.plan_transition, name="plan_transition"),
    path("<int:plan_id>/in-force/", plan.plan_in_force, name="plan_in_force"),
    path("<int:plan_id>/exports/", exports.export_create, name="plan_export"),
    path("<int:plan_id>/sections/<int:item_id>/move/", parts.section_move, name="section_move"),
    path("<int:plan_id>/<slug:part>/", parts.part_list, name="part_list"),
    path("<int:plan_id>/<slug:part>/new/", parts.part_new, name="part_new"),
    path("<int:plan_id>/<slug:part>/<int:item_id>/", parts.part_item, name="part_item"),
    path("<int:plan_id>/<slug:part>/<int:item_id>/edit/", parts.part_edit, name="part_edit"),
    path("<int:plan_id>/<slug:part>/<int:item_id>/delete/", parts.part_delete, name="part_delete"),
    path("exports/<int:export_id>/", exports.export_status, name="export_status"),
    path("exports/<int:export_id>/download/", exports.export_download, name="export_download"),
]
