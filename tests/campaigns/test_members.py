"""Org-admin pages and services for members, branches and teams: what an admin can do,
what is refused (with a clear message and nothing changed), and bad input never a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from campaigns import rules, services
from campaigns.models import Branch, Invitation, Membership, Team
from campaigns.roles import Role
from campaigns.tenancy import each_organization, tenant_context
from tests.factories import PASSWORD, BranchFactory, MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

STRONG = "a-Strong-passw0rd"
REQUIRED = "This field is required."
INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."
NEEDS_ADMIN = "An organization needs at least one admin."
ONLY_BRANCH_STAFF = "Only branch staff can be limited to a branch or a team."
NOT_BOTH = "Choose a branch or a team, not both."
BAD_USERNAME = "Use letters, digits and @/./+/-/_ only."


# --- helpers ---------------------------------------------------------------------------


def snapshot():
    """Every row these pages can touch, per organization (each read in its own tenant
    context, so it works under row-level security too)."""
    state = {
        "users": sorted(
            User.objects.values_list("username", "password", "first_name", "email", "is_active")
        )
    }
    for org in each_organization():
        state[org.slug] = {
            "memberships": sorted(
                Membership.objects.for_org(org).values_list(
                    "pk", "user__username", "role", "branch_id", "team_id"
                )
            ),
            "branches": sorted(Branch.objects.for_org(org).values_list("pk", "name")),
            "teams": sorted(Team.objects.for_org(org).values_list("pk", "name", "branch_id")),
        }
    return state


def counts(slug):
    state = snapshot()
    return {
        "users": len(state["users"]),
        "memberships": len(state[slug]["memberships"]),
        "branches": len(state[slug]["branches"]),
        "teams": len(state[slug]["teams"]),
    }


def in_org(org, fetch):
    with tenant_context(org):
        return fetch()


def form_errors(response):
    with translation.override("en"):
        return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def messages_of(response):
    with translation.override("en"):
        return [str(m) for m in response.context["messages"]]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.a.members[Role.ADMIN].user)
    client.cookies["django_language"] = "en"
    return client


def member_post(**overrides):
    data = {
        "username": "carol",
        "first_name": "Carol",
        "email": "carol@example.com",
        "password": STRONG,
        "role": Role.MANAGER,
        "branch": "",
        "team": "",
    }
    data.update(overrides)
    return data


# --- pure rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "has_branch", "has_team", "expected"),
    [
        (Role.ADMIN, False, False, {}),
        (Role.MANAGER, False, False, {}),
        (Role.FRANCHISEE, False, False, {}),
        (Role.BRANCH_STAFF, False, False, {}),
        (Role.BRANCH_STAFF, True, False, {}),
        (Role.BRANCH_STAFF, False, True, {}),
        (Role.BRANCH_STAFF, True, True, {"team": NOT_BOTH}),
        (Role.ADMIN, True, False, {"role": ONLY_BRANCH_STAFF}),
        (Role.MANAGER, False, True, {"role": ONLY_BRANCH_STAFF}),
        (Role.FRANCHISEE, True, True, {"role": ONLY_BRANCH_STAFF}),
        ("branch_staff", True, True, {"team": NOT_BOTH}),  # plain strings from forms
        ("manager", True, False, {"role": ONLY_BRANCH_STAFF}),
    ],
)
def test_scope_errors(role, has_branch, has_team, expected):
    with translation.override("en"):
        assert rules.scope_errors(role, has_branch, has_team) == expected


@pytest.mark.parametrize(
    ("active_admins", "was_admin", "stays_admin", "expected"),
    [
        (1, True, False, True),
        (1, True, True, False),
        (2, True, False, False),
        (5, True, False, False),
        (1, False, False, False),
        (1, False, True, False),
        (0, False, True, False),
        (0, False, False, False),
    ],
)
def test_loses_last_admin_examples(active_admins, was_admin, stays_admin, expected):
    assert rules.loses_last_admin(active_admins, was_admin, stays_admin) is expected


@given(
    admins=st.lists(st.booleans(), min_size=1, max_size=20),
    data=st.data(),
    stays_admin=st.booleans(),
)
def test_loses_last_admin_is_true_exactly_when_the_change_leaves_no_admin(
    admins, data, stays_admin
):
    """Model: an organization is a list of "is admin" flags; the change sets one flag.
    The rule must say yes exactly when there was an admin before and none after."""
    index = data.draw(st.integers(min_value=0, max_value=len(admins) - 1))
    after = [*admins[:index], stays_admin, *admins[index + 1 :]]
    expected = any(admins) and not any(after)
    assert rules.loses_last_admin(sum(admins), admins[index], stays_admin) is expected


# --- adding members --------------------------------------------------------------------


def test_admin_adds_member_with_new_username(admin_client, world):
    before = counts("alpha")
    assert before == {"users": 8, "memberships": 4, "branches": 1, "teams": 1}
    bravo_before = snapshot()["bravo"]
    response = admin_client.post(
        "/alpha/members/",
        member_post(role=Role.BRANCH_STAFF, branch=str(world.a.branch.pk)),
    )
    assert response.status_code == 302
    assert response["Location"] == "/alpha/members/"

    user = User.objects.get(username="carol")
    assert (user.first_name, user.email, user.is_active) == ("Carol", "carol@example.com", True)
    assert user.password.startswith("argon2$")
    assert user.check_password(STRONG)
    membership = in_org(world.a.org, lambda: Membership.objects.get(user=user))
    assert (
        membership.organization_id,
        membership.role,
        membership.branch_id,
        membership.team_id,
    ) == (world.a.org.pk, "branch_staff", world.a.branch.pk, None)
    assert counts("alpha") == before | {
        "users": before["users"] + 1,
        "memberships": before["memberships"] + 1,
    }
    assert snapshot()["bravo"] == bravo_before

    page = admin_client.get("/alpha/members/")
    assert messages_of(page) == ["Member added."]
    assert "carol" in page.content.decode()


def test_admin_adds_member_scoped_to_team(admin_client, world):
    response = admin_client.post(
        "/alpha/members/", member_post(role=Role.BRANCH_STAFF, team=str(world.a.team.pk))
    )
    assert response.status_code == 302
    membership = in_org(world.a.org, lambda: Membership.objects.get(user__username="carol"))
    assert (membership.role, membership.branch_id, membership.team_id) == (
        "branch_staff",
        None,
        world.a.team.pk,
    )


def test_adding_an_existing_account_only_invites_it(admin_client, world):
    bravo_user = world.b.members[Role.MANAGER].user
    before = counts("alpha")
    response = admin_client.post(
        "/alpha/members/",
        member_post(
            username="bravo_manager", password="", first_name="", email="", role=Role.FRANCHISEE
        ),
    )
    assert response.status_code == 302
    assert counts("alpha") == before  # no membership until the person accepts
    unchanged = User.objects.get(pk=bravo_user.pk)
    assert unchanged.password == bravo_user.password
    invitation = in_org(world.a.org, lambda: Invitation.objects.get(user=bravo_user))
    assert (invitation.role, invitation.invited_by_id) == (
        "franchisee",
        world.a.members[Role.ADMIN].user.pk,
    )
    page = admin_client.get("/alpha/members/").content.decode()
    assert "bravo_manager" in page
    assert world.CANARY not in page  # nothing of the person's other organization shows


def test_invitee_accepts_and_becomes_a_member(client, world):
    invitee = world.a.members[Role.FRANCHISEE].user  # invited by bravo in the world
    client.force_login(invitee)
    client.cookies["django_language"] = "en"
    home = client.get("/").content.decode()
    assert "invites you to join as Marketing manager" in home
    response = client.post(f"/invitations/{world.b.invitation.pk}/accept/")
    assert response.status_code == 302 and response["Location"] == "/bravo/"
    with tenant_context(None, invitee):
        assert sorted(
            Membership.objects.filter(user=invitee).values_list("organization__slug", "role")
        ) == [("alpha", "franchisee"), ("bravo", "manager")]
    assert (
        in_org(world.b.org, lambda: Invitation.objects.filter(pk=world.b.invitation.pk).exists())
        is False
    )


def test_invitee_declines(client, world):
    invitee = world.a.members[Role.FRANCHISEE].user
    client.force_login(invitee)
    assert client.post(f"/invitations/{world.b.invitation.pk}/decline/").status_code == 302
    assert (
        in_org(
            world.b.org,
            lambda: Membership.objects.for_org(world.b.org).filter(user=invitee).exists(),
        )
        is False
    )
    assert in_org(world.b.org, lambda: Invitation.objects.for_org(world.b.org).count()) == 0


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_nobody_else_can_answer_an_invitation(client, world, action):
    client.force_login(world.a.members[Role.ADMIN].user)
    response = client.post(f"/invitations/{world.b.invitation.pk}/{action}/")
    assert response.status_code == 404
    assert in_org(world.b.org, lambda: Invitation.objects.for_org(world.b.org).count()) == 1


def test_admin_withdraws_an_invitation(admin_client, world):
    url = f"/alpha/members/invitations/{world.a.invitation.pk}/cancel/"
    assert admin_client.post(url).status_code == 302
    assert in_org(world.a.org, lambda: Invitation.objects.for_org(world.a.org).count()) == 0


def test_inviting_twice_is_a_form_error(admin_client, world):
    post = member_post(username="bravo_franchisee", password="", role=Role.MANAGER)
    response = admin_client.post("/alpha/members/", post)
    assert response.status_code == 400
    assert form_errors(response) == {"username": ["This person has already been invited."]}
    assert in_org(world.a.org, lambda: Invitation.objects.for_org(world.a.org).count()) == 1


def test_existing_username_with_a_password_is_refused(admin_client, world):
    before = snapshot()
    response = admin_client.post(
        "/alpha/members/", member_post(username="bravo_manager", password=STRONG)
    )
    assert response.status_code == 400
    assert form_errors(response) == {
        "password": [
            "This username is taken. To invite someone who already has an account, leave the "
            "password empty."
        ]
    }
    assert snapshot() == before


def test_adding_someone_already_a_member_is_a_form_error(admin_client, world):
    before = snapshot()
    response = admin_client.post(
        "/alpha/members/", member_post(username="alpha_manager", password="", role=Role.ADMIN)
    )
    assert response.status_code == 400
    assert form_errors(response) == {"username": ["This person is already a member."]}
    assert "This person is already a member." in response.content.decode()
    assert snapshot() == before


def test_new_username_without_password_is_an_error_on_password(admin_client, world):
    before = snapshot()
    response = admin_client.post("/alpha/members/", member_post(password=""))
    assert response.status_code == 400
    assert form_errors(response) == {"password": ["A new account needs a password."]}
    assert snapshot() == before
    assert not User.objects.filter(username="carol").exists()


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        (
            "12345",
            [
                "This password is too short. It must contain at least 8 characters.",
                "This password is too common.",
                "This password is entirely numeric.",
            ],
        ),
        ("password", ["This password is too common."]),
        ("carol2024", ["The password is too similar to the username."]),
    ],
)
def test_weak_password_shows_django_validator_messages(admin_client, world, password, expected):
    before = snapshot()
    response = admin_client.post("/alpha/members/", member_post(password=password))
    assert response.status_code == 400
    assert form_errors(response) == {"password": expected}
    body = response.content.decode()
    for message in expected:
        assert message in body
    assert snapshot() == before


@pytest.mark.parametrize("username", ["bad name", "semi;colon", "slash/", "quote'", "tab\there"])
def test_invalid_username_characters(admin_client, world, username):
    before = snapshot()
    response = admin_client.post("/alpha/members/", member_post(username=username))
    assert response.status_code == 400
    assert form_errors(response) == {"username": [BAD_USERNAME]}
    assert snapshot() == before


def test_branch_staff_scoped_to_branch_and_team_is_refused(admin_client, world):
    before = snapshot()
    response = admin_client.post(
        "/alpha/members/",
        member_post(
            role=Role.BRANCH_STAFF, branch=str(world.a.branch.pk), team=str(world.a.team.pk)
        ),
    )
    assert response.status_code == 400
    assert form_errors(response) == {"team": [NOT_BOTH]}
    assert snapshot() == before
    assert not User.objects.filter(username="carol").exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.FRANCHISEE])
@pytest.mark.parametrize("scope", ["branch", "team"])
def test_scope_for_a_role_other_than_branch_staff_is_refused(admin_client, world, role, scope):
    before = snapshot()
    scope_id = world.a.branch.pk if scope == "branch" else world.a.team.pk
    response = admin_client.post("/alpha/members/", member_post(role=role, **{scope: scope_id}))
    assert response.status_code == 400
    assert form_errors(response) == {"role": [ONLY_BRANCH_STAFF]}
    assert snapshot() == before


@pytest.mark.parametrize("scope", ["branch", "team"])
def test_scope_of_the_other_organization_is_refused(admin_client, world, scope):
    before = snapshot()
    foreign = world.b.branch if scope == "branch" else world.b.team
    response = admin_client.post(
        "/alpha/members/", member_post(role=Role.BRANCH_STAFF, **{scope: str(foreign.pk)})
    )
    assert response.status_code == 400
    assert form_errors(response) == {scope: [INVALID_CHOICE]}
    assert world.CANARY not in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("scope", ["branch", "team"])
def test_member_add_service_refuses_scope_of_other_organization(world, scope):
    before = snapshot()
    foreign = {scope: world.b.branch if scope == "branch" else world.b.team}
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.member_add(
            organization=world.a.org,
            username="carol",
            password=STRONG,
            role=Role.BRANCH_STAFF,
            **foreign,
        )
    assert exc.value.message_dict == {scope: ["Choose one of this organization's entries."]}
    assert snapshot() == before


# --- editing and removing members ------------------------------------------------------


def test_edit_member_role_and_scope(admin_client, world):
    manager = world.a.members[Role.MANAGER]
    assert admin_client.get(f"/alpha/members/{manager.pk}/").status_code == 200
    response = admin_client.post(
        f"/alpha/members/{manager.pk}/",
        {"role": Role.BRANCH_STAFF, "branch": str(world.a.branch.pk), "team": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/alpha/members/"
    manager = in_org(world.a.org, lambda: Membership.objects.get(pk=manager.pk))
    assert (manager.role, manager.branch_id, manager.team_id) == (
        "branch_staff",
        world.a.branch.pk,
        None,
    )
    assert messages_of(admin_client.get("/alpha/members/")) == ["Member updated."]


def test_edit_moves_branch_staff_from_team_to_branch_and_back_to_no_scope(admin_client, world):
    staff = world.a.members[Role.BRANCH_STAFF]
    url = f"/alpha/members/{staff.pk}/"
    response = admin_client.post(url, {"role": Role.BRANCH_STAFF, "branch": str(world.a.branch.pk)})
    assert response.status_code == 302
    assert in_org(
        world.a.org,
        lambda: Membership.objects.values_list("role", "branch_id", "team_id").get(pk=staff.pk),
    ) == ("branch_staff", world.a.branch.pk, None)
    response = admin_client.post(url, {"role": Role.MANAGER})
    assert response.status_code == 302
    assert in_org(
        world.a.org,
        lambda: Membership.objects.values_list("role", "branch_id", "team_id").get(pk=staff.pk),
    ) == ("manager", None, None)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"role": "branch_staff", "branch": "BRANCH", "team": "TEAM"}, {"team": [NOT_BOTH]}),
        ({"role": "manager", "team": "TEAM"}, {"role": [ONLY_BRANCH_STAFF]}),
        ({"role": "branch_staff", "branch": "FOREIGN"}, {"branch": [INVALID_CHOICE]}),
    ],
)
def test_edit_member_with_bad_scope_changes_nothing(admin_client, world, data, expected):
    ids = {"BRANCH": world.a.branch.pk, "TEAM": world.a.team.pk, "FOREIGN": world.b.branch.pk}
    data = {key: str(ids.get(value, value)) for key, value in data.items()}
    before = snapshot()
    response = admin_client.post(f"/alpha/members/{world.a.members[Role.MANAGER].pk}/", data)
    assert response.status_code == 400
    assert form_errors(response) == expected
    assert snapshot() == before


def test_last_admin_cannot_be_demoted(admin_client, world):
    admin = world.a.members[Role.ADMIN]
    before = snapshot()
    response = admin_client.post(f"/alpha/members/{admin.pk}/", {"role": Role.MANAGER})
    assert response.status_code == 400
    assert form_errors(response) == {"role": [NEEDS_ADMIN]}
    assert NEEDS_ADMIN in response.content.decode()
    assert snapshot() == before


def test_last_admin_cannot_be_removed(admin_client, world):
    admin = world.a.members[Role.ADMIN]
    before = snapshot()
    response = admin_client.post(f"/alpha/members/{admin.pk}/remove/", follow=True)
    assert response.redirect_chain == [("/alpha/members/", 302)]
    assert messages_of(response) == [NEEDS_ADMIN]
    assert NEEDS_ADMIN in response.content.decode()
    assert snapshot() == before


def test_an_admin_can_be_demoted_while_another_admin_remains(admin_client, world):
    second = MembershipFactory(
        organization=world.a.org, user__username="alpha_admin2", role=Role.ADMIN
    )
    response = admin_client.post(f"/alpha/members/{second.pk}/", {"role": Role.MANAGER})
    assert response.status_code == 302
    assert in_org(
        world.a.org,
        lambda: sorted(
            Membership.objects.for_org(world.a.org)
            .filter(role=Role.ADMIN)
            .values_list("user__username", flat=True)
        ),
    ) == ["alpha_admin"]
    # Now alpha_admin is the last one again.
    before = snapshot()
    admin = world.a.members[Role.ADMIN]
    assert admin_client.post(f"/alpha/members/{admin.pk}/", {"role": "manager"}).status_code == 400
    assert snapshot() == before


def test_an_admin_with_a_deactivated_account_does_not_count(admin_client, world):
    """A deactivated account cannot sign in, so it cannot be the admin that remains."""
    MembershipFactory(
        organization=world.a.org,
        role=Role.ADMIN,
        user__username="alpha_gone",
        user__is_active=False,
    )
    admin = world.a.members[Role.ADMIN]
    before = snapshot()
    response = admin_client.post(f"/alpha/members/{admin.pk}/", {"role": Role.MANAGER})
    assert response.status_code == 400
    assert form_errors(response) == {"role": [NEEDS_ADMIN]}
    response = admin_client.post(f"/alpha/members/{admin.pk}/remove/", follow=True)
    assert messages_of(response) == [NEEDS_ADMIN]
    assert snapshot() == before


def test_a_deactivated_admin_can_be_removed_while_one_active_admin_remains(admin_client, world):
    gone = MembershipFactory(
        organization=world.a.org,
        role=Role.ADMIN,
        user__username="alpha_gone",
        user__is_active=False,
    )
    response = admin_client.post(f"/alpha/members/{gone.pk}/remove/", follow=True)
    assert messages_of(response) == ["Member removed."]
    assert in_org(
        world.a.org,
        lambda: list(
            Membership.objects.for_org(world.a.org)
            .filter(role=Role.ADMIN)
            .values_list("user__username", flat=True)
        ),
    ) == ["alpha_admin"]
    assert User.objects.filter(username="alpha_gone").exists()


def test_other_orgs_admins_do_not_count_as_admins_here(world):
    """Bravo has its own admin; alpha's only admin is still the last one in alpha."""
    before = snapshot()
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.member_remove(organization=world.a.org, membership=world.a.members[Role.ADMIN])
    assert exc.value.messages == [NEEDS_ADMIN]
    assert snapshot() == before


