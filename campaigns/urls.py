from django.urls import include, path

from . import views

# Mounted under /<slug:org_slug>/ by config/urls.py.
urlpatterns = [
    path("", views.org_home, name="org_home"),
    path("members/", views.members, name="members"),
    path("members/<int:member_id>/", views.member_edit, name="member_edit"),
    path("members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "members/invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("branches/", views.branches, name="branches"),
    path("branches/<int:branch_id>/", views.branch_edit, name="branch_edit"),
    path("branches/<int:branch_id>/delete/", views.branch_delete, name="branch_delete"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:team_id>/", views.team_edit, name="team_edit"),
    path("teams/<int:team_id>/delete/", views.team_delete, name="team_delete"),
    path("jobs/", views.jobs, name="jobs"),
    path("settings/amounts/", views.amount_limits, name="amount_limits"),
    path("settings/", views.org_settings, name="org_settings"),
    path("plans/", include("campaigns.plans.urls")),
    path("sms/", include("campaigns.sms.urls")),
]
