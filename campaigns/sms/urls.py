from django.urls import path

from . import views

# Mounted under /<slug:org_slug>/sms/ by campaigns/urls.py.
urlpatterns = [
    path("", views.sms_outbox, name="sms_outbox"),
    path("<int:message_id>/answer/", views.sms_answer, name="sms_answer"),
    path("secret/renew/", views.sms_secret_renew, name="sms_secret_renew"),
    path("hours/", views.sms_hours, name="sms_hours"),
]