def test_removing_a_member_keeps_the_user_account(admin_client, world):
    manager = world.a.members[Role.MANAGER]
    before = counts("alpha")
    bravo_before = snapshot()["bravo"]
    response = admin_client.post(f"/alpha/members/{manager.pk}/remove/", follow=True)
    assert response.redirect_chain == [("/alpha/members/", 302)]
    assert messages_of(response) == ["Member removed."]
    assert counts("alpha") == before | {"memberships": before["memberships"] - 1}
    assert snapshot()["bravo"] == bravo_before
    assert not in_org(world.a.org, lambda: Membership.objects.filter(pk=manager.pk).exists())
    user = User.objects.get(pk=manager.user.pk)
    assert (user.username, user.is_active) == ("alpha_manager", True)
    assert user.check_password(PASSWORD)


def test_removing_a_linked_member_keeps_the_other_membership(admin_client, world):
    bravo_user = world.b.members[Role.MANAGER].user
    linked = MembershipFactory(organization=world.a.org, user=bravo_user, role=Role.FRANCHISEE)
    response = admin_client.post(f"/alpha/members/{linked.pk}/remove/")
    assert response.status_code == 302
    with tenant_context(None, bravo_user):
        assert list(
            Membership.objects.filter(user=bravo_user).values_list("organization__slug", "role")
        ) == [("bravo", "manager")]


