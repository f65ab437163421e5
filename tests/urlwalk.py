"""Walk the URL configuration: every named route under an organization, with its kwargs.

New routes join the tenant-isolation and role tests automatically; a route with a kwarg
this module cannot fill makes those tests fail until OBJECT_KWARGS learns it.
"""

from django.urls import URLPattern, URLResolver, get_resolver

# kwarg name → how to pick an object of an organization (a World.Org) for it
OBJECT_KWARGS = {
    "member_id": lambda o: o.members["manager"].pk,
    "branch_id": lambda o: o.branch.pk,
    "team_id": lambda o: o.team.pk,
}


def org_routes():
    """[(name, [kwarg names], is_api)] for every route taking org_slug."""
    found = []

    def walk(patterns, prefix_kwargs, prefix):
        for p in patterns:
            kwargs = prefix_kwargs | set(p.pattern.converters)
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, kwargs, route)
            elif isinstance(p, URLPattern) and "org_slug" in kwargs:
                if not p.name:
                    raise AssertionError(f"route {route} under an organization has no name")
                found.append((p.name, sorted(kwargs - {"org_slug"}), route.startswith("api/")))

    walk(get_resolver().url_patterns, set(), "")
    return found


def url_kwargs(names, org_world, slug=None):
    kwargs = {"org_slug": slug or org_world.org.slug}
    for name in names:
        if name not in OBJECT_KWARGS:
            raise AssertionError(f"tests/urlwalk.py: add {name!r} to OBJECT_KWARGS")
        kwargs[name] = OBJECT_KWARGS[name](org_world)
    return kwargs
