"""Factories. Tenant-owned rows require an organization and are created inside its
tenant context (on PostgreSQL, row-level security would refuse them otherwise)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from campaigns.api_tokens import api_token_issue
from campaigns.models import Branch, Job, Membership, Organization, Team
from campaigns.roles import Role
from campaigns.services import organization_create
from campaigns.tenancy import tenant_context

PASSWORD = "correct-horse-battery"


def api_token_for(user, name="tests"):
    """A fresh API token of the user (a new one per call, as for a new device): the key
    to send as `Authorization: Token <key>`."""
    return api_token_issue(user=user, name=name)[1]


_PASSWORD_HASH = make_password(PASSWORD)  # one Argon2 hash for every test user


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return organization_create(**kwargs)  # with the defaults every organization gets


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    password = _PASSWORD_HASH


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        organization = kwargs.get("organization")
        if organization is None:
            raise TypeError(f"{cls.__name__} needs organization=")
        with tenant_context(organization):
            return super()._create(model_class, *args, **kwargs)


class BranchFactory(TenantFactory):
    class Meta:
        model = Branch

    name = factory.Sequence(lambda n: f"Branch {n}")


class TeamFactory(TenantFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(TenantFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.MANAGER


class JobFactory(TenantFactory):
    class Meta:
        model = Job

    kind = "test.echo"