# --- branches --------------------------------------------------------------------------


def test_create_branch(admin_client, world):
    before = counts("alpha")
    response = admin_client.post("/alpha/branches/", {"name": "  North  "})
    assert response.status_code == 302
    assert response["Location"] == "/alpha/branches/"
    assert in_org(
        world.a.org,
        lambda: sorted(Branch.objects.for_org(world.a.org).values_list("name", flat=True)),
    ) == ["North", "alpha branch"]
    assert counts("alpha") == before | {"branches": before["branches"] + 1}
    assert messages_of(admin_client.get("/alpha/branches/")) == ["Branch saved."]


def test_branch_name_may_repeat_across_organizations(admin_client, world):
    bravo_before = snapshot()["bravo"]
    response = admin_client.post("/alpha/branches/", {"name": world.b.branch.name})
    assert response.status_code == 302
    assert in_org(
        world.a.org,
        lambda: list(Branch.objects.for_org(world.a.org).values_list("name", flat=True)),
    ) == sorted(["alpha branch", world.b.branch.name])
    assert snapshot()["bravo"] == bravo_before


def test_rename_branch(admin_client, world):
    branch = world.a.branch
    assert admin_client.get(f"/alpha/branches/{branch.pk}/").status_code == 200
    response = admin_client.post(f"/alpha/branches/{branch.pk}/", {"name": "Head office"})
    assert response.status_code == 302
    assert in_org(world.a.org, lambda: Branch.objects.get(pk=branch.pk).name) == "Head office"
    assert in_org(world.a.org, lambda: Branch.objects.for_org(world.a.org).count()) == 1


