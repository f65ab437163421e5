from django.urls import path

from . import webhook

# Mounted under /hooks/sms/ by config/urls.py: no signed-in user, the org is in the URL
# and the signature (campaigns/sms/webhook.py).
urlpatterns = [
    path("<slug:hook_org>/", webhook.sms_webhook, name="sms_webhook"),
]
