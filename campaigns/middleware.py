"""Request-level tenancy, language selection, and the refusal of control characters."""

import json
import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from .api import OrgAPIMixin
from .tenancy import (
    activate_organization_locale,
    membership_among,
    memberships_of_user,
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
        # The API checks membership itself, after DRF has authenticated the token
        # (OrgAPIMixin.initial sets request.organization from the membership).
        request.organization = request.membership = request.organization_id = None
        if slug is None:
            with tenant_context(None, user):
                return _respond(request, view_func, view_args, view_kwargs)
        with tenant_context_by_slug(slug, user) as organization_id:
            request.organization_id = organization_id
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


# C0 control characters and DEL, except tab, line feed and carriage return (text in a
# textarea has them). PostgreSQL refuses NUL in text (a 500 wherever a value reached a
# query), XML and so XLSX refuse the rest, and no person types them.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a JSON string a C0 character can only come escaped (a raw one is a parse error
# already); DEL may also come raw. A body without either is not parsed here.
ESCAPED_CONTROL_CHARACTER = re.compile(rb"\\u00(?:[01][0-9a-f]|7f)|\x7f", re.IGNORECASE)
URLENCODED, MULTIPART = "application/x-www-form-urlencoded", "multipart/form-data"


def control_characters_allowed(view_func):
    """Let a view see control characters itself: the SMS provider's webhook, whose one
    bad event must not make the provider resend a whole batch (it cleans each field)."""
    view_func.control_characters_allowed = True
    return view_func


class ControlCharacterMiddleware:
    """NUL and other control characters in the path, query parameters, form fields or a
    JSON body answer 400 with a clear message, in one place: the API as field errors
    ({"phone": ["…"]}), pages with the 400 page. Uploaded files' contents are the
    importers' business (campaigns.tabular)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "control_characters_allowed", False):
            return None
        is_api = _is_api_view(view_func) or request.path_info.startswith("/api/")
        field = _field_with_control_character(request)
        if field is None:
            return None
        message = _("Control characters (such as NUL) are not accepted. Remove them and try again.")
        if is_api:
            return JsonResponse({field: [message]}, status=400)
        template = "partials/_bad_request.html" if getattr(request, "htmx", False) else "400.html"
        context = {"message": message, "field": None if field == "non_field_errors" else field}
        return render(request, template, context, status=400)


def _field_with_control_character(request):
    """The name of the first field holding a control character (the path and a body
    that is not an object: "non_field_errors"), else None."""
    if CONTROL_CHARACTER.search(request.path_info):
        return "non_field_errors"
    found = _in_query_dict(request.GET)
    content_type = request.content_type
    if found is None and content_type == URLENCODED and _body_is_small(request):
        form = request.POST if request.method == "POST" else QueryDict(request.body)
        found = _in_query_dict(form)
    elif found is None and content_type == MULTIPART and request.method == "POST":
        # Parsed once: CsrfViewMiddleware reads a page's form all the same, and DRF takes
        # the parsed form from the request. (Files' contents are the importers' business.)
        try:
            found = _in_query_dict(request.POST)
        except (MultiPartParserError, SuspiciousOperation, OSError):
            return None  # the view meets the same error, where Django answers it
    if found is None and _is_json(content_type) and _body_is_small(request):
        found = _in_json(request.body)
    return found


def _in_query_dict(values):
    for name, items in values.lists():
        if CONTROL_CHARACTER.search(name) or any(CONTROL_CHARACTER.search(v) for v in items):
            return "non_field_errors" if CONTROL_CHARACTER.search(name) else name
    return None


def _in_json(body):
    if not ESCAPED_CONTROL_CHARACTER.search(body):
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None  # the API's parser answers 400 for it
    if isinstance(document, dict):
        for name, value in document.items():
            if CONTROL_CHARACTER.search(name):
                return "non_field_errors"
            if _holds_control_character(value):
                return name
        return None
    return "non_field_errors" if _holds_control_character(document) else None


def _holds_control_character(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if CONTROL_CHARACTER.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _is_json(content_type):
    return content_type == "application/json" or content_type.endswith("+json")


def _body_is_small(request):
    """Read the body here only within Django's own limit for bodies read whole: a larger
    one is left to the API's parser and serializers (which refuse NUL in text too)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is None or length <= limit
