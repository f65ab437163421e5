from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from campaigns import api as campaigns_api
from campaigns import views as campaigns_views

# Pages as usual; JSON under /api/ (campaigns/api_errors.py). A request the database
# dropped (PostgreSQL restarting) answers 503 with Retry-After and a clear sentence
# (campaigns/server_errors.py); any other failure the 500 of api_errors.
handler400 = "campaigns.api_errors.bad_request"
handler403 = "campaigns.api_errors.permission_denied"
handler404 = "campaigns.api_errors.page_not_found"
handler500 = "campaigns.server_errors.server_error"

urlpatterns = [
    path("", campaigns_views.home, name="home"),
    path(
        "invitations/<int:invitation_id>/accept/",
        campaigns_views.invitation_respond,
        {"accept": True},
        name="invitation_accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        campaigns_views.invitation_respond,
        {"accept": False},
        name="invitation_decline",
    ),
    path("accounts/login/", campaigns_views.SignInView.as_view(), name="login"),
    path("accounts/tokens/", campaigns_views.account_tokens, name="account_tokens"),
    path(
        "accounts/tokens/<int:token_id>/revoke/",
        campaigns_views.account_token_revoke,
        name="account_token_revoke",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("platform-admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's init script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/v1/auth/token/", campaigns_api.TokenView.as_view(), name="api_token"),
    path("api/v1/auth/tokens/", campaigns_api.ApiTokenListView.as_view(), name="api_tokens"),
    path(
        "api/v1/auth/tokens/<int:token_id>/",
        campaigns_api.ApiTokenDetailView.as_view(),
        name="api_token_detail",
    ),
    # The one place every app is mounted: the core, then each feature app.
    path("api/v1/<slug:org_slug>/", include("campaigns.api_urls")),
    path("api/v1/<slug:org_slug>/", include("contests.api_urls")),
    path("api/v1/<slug:org_slug>/", include("franchise.api_urls")),
    path("api/v1/<slug:org_slug>/", include("promotions.bundles.api_urls")),
    path("api/v1/<slug:org_slug>/bundles/channels/", include("promotions.channels.api_urls")),
    path("api/v1/<slug:org_slug>/events/", include("promotions.events.api_urls")),
    path("hooks/sms/", include("campaigns.sms.hook_urls")),
    # Public, no sign-in: anyone given the link may check a prize pool's draws.
    path("verify/", include("promotions.events.verify_urls")),
    # Public, no sign-in: the big screen of an event, from the link a manager gave it.
    path("screen/", include("promotions.events.screen_urls")),
    # Organization pages last: the slug captures any first path segment.
    path("<slug:org_slug>/contests/", include("contests.urls")),
    path("<slug:org_slug>/franchise/", include("franchise.urls")),
    path("<slug:org_slug>/bundles/", include("promotions.bundles.urls")),
    path("<slug:org_slug>/bundles/channels/", include("promotions.channels.urls")),
    path("<slug:org_slug>/events/", include("promotions.events.urls")),
    path("<slug:org_slug>/", include("campaigns.urls")),
]
