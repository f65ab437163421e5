from django.urls import include, path

from . import views

# Mounted under /<slug:org_slug>/contests/ by campaigns/urls.py.
urlpatterns = [
    path("", views.contest_list, name="contest_list"),
    path("new/", views.contest_new, name="contest_new"),
    path("agents/", views.agents, name="contest_agents"),
    path("agents/<int:agent_id>/", views.agent_edit, name="contest_agent_edit"),
    path("<int:contest_id>/", views.contest_detail, name="contest_detail"),
    path("<int:contest_id>/settings/", views.contest_settings, name="contest_settings"),
    path("<int:contest_id>/entry/", views.entry, name="contest_entry"),
    path("<int:contest_id>/entry/preview/", views.entry_preview, name="contest_entry_preview"),
    path("<int:contest_id>/policies/<int:policy_id>/", views.policy_detail, name="contest_policy"),
    path("<int:contest_id>/policies/<int:policy_id>/void/", views.policy_void, name="policy_void"),
    path("<int:contest_id>/agents/<int:agent_id>/", views.agent_detail, name="contest_agent"),
    path("<int:contest_id>/risks/", views.risks, name="contest_risks"),
    path("<int:contest_id>/evaluations/", views.evaluations, name="contest_evaluations"),
    path(
        "<int:contest_id>/agents/<int:agent_id>/decisions/",
        views.award_decide,
        name="contest_award_decide",
    ),
    path("<int:contest_id>/tracking/", views.tracking, name="contest_tracking"),
    path(
        "<int:contest_id>/tracking/<int:agent_id>/",
        views.tracking_save,
        name="contest_tracking_save",
    ),
    path("<int:contest_id>/import/", include("contests.import_urls")),
    path("<int:contest_id>/reports/", include("contests.report_urls")),
]
