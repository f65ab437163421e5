from django.urls import path

from .views import draws

# Mounted under /verify/ by config/urls.py: no signed-in user. The organization comes from
# the URL as `verify_org` (not `org_slug`, which would make TenantMiddleware ask for a
# member); the view opens the organization's context itself (promotions/events/views/draws.py).
urlpatterns = [
    path("<slug:verify_org>/<slug:verify_code>/", draws.pool_verify_public, name="draws_verify"),
]
