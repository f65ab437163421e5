from django.urls import path

from . import api

# Mounted under /api/v1/<slug:org_slug>/ by campaigns/api_urls.py.
urlpatterns = [
    path("sms/messages/", api.SmsMessageListAPI.as_view(), name="api_sms_messages"),
]
