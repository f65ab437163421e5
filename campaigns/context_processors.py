"""Template context for every page: the organization switcher and the role's navigation
(the entries of the organization's modules that the role may open)."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from . import modules, navigation
from .roles import can
from .selectors import invitations_for_user
from .tenancy import memberships_of_user, own_rows_context


def tenant(request):
    organization = getattr(request, "organization", None)
    membership = getattr(request, "membership", None)
    context = {"organization": organization, "membership": membership, "nav": []}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        memberships = getattr(request, "my_memberships", None)  # read by TenantMiddleware
        # The request's context when it is open; error pages render after it has ended.
        with own_rows_context(user):
            if memberships is None:
                memberships = memberships_of_user(user)
            context["pending_invitations"] = (
                memberships[0].pending_invitations
                if memberships
                else invitations_for_user(user).count()
            )
        context["my_memberships"] = memberships
    if organization is not None and membership is not None:
        current = getattr(request.resolver_match, "url_name", None)
        urls = _navigation_urls(
            organization.slug, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF)
        )
        context["nav"] = [
            {"url": urls[entry.url_name], "label": entry.label, "active": entry.url_name == current}
            for entry in navigation.ENTRIES
            if can(membership.role, entry.permission)
            and modules.permission_is_on(organization, entry.permission)
        ]
    return context


@lru_cache(maxsize=4096)
def _navigation_urls(slug, script_prefix, urlconf):
    """The navigation's URLs for an organization, reversed once per process: every page
    shows them (the prefix and URLconf are part of the key, as `reverse` reads them)."""
    return {
        entry.url_name: reverse(entry.url_name, kwargs={"org_slug": slug})
        for entry in navigation.ENTRIES
    }
