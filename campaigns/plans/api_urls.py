from django.urls import path

from . import api
from .parts import PART_TYPES

# Mounted under /api/v1/<slug:org_slug>/ by campaigns/api_urls.py. These paths are fixed:
# integrations rely on them.
urlpatterns = [
    path("templates/", api.TemplateListAPI.as_view(), name="api_templates"),
    path("plans/", api.PlanListAPI.as_view(), name="api_plans"),
    path("plans/<int:plan_id>/", api.PlanDetailAPI.as_view(), name="api_plan"),
    path("plans/<int:plan_id>/findings/", api.PlanFindingsAPI.as_view(), name="api_plan_findings"),
    path("plans/<int:plan_id>/history/", api.PlanHistoryAPI.as_view(), name="api_plan_history"),
    path(
        "plans/<int:plan_id>/transitions/",
        api.PlanTransitionAPI.as_view(),
        name="api_plan_transition",
    ),
    path("plans/<int:plan_id>/in-force/", api.PlanInForceAPI.as_view(), name="api_plan_in_force"),
    path("plans/<int:plan_id>/copy/", api.PlanCopyAPI.as_view(), name="api_plan_copy"),
    path(
        "plans/<int:plan_id>/save-as-template/",
        api.PlanSaveTemplateAPI.as_view(),
        name="api_plan_save_template",
    ),
    path("plans/<int:plan_id>/exports/", api.PlanExportAPI.as_view(), name="api_plan_exports"),
    path(
        "plans/<int:plan_id>/sections/<int:item_id>/move/",
        api.SectionMoveAPI.as_view(),
        name="api_section_move",
    ),
    path("exports/<int:export_id>/", api.ExportDetailAPI.as_view(), name="api_export"),
    path(
        "exports/<int:export_id>/download/",
        api.ExportDownloadAPI.as_view(),
        name="api_export_download",
    ),
]

for _slug in PART_TYPES:
    _list, _detail = api.part_api_views(_slug)
    urlpatterns += [
        path(f"plans/<int:plan_id>/{_slug}/", _list.as_view(), name=f"api_{_slug}"),
        path(
            f"plans/<int:plan_id>/{_slug}/<int:item_id>/",
            _detail.as_view(),
            name=f"api_{_slug}_item",
        ),
    ]
