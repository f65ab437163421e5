"""Wording (docs/glossary.md): one name per thing in the Chinese catalogue, full-width
punctuation inside Chinese text, status keys and job kinds shown as their labels, a message
shown once, people shown the same way everywhere."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from campaigns.plans.models import TaskStatus
from campaigns.roles import Role
from campaigns.tenancy import tenant_context

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# The names the glossary retired (its "not" column), never in the Chinese interface.
RETIRED = ["锚定日", "亲情网", "虚拟网", "亲友包", "组合套餐", "营业部人员", "营业部员工"]
CJK = "\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e“”"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{[^{}]*\}|<[^<>]*>")
ASCII_IN_CHINESE = re.compile(rf"[{CJK}][,:;!?()]|[,:;!?(][{CJK}]")


def chinese_strings():
    """Every translated msgstr of the Chinese catalogue (plural forms too), as
    (msgid, text); read with the standard library only."""
    entries, msgid, field = [], None, None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', line)
        if match:
            field = match.group(1)
            text = match.group(2)
            if field == "msgid":
                msgid = text
            elif field.startswith("msgstr"):
                entries.append([msgid, text])
        elif line.startswith('"') and field:
            text = line[1:-1]
            if field == "msgid":
                msgid += text
            elif field.startswith("msgstr"):
                entries[-1][1] += text
    unescape = lambda text: text.replace('\\"', '"').replace("\\n", "\n")  # noqa: E731
    return [(m, unescape(s)) for m, s in entries if s and m]


def test_the_glossary_names_the_retired_words():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for word in RETIRED:
        assert word in glossary, word
    for term in ("基准日", "亲友网营销包", "亲友网", "进度任务", "已更新"):
        assert term in glossary, term


def test_no_retired_word_in_the_chinese_interface():
    found = [(m, s) for m, s in chinese_strings() if any(w in s for w in RETIRED)]
    assert found == []


def test_chinese_text_uses_full_width_punctuation():
    found = [
        (m, s) for m, s in chinese_strings() if ASCII_IN_CHINESE.search(PLACEHOLDER.sub("X", s))
    ]
    assert found == []


# -- pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_plan_history_shows_labels_not_keys(client, world, in_english):
    from campaigns.plans import services as plan_services

    task = world.a.parts["tasks"]
    manager = world.a.members[Role.MANAGER]
    client.force_login(manager.user)
    response = client.post(
        f"/alpha/plans/{world.a.plan.pk}/tasks/{task.pk}/edit/",
        {
            "title": task.title,
            "owner_name": "",
            "due_date": "",
            "offset_days": "-5",
            "status": TaskStatus.DOING,
            "version": task.version,
        },
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    page = client.get(f"/alpha/plans/{world.a.plan.pk}/history/").content.decode()
    assert "In progress" in page and "To do" in page
    assert not re.search(r">\s*(todo|doing)\s*<", page)
    assert plan_services  # the service the page used


@pytest.mark.django_db
def test_the_jobs_page_shows_kinds_by_name_and_people_by_name(client, world, in_english):
    from campaigns.models import Job

    manager = world.a.members[Role.MANAGER]
    with tenant_context(world.a.org):
        Job.objects.create(organization=world.a.org, kind="plan.pdf", created_by=manager.user)
    client.force_login(manager.user)
    page = client.get("/alpha/jobs/").content.decode()
    assert "<td>Plan PDF</td>" in page and "<td>plan.pdf</td>" not in page
    assert f"<td>{manager.user.get_full_name()}</td>" in page


@pytest.mark.django_db
def test_the_import_summary_counts_rows_updated(client, world, in_english):
    client.force_login(world.a.members[Role.MANAGER].user)
    page = client.get(f"/alpha/contests/{world.a.contest.pk}/import/").content.decode()
    assert "<th>Rows updated</th>" in page and "<th>Updated</th>" not in page


@pytest.mark.django_db
def test_the_void_message_shows_once(client, world, in_english):
    from contests.models import Contest

    staff = world.a.members[Role.BRANCH_STAFF]
    policy = world.a.policy
    with tenant_context(world.a.org):  # the contest runs around the policy's day
        Contest.objects.filter(pk=world.a.contest.pk).update(
            period_start=policy.issued_on - timedelta(days=1),
            period_end=policy.issued_on + timedelta(days=1),
        )
    client.force_login(staff.user)
    response = client.post(
        f"/alpha/contests/{world.a.contest.pk}/policies/{policy.pk}/void/", follow=True
    )
    page = response.content.decode()
    assert page.count(f"Policy {policy.number} voided.") == 1
