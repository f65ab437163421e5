"""Modules: the kinds of plan an organization runs, and the feature pages that go with them.

Each feature app registers its module(s) from its `AppConfig.ready()` with
`register_module(key, label, permission_prefixes=..., order=...)`: the key is the plan
kind it runs (`campaigns.plans.models.PlanKind`), the prefixes the permissions it owns
(`contests` owns `contests.*`). A permission no module owns (`org.*`, `plans.*`, `sms.*`)
is always on; one that several modules own (the event days' `events.*`, owned by the
decoration event and by Telecom Day) is on while any of them is.

An organization stores its choice in `Organization.modules`: null means "no choice made",
and runs every module (organizations made by the management command, the platform admin,
or before modules existed); a list runs exactly those. `org_page` and `OrgAPIMixin` check a
view's permission here once: a page or endpoint of a module that is off answers 404.
Switching a module off deletes nothing; switching it back on shows the same rows again.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    key: str  # the plan kind this module runs
    label: str
    permission_prefixes: frozenset[str]
    order: int  # place in the settings page's list, smaller first


MODULES: dict[str, Module] = {}


def register_module(key, label, *, permission_prefixes, order):
    """Add a module every organization may choose to run."""
    if key in MODULES:
        raise ValueError(f"Module {key!r} is registered twice")
    MODULES[str(key)] = Module(str(key), label, frozenset(permission_prefixes), order)


def all_modules():
    return sorted(MODULES.values(), key=lambda module: module.order)


def enabled_keys(organization) -> frozenset[str]:
    """The keys of the modules the organization runs (every module when it has not chosen)."""
    if organization.modules is None:
        return frozenset(MODULES)
    return frozenset(organization.modules) & frozenset(MODULES)


def enabled_modules(organization):
    keys = enabled_keys(organization)
    return [module for module in all_modules() if module.key in keys]


def permission_is_on(organization, perm) -> bool:
    """Whether pages and endpoints guarded by `perm` exist for the organization."""
    prefix = str(perm).split(".", 1)[0]
    owners = [m.key for m in MODULES.values() if prefix in m.permission_prefixes]
    if not owners:
        return True
    keys = enabled_keys(organization)
    return any(key in keys for key in owners)


def plan_kinds_off(organization) -> frozenset[str]:
    """The plan kinds of the modules the organization does not run: their plans are kept
    but not shown."""
    return frozenset(MODULES) - enabled_keys(organization)


def plan_kind_is_on(organization, kind) -> bool:
    """Whether the organization may make plans of `kind` (a kind no module runs: always)."""
    return kind not in MODULES or kind in enabled_keys(organization)
