from django.urls import path

from . import import_views

# Mounted under /<slug:org_slug>/contests/<int:contest_id>/import/ by contests/urls.py.
urlpatterns = [
    path("", import_views.contest_import, name="contest_import"),
    path(
        "<int:batch_id>/commit/", import_views.contest_import_commit, name="contest_import_commit"
    ),
]
