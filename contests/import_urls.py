# Routes of the policy import; filled in with contests/import_views.py.
urlpatterns = []