def test_create_branch_with_duplicate_name_is_a_field_error(admin_client, world):
    before = snapshot()
    response = admin_client.post("/alpha/branches/", {"name": "alpha branch"})
    assert response.status_code == 400
    assert form_errors(response) == {"name": ["A branch with this name exists."]}
    assert snapshot() == before


def test_rename_branch_to_duplicate_name_is_a_field_error(admin_client, world):
    other = BranchFactory(organization=world.a.org, name="South")
    before = snapshot()
    response = admin_client.post(f"/alpha/branches/{other.pk}/", {"name": "alpha branch"})
    assert response.status_code == 400
    assert form_errors(response) == {"name": ["A branch with this name exists."]}
    assert snapshot() == before


def test_delete_branch_with_a_team_is_refused(admin_client, world):
    before = snapshot()
    response = admin_client.post(f"/alpha/branches/{world.a.branch.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/alpha/branches/", 302)]
    message = "This branch still has teams or members; move them first."
    assert messages_of(response) == [message]
    assert message in response.content.decode()
    assert snapshot() == before


def test_delete_branch_with_a_scoped_member_is_refused(admin_client, world):
    branch = BranchFactory(organization=world.a.org, name="South")
    MembershipFactory(organization=world.a.org, role=Role.BRANCH_STAFF, branch=branch)
    before = snapshot()
    response = admin_client.post(f"/alpha/branches/{branch.pk}/delete/", follow=True)
    assert messages_of(response) == ["This branch still has teams or members; move them first."]
    assert snapshot() == before


