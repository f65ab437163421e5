from django.urls import path

from .api import contests, imports, policies, standings

# Mounted under /api/v1/<slug:org_slug>/ by campaigns/api_urls.py.
urlpatterns = [
    path("contests/", contests.ContestListAPI.as_view(), name="api_contests"),
    path(
        "contests/<int:contest_id>/progress/",
        contests.ContestProgressAPI.as_view(),
        name="api_contest_progress",
    ),
    path(
        "contests/<int:contest_id>/leaderboard/",
        standings.ContestLeaderboardAPI.as_view(),
        name="api_contest_leaderboard",
    ),
    path(
        "contests/<int:contest_id>/agents/<int:agent_id>/awards/",
        standings.AgentAwardsAPI.as_view(),
        name="api_contest_agent_awards",
    ),
    path(
        "contests/<int:contest_id>/policies/",
        policies.PolicyListAPI.as_view(),
        name="api_contest_policies",
    ),
    path(
        "contests/<int:contest_id>/policies/<int:policy_id>/",
        policies.PolicyDetailAPI.as_view(),
        name="api_contest_policy",
    ),
    path(
        "contests/<int:contest_id>/policies/<int:policy_id>/void/",
        policies.PolicyVoidAPI.as_view(),
        name="api_contest_policy_void",
    ),
    path(
        "contests/<int:contest_id>/policies/import/",
        imports.PolicyImportAPI.as_view(),
        name="api_contest_policy_import",
    ),
    path(
        "contests/<int:contest_id>/policies/import/<int:batch_id>/",
        imports.PolicyImportBatchAPI.as_view(),
        name="api_contest_policy_import_batch",
    ),
    path(
        "contests/<int:contest_id>/policies/import/<int:batch_id>/commit/",
        imports.PolicyImportCommitAPI.as_view(),
        name="api_contest_policy_import_commit",
    ),
]
