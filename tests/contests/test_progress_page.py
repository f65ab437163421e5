"""The progress page's agent board, a page at a time: ranks continue across pages, and a
page number out of range or not a number shows the nearest page (never an error)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests.models import Agent, Policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(world):
    """120 agents with production: agent N (1..119) issued N × 100; alpha-001 has 3,000."""
    org, contest = world.a.org, world.a.contest
    with tenant_context(org):
        agents = Agent.objects.bulk_create(
            Agent(organization=org, code=f"C{n:03d}", name=f"业务员{n}", team=world.a.team)
            for n in range(1, 120)
        )
        Policy.objects.bulk_create(
            Policy(
                organization=org,
                contest=contest,
                agent=agent,
                number=f"CP{n}",
                premium=Decimal(n * 100),
                issued_on=date(2026, 1, 3),
                card_number="K",
            )
            for n, agent in enumerate(agents, start=1)
        )
    return world


def _ranks(client, url):
    response = client.get(url)
    assert response.status_code == 200
    board = (
        response.content.decode().split('data-testid="agent-board"', 1)[1].split("</table>", 1)[0]
    )
    return [
        (int(rank), code)
        for rank, code in re.findall(
            r'<tr><td>(\d+)</td>\s*<td><a [^>]*>[^<]*</a> <span class="muted">([^<]+)</span>', board
        )
    ], response.content.decode()


def test_the_board_is_paged_with_ranks_continuing(client, crowd):
    client.force_login(crowd.a.members[Role.BRANCH_STAFF].user)
    url = f"/alpha/contests/{crowd.a.contest.pk}/"
    first, body = _ranks(client, url)
    assert len(first) == 50 and first[0] == (1, "C119") and first[-1] == (50, "C070")
    assert 'data-testid="agent-pages"' in body and "?page=2" in body
    last, _body = _ranks(client, url + "?page=3")
    assert len(last) == 20 and last[0] == (101, "C020") and last[-1] == (120, "C001")
    # alpha-001's 3,000 ties C030's 3,000: the code breaks the tie.
    middle, _body = _ranks(client, url + "?page=2")
    assert (90, "C030") in middle and (91, "alpha-001") in middle
    # A page that is not there is refused with a message, not replaced by the nearest.
    assert client.get(url + "?page=99").status_code == 400
    assert client.get(url + "?page=abc").status_code == 400


def test_team_standings_name_each_team_s_supervisors(client, world):
    """The team's supervisors are the branch staff scoped to it (World: A's staff)."""
    client.force_login(world.a.members[Role.MANAGER].user)
    body = client.get(f"/alpha/contests/{world.a.contest.pk}/").content.decode()
    staff = world.a.members[Role.BRANCH_STAFF].user
    assert 'data-testid="supervisors">' in body
    assert (
        staff.get_full_name()
        in body.split('data-testid="supervisors">', 1)[1].split("</span>", 1)[0]
    )
