from django.urls import path

from .views import agents, contest, entry, imports, reports

# Mounted under /<slug:org_slug>/contests/ by campaigns/urls.py.
urlpatterns = [
    path("", contest.contest_list, name="contest_list"),
    path("new/", contest.contest_new, name="contest_new"),
    path("agents/", agents.agents, name="contest_agents"),
    path("agents/<int:agent_id>/", agents.agent_edit, name="contest_agent_edit"),
    path("<int:contest_id>/", contest.contest_detail, name="contest_detail"),
    path("<int:contest_id>/settings/", contest.contest_settings, name="contest_settings"),
    path("<int:contest_id>/entry/", entry.entry, name="contest_entry"),
    path("<int:contest_id>/entry/preview/", entry.entry_preview, name="contest_entry_preview"),
    path("<int:contest_id>/policies/<int:policy_id>/", entry.policy_detail, name="contest_policy"),
    path("<int:contest_id>/policies/<int:policy_id>/void/", entry.policy_void, name="policy_void"),
    path("<int:contest_id>/agents/<int:agent_id>/", agents.agent_detail, name="contest_agent"),
    path("<int:contest_id>/risks/", contest.risks, name="contest_risks"),
    path("<int:contest_id>/evaluations/", contest.evaluations, name="contest_evaluations"),
    path(
        "<int:contest_id>/agents/<int:agent_id>/decisions/",
        agents.award_decide,
        name="contest_award_decide",
    ),
    path("<int:contest_id>/tracking/", agents.tracking, name="contest_tracking"),
    path(
        "<int:contest_id>/tracking/<int:agent_id>/",
        agents.tracking_save,
        name="contest_tracking_save",
    ),
    path("<int:contest_id>/import/", imports.contest_import, name="contest_import"),
    path(
        "<int:contest_id>/import/<int:batch_id>/commit/",
        imports.contest_import_commit,
        name="contest_import_commit",
    ),
    path("<int:contest_id>/reports/", reports.battle_report_page, name="contest_battle_report"),
    path(
        "<int:contest_id>/reports/make/",
        reports.battle_report_make,
        name="contest_battle_report_make",
    ),
    path(
        "<int:contest_id>/reports/<int:report_id>/download/",
        reports.battle_report_download,
        name="contest_battle_report_download",
    ),
]
