from django.urls import path

from . import api

# Mounted under /api/v1/<slug:org_slug>/ by campaigns/api_urls.py.
urlpatterns = [
    path("contests/", api.ContestListAPI.as_view(), name="api_contests"),
    path(
        "contests/<int:contest_id>/progress/",
        api.ContestProgressAPI.as_view(),
        name="api_contest_progress",
    ),
    path(
        "contests/<int:contest_id>/leaderboard/",
        api.ContestLeaderboardAPI.as_view(),
        name="api_contest_leaderboard",
    ),
    path(
        "contests/<int:contest_id>/agents/<int:agent_id>/awards/",
        api.AgentAwardsAPI.as_view(),
        name="api_contest_agent_awards",
    ),
    path(
        "contests/<int:contest_id>/policies/",
        api.PolicyListAPI.as_view(),
        name="api_contest_policies",
    ),
    path(
        "contests/<int:contest_id>/policies/<int:policy_id>/",
        api.PolicyDetailAPI.as_view(),
        name="api_contest_policy",
    ),
    path(
        "contests/<int:contest_id>/policies/<int:policy_id>/void/",
        api.PolicyVoidAPI.as_view(),
        name="api_contest_policy_void",
    ),
    path(
        "contests/<int:contest_id>/policies/import/",
        api.PolicyImportAPI.as_view(),
        name="api_contest_policy_import",
    ),
    path(
        "contests/<int:contest_id>/policies/import/<int:batch_id>/",
        api.PolicyImportBatchAPI.as_view(),
        name="api_contest_policy_import_batch",
    ),
    path(
        "contests/<int:contest_id>/policies/import/<int:batch_id>/commit/",
        api.PolicyImportCommitAPI.as_view(),
        name="api_contest_policy_import_commit",
    ),
]