def test_delete_unused_branch(admin_client, world):
    branch = BranchFactory(organization=world.a.org, name="South")
    before = counts("alpha")
    response = admin_client.post(f"/alpha/branches/{branch.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/alpha/branches/", 302)]
    assert messages_of(response) == ["Branch deleted."]
    assert counts("alpha") == before | {"branches": before["branches"] - 1}
    assert not in_org(world.a.org, lambda: Branch.objects.filter(pk=branch.pk).exists())


# --- teams -----------------------------------------------------------------------------


def test_create_team_with_branch(admin_client, world):
    before = counts("alpha")
    response = admin_client.post(
        "/alpha/teams/", {"name": " Field sales ", "branch": str(world.a.branch.pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/alpha/teams/"
    team = in_org(world.a.org, lambda: Team.objects.get(name="Field sales"))
    assert (team.organization_id, team.branch_id) == (world.a.org.pk, world.a.branch.pk)
    assert counts("alpha") == before | {"teams": before["teams"] + 1}
    assert messages_of(admin_client.get("/alpha/teams/")) == ["Team saved."]


def test_create_team_without_branch(admin_client, world):
    response = admin_client.post("/alpha/teams/", {"name": "Online", "branch": ""})
    assert response.status_code == 302
    assert in_org(world.a.org, lambda: Team.objects.get(name="Online").branch_id) is None


def test_rename_team_and_unset_its_branch(admin_client, world):
    team = world.a.team
    assert admin_client.get(f"/alpha/teams/{team.pk}/").status_code == 200
    response = admin_client.post(f"/alpha/teams/{team.pk}/", {"name": "Renamed", "branch": ""})
    assert response.status_code == 302
    assert in_org(
        world.a.org, lambda: Team.objects.values_list("name", "branch_id").get(pk=team.pk)
    ) == ("Renamed", None)


def test_create_team_with_duplicate_name_is_a_field_error(admin_client, world):
    before = snapshot()
    response = admin_client.post("/alpha/teams/", {"name": "alpha team"})
    assert response.status_code == 400
    assert form_errors(response) == {"name": ["A team with this name exists."]}
    assert snapshot() == before


def test_rename_team_to_duplicate_name_is_a_field_error(admin_client, world):
    other = TeamFactory(organization=world.a.org, name="Online")
    before = snapshot()
    response = admin_client.post(f"/alpha/teams/{other.pk}/", {"name": "alpha team"})
    assert response.status_code == 400
    assert form_errors(response) == {"name": ["A team with this name exists."]}
    assert snapshot() == before


def test_team_with_branch_of_other_organization_is_refused(admin_client, world):
    before = snapshot()
    response = admin_client.post(
        "/alpha/teams/", {"name": "Sneaky", "branch": str(world.b.branch.pk)}
    )
    assert response.status_code == 400
    assert form_errors(response) == {"branch": [INVALID_CHOICE]}
    assert world.CANARY not in response.content.decode()
    assert snapshot() == before


def test_team_save_service_refuses_branch_of_other_organization(world):
    before = snapshot()
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.team_save(organization=world.a.org, name="Sneaky", branch_of_team=world.b.branch)
    assert exc.value.message_dict == {"branch": ["Choose one of this organization's entries."]}
    assert snapshot() == before


def test_delete_team_with_a_scoped_member_is_refused(admin_client, world):
    before = snapshot()
    response = admin_client.post(f"/alpha/teams/{world.a.team.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/alpha/teams/", 302)]
    message = "This team still has members; move them first."
    assert messages_of(response) == [message]
    assert message in response.content.decode()
    assert snapshot() == before


def test_delete_unused_team(admin_client, world):
    team = TeamFactory(organization=world.a.org, name="Online", branch=world.a.branch)
    before = counts("alpha")
    response = admin_client.post(f"/alpha/teams/{team.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/alpha/teams/", 302)]
    assert messages_of(response) == ["Team deleted."]
    assert counts("alpha") == before | {"teams": before["teams"] - 1}
    assert not in_org(world.a.org, lambda: Team.objects.filter(pk=team.pk).exists())


# --- bad input: clear errors, never a 500, nothing changed -----------------------------


def _url(world, name):
    return {
        "members": "/alpha/members/",
        "member_edit": f"/alpha/members/{world.a.members[Role.MANAGER].pk}/",
        "branches": "/alpha/branches/",
        "branch_edit": f"/alpha/branches/{world.a.branch.pk}/",
        "teams": "/alpha/teams/",
        "team_edit": f"/alpha/teams/{world.a.team.pk}/",
    }[name]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("members", {"username": [REQUIRED], "role": [REQUIRED]}),
        ("member_edit", {"role": [REQUIRED]}),
        ("branches", {"name": [REQUIRED]}),
        ("branch_edit", {"name": [REQUIRED]}),
        ("teams", {"name": [REQUIRED]}),
        ("team_edit", {"name": [REQUIRED]}),
    ],
)
def test_empty_post_is_a_form_error(admin_client, world, name, expected):
    before = snapshot()
    response = admin_client.post(_url(world, name))
    assert response.status_code == 400
    assert form_errors(response) == expected
    assert snapshot() == before


