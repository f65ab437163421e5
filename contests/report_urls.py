from django.urls import path

from . import report_views

# Mounted under /<slug:org_slug>/contests/<int:contest_id>/reports/ by contests/urls.py.
urlpatterns = [
    path("", report_views.battle_report_page, name="contest_battle_report"),
    path("make/", report_views.battle_report_make, name="contest_battle_report_make"),
    path(
        "<int:report_id>/download/",
        report_views.battle_report_download,
        name="contest_battle_report_download",
    ),
]
