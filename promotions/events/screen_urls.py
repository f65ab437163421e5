from django.urls import path

from .views import screen

# Mounted under /screen/ by config/urls.py: no signed-in user. The token names the
# organization and the event (promotions/events/services/screen.py).
urlpatterns = [
    path("<str:screen_token>/", screen.screen_page, name="event_screen"),
    path("<str:screen_token>/live/", screen.screen_live, name="event_screen_live"),
]
