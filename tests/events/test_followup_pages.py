"""The follow-up pages: managers split and re-split the list and see the progress; each
employee works their own list (the full mobile as a tel: link), recording contacts."""

import pytest
from django.urls import reverse

from campaigns.tenancy import tenant_context
from promotions.events import selectors
from promotions.events.models import Contact, FollowUp

from .conftest import mobiles

pytestmark = pytest.mark.django_db


def url(desk, name, **kwargs):
    return reverse(name, kwargs={"org_slug": desk.org.slug, "event_id": desk.event.pk, **kwargs})


def lists(desk):
    with tenant_context(desk.org):
        return dict(
            FollowUp.objects.filter(event=desk.event).values_list("guest__mobile", "assignee_id")
        )


@pytest.fixture
def leads(desk):
    """Six guests who did not sign (two invited by the first branch staff member) and one
    who signed."""
    guests = [desk.guest(m) for m in mobiles(6)]
    with tenant_context(desk.org):
        for g in guests[:2]:
            g.invited_by = desk.staff.user
            g.save(update_fields=["invited_by"])
    desk.sign(desk.guest("13800000001"))
    return guests


def test_the_manager_splits_evenly_among_the_chosen(client, desk, leads, in_english):
    client.force_login(desk.manager.user)
    page = client.get(url(desk, "event_followups")).content.decode()
    assert page.count('name="employees"') >= 3  # manager and two branch staff to choose
    none = client.post(url(desk, "event_followups_split"), {})
    assert none.status_code == 400 and "Choose at least one employee" in none.content.decode()
    assert lists(desk) == {}
    chosen = [desk.staff.user.pk, desk.staff2.user.pk]
    done = client.post(url(desk, "event_followups_split"), {"employees": chosen})
    assert done.status_code == 302
    dealt = lists(desk)
    assert len(dealt) == 6 and "13800000001" not in dealt
    assert sorted(dealt.values()) == sorted(chosen * 3)
    assert dealt[leads[0].mobile] == dealt[leads[1].mobile] == desk.staff.user.pk  # invitees kept
    progress = client.get(url(desk, "event_followups")).content.decode()
    assert f'data-testid="progress-{desk.staff.user.pk}"' in progress


def test_resplit_moves_only_the_leavers_open_guests(client, desk, leads, in_english):
    client.force_login(desk.manager.user)
    both = [desk.staff.user.pk, desk.staff2.user.pk]
    client.post(url(desk, "event_followups_split"), {"employees": both})
    before = lists(desk)
    alone = client.post(
        url(desk, "event_followups_resplit"),
        {"leaver": desk.staff.user.pk, "employees": [desk.staff.user.pk]},
    )
    assert alone.status_code == 400 and "other than the one who leaves" in alone.content.decode()
    moved = client.post(
        url(desk, "event_followups_resplit"),
        {"leaver": desk.staff.user.pk, "employees": [desk.staff2.user.pk, desk.manager.user.pk]},
    )
    assert moved.status_code == 302
    after = lists(desk)
    assert desk.staff.user.pk not in after.values()
    for mobile, assignee in before.items():
        if assignee == desk.staff2.user.pk:
            assert after[mobile] == desk.staff2.user.pk


def test_an_employee_sees_their_own_list_with_the_full_mobile(client, desk, leads, in_english):
    from promotions.events import services

    services.followups_split(
        organization=desk.org, event=desk.event, employees=[desk.staff.user, desk.staff2.user]
    )
    with tenant_context(desk.org):
        followups = FollowUp.objects.filter(event=desk.event).select_related("guest")
        mine = followups.filter(assignee=desk.staff.user).first()
        theirs = followups.filter(assignee=desk.staff2.user).first()
    client.force_login(desk.staff.user)
    page = client.get(url(desk, "event_my_followups")).content.decode()
    assert f'href="tel:{mine.guest.mobile}"' in page
    assert theirs.guest.mobile not in page
    # another employee's guest: 404, also by asking for their list
    assert client.get(url(desk, "event_followup", followup_id=theirs.pk)).status_code == 404
    other_list = client.get(url(desk, "event_my_followups") + f"?employee={desk.staff2.user.pk}")
    assert theirs.guest.mobile not in other_list.content.decode()
    # the manager sees anyone's
    client.force_login(desk.manager.user)
    theirs_page = client.get(url(desk, "event_my_followups") + f"?employee={desk.staff2.user.pk}")
    assert f'href="tel:{theirs.guest.mobile}"' in theirs_page.content.decode()


def test_record_a_contact_and_see_the_history(client, desk, leads, in_english):
    from promotions.events import services

    services.followups_split(organization=desk.org, event=desk.event, employees=[desk.staff.user])
    with tenant_context(desk.org):
        followup = FollowUp.objects.filter(event=desk.event).first()
    client.force_login(desk.staff.user)
    page_url = url(desk, "event_followup", followup_id=followup.pk)
    assert client.get(page_url).status_code == 200
    bad = client.post(page_url, {"outcome": "open"})
    assert bad.status_code == 400
    done = client.post(
        page_url, {"outcome": "visit", "note": "周六来看样板间", "next_date": "2027-01-09"}
    )
    assert done.status_code == 302
    with tenant_context(desk.org):
        followup.refresh_from_db()
        assert Contact.objects.filter(followup=followup).count() == 1
    assert (followup.outcome, str(followup.next_date)) == ("visit", "2027-01-09")
    assert "周六来看样板间" in client.get(page_url).content.decode()


def test_branch_staff_cannot_split(client, desk, leads, in_english):
    client.force_login(desk.staff.user)
    assert client.get(url(desk, "event_followups")).status_code == 403
    refused = client.post(url(desk, "event_followups_split"), {"employees": [desk.staff.user.pk]})
    assert refused.status_code == 403 and lists(desk) == {}


def test_the_scope_is_the_selectors(desk, leads):
    from promotions.events import services

    services.followups_split(
        organization=desk.org, event=desk.event, employees=[desk.staff.user, desk.staff2.user]
    )
    with tenant_context(desk.org):
        own = selectors.followups_visible(desk.org, desk.staff, desk.event)
        everyone = selectors.followups_visible(desk.org, desk.manager, desk.event)
        assert {f.assignee_id for f in own} == {desk.staff.user.pk}
        assert everyone.count() == 6
        # a branch staff member asking for another's list still gets their own
        asked = selectors.followups_visible(
            desk.org, desk.staff, desk.event, assignee_id=desk.staff2.user.pk
        )
        assert {f.assignee_id for f in asked} == {desk.staff.user.pk}


def test_odd_employee_ids_are_invalid_choices(client, desk, leads, in_english):
    client.force_login(desk.manager.user)
    for odd in ("9" * 40, "-1", "x"):
        split = client.post(url(desk, "event_followups_split"), {"employees": [odd]})
        assert split.status_code == 400 and "Select a valid choice" in split.content.decode()
        resplit = client.post(
            url(desk, "event_followups_resplit"), {"leaver": odd, "employees": [odd]}
        )
        assert resplit.status_code == 400
    assert lists(desk) == {}