TOO_BIG = "99999999999999999999999"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "members",
            {"username": "carol", "password": STRONG, "role": "king"},
            {"role": ["Select a valid choice. king is not one of the available choices."]},
        ),
        (
            "members",
            {
                "username": "carol",
                "password": STRONG,
                "role": "branch_staff",
                "branch": "abc",
                "team": "1.5",
            },
            {"branch": [INVALID_CHOICE], "team": [INVALID_CHOICE]},
        ),
        (
            "members",
            {
                "username": "carol",
                "password": STRONG,
                "role": "branch_staff",
                "branch": TOO_BIG,
                "team": "-1",
            },
            {"branch": [INVALID_CHOICE], "team": [INVALID_CHOICE]},
        ),
        (
            "members",
            {"username": "carol", "password": STRONG, "role": "manager", "email": "not-an-email"},
            {"email": ["Enter a valid email address."]},
        ),
        (
            "members",
            {"username": "x" * 151, "password": STRONG, "role": "manager"},
            {"username": ["Ensure this value has at most 150 characters (it has 151)."]},
        ),
        (
            "member_edit",
            {"role": "king", "branch": "abc"},
            {
                "role": ["Select a valid choice. king is not one of the available choices."],
                "branch": [INVALID_CHOICE],
            },
        ),
        ("member_edit", {"role": "branch_staff", "team": TOO_BIG}, {"team": [INVALID_CHOICE]}),
        ("branches", {"name": "   "}, {"name": [REQUIRED]}),
        (
            "branches",
            {"name": "b" * 101},
            {"name": ["Ensure this value has at most 100 characters (it has 101)."]},
        ),
        ("branch_edit", {"name": ""}, {"name": [REQUIRED]}),
        ("teams", {"name": "T", "branch": "abc"}, {"branch": [INVALID_CHOICE]}),
        ("teams", {"name": "T", "branch": TOO_BIG}, {"branch": [INVALID_CHOICE]}),
        ("team_edit", {"name": "T", "branch": "[1]"}, {"branch": [INVALID_CHOICE]}),
        (
            "team_edit",
            {"name": "t" * 101, "branch": "-5"},
            {
                "name": ["Ensure this value has at most 100 characters (it has 101)."],
                "branch": [INVALID_CHOICE],
            },
        ),
    ],
)
def test_garbage_in_post_fields_is_a_form_error(admin_client, world, name, data, expected):
    before = snapshot()
    response = admin_client.post(_url(world, name), data)
    assert response.status_code == 400
    assert form_errors(response) == expected
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("members", {"username": "nul\x00name", "password": STRONG, "role": "manager"}),
        ("branches", {"name": "nul\x00"}),
    ],
)
def test_a_nul_in_a_post_field_is_refused_before_the_form(admin_client, world, name, data):
    """campaigns.middleware.ControlCharacterMiddleware answers for every form alike."""
    before = snapshot()
    response = admin_client.post(_url(world, name), data)
    assert response.status_code == 400
    assert 'data-testid="bad-request"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        "/alpha/members/999999/",
        "/alpha/members/999999/remove/",
        "/alpha/branches/999999/",
        "/alpha/branches/999999/delete/",
        "/alpha/teams/999999/",
        "/alpha/teams/999999/delete/",
        "/alpha/members/abc/",
        "/alpha/branches/abc/delete/",
        f"/alpha/teams/{TOO_BIG}/",
        f"/alpha/members/{TOO_BIG}/remove/",
    ],
)
def test_missing_or_garbage_ids_in_the_path_are_404(admin_client, world, url):
    before = snapshot()
    response = admin_client.post(url, {"name": "x", "role": "manager"})
    assert response.status_code == 404
    assert snapshot() == before
