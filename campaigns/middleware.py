"""Request-level tenancy and language selection."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from rest_framework.views import APIView

from .api import OrgAPIMixin
from .tenancy import (
    activate_organization_locale,
    membership_among,
    memberships_of_user,
    organization_by_slug,
    tenant_context,
    tenant_context_by_slug,
)

SUPPORTED_LANGUAGES = {code for code, _ in settings.LANGUAGES}


class LanguageMiddleware:
    """The user's explicit choice (language cookie) wins; otherwise the organization's
    default (applied by TenantMiddleware); otherwise zh-hans. The browser's
    Accept-Language is deliberately ignored: these teams work in Chinese unless they
    switch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        request.language_chosen = chosen in SUPPORTED_LANGUAGES
        language = chosen if request.language_chosen else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response


class TenantMiddleware:
    """Resolve /<org_slug>/ routes and run every view inside a tenant context.

    Pages: anonymous → login; missing org or not a member → 404 (indistinguishable).
    API views authenticate inside DRF (tokens), so their membership check happens in
    campaigns.api.OrgAPIMixin.initial, still inside the context opened here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        is_api = _is_api_view(view_func)
        user = request.user if request.user.is_authenticated else None
        slug = view_kwargs.get("org_slug")
        if slug is not None and is_api and not issubclass(view_func.cls, OrgAPIMixin):
            raise ImproperlyConfigured(
                f"{view_func.cls.__name__} is under /api/v1/<org>/ but is not an OrgAPIView"
            )
        if slug is not None and not is_api:
            if user is None:
                return redirect_to_login(request.get_full_path())
            return self._org_page(request, slug, user, view_func, view_args, view_kwargs)
        # The API checks membership itself, after DRF has authenticated the token.
        organization = organization_by_slug(slug) if slug is not None else None
        request.organization = organization
        request.membership = None
        with tenant_context(organization, user):
            return _respond(request, view_func, view_args, view_kwargs)

    def _org_page(self, request, slug, user, view_func, view_args, view_kwargs):
        """A page of an organization: a member's, else 404 (missing organizations alike)."""
        request.organization = None  # until membership is confirmed: the 404 page must not name it
        request.membership = None
        with tenant_context_by_slug(slug, user) as organization_id:
            request.my_memberships = memberships_of_user(user)
            request.membership = membership_among(request.my_memberships, organization_id)
            request.organization = request.membership.organization
            activate_organization_locale(request, request.organization)
            return _respond(request, view_func, view_args, view_kwargs)


def _respond(request, view_func, view_args, view_kwargs):
    response = view_func(request, *view_args, **view_kwargs)
    # Lazy responses render here, while the tenant's rows are still visible.
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response = response.render()
    return response


def _is_api_view(view_func):
    cls = getattr(view_func, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)
