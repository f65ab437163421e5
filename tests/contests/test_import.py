"""Importing the policy system's export: a dry run listing each bad row by its line
number and reason, then a commit of only the valid rows as an upsert by policy number —
re-importing changes nothing, changed rows are updates kept in history, whole files that
cannot be imported are refused with nothing stored."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from campaigns import jobs
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import policy_export, services
from contests.models import Agent, Contest, ImportBatch, Policy, PolicyEvent
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

HEADER = "业务员代码,保单号,期交保费,承保日期,险种,卡单号"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _csv(*lines, header=HEADER, encoding="utf-8-sig"):
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


def _upload(data, name="保单导出.csv"):
    return SimpleUploadedFile(name, data)


def _preview(world, data, name="保单导出.csv", who=Role.MANAGER):
    """Upload, then run the dry-run job as a worker would (no worker in these tests). A
    file the job refuses as a whole raises here as one refused in the request does (the
    refused batch stays, "refused", without its file: `_batches` does not count it)."""
    batch = services.policies_import_preview(
        organization=world.a.org,
        membership=world.a.members[who],
        contest=world.a.contest,
        upload=_upload(data, name),
    )
    assert batch.status == ImportBatch.Status.CHECKING and batch.job_id
    jobs.job_run(organization_id=world.a.org.pk, job_id=batch.job_id)
    with tenant_context(world.a.org):
        batch = ImportBatch.objects.for_org(world.a.org).select_related("job").get(pk=batch.pk)
    assert batch.job.status == "done", batch.job.error
    if batch.status == ImportBatch.Status.REFUSED:
        assert not batch.file
        raise ValidationError(batch.summary["refused"])
    return batch


def _commit(world, batch, who=Role.MANAGER):
    return services.policies_import_commit(
        organization=world.a.org,
        membership=world.a.members[who],
        contest=world.a.contest,
        batch=batch,
    )


def _counts(summary):
    return {k: summary[k] for k in ("new", "updated", "unchanged", "bad")}


def _state(world):
    """Everything an import may change."""
    with tenant_context(world.a.org):
        return (
            list(
                Policy.objects.for_org(world.a.org)
                .order_by("number")
                .values_list(
                    "number",
                    "agent__code",
                    "premium",
                    "issued_on",
                    "product",
                    "card_number",
                    "calendar",
                    "voided",
                    "version",
                    "import_batch",
                )
            ),
            Contest.objects.get(pk=world.a.contest.pk).calendars_taken,
            list(
                PolicyEvent.objects.for_org(world.a.org)
                .order_by("pk")
                .values_list("policy__number", "action")
            ),
        )


def _batches(world):
    """The batches stored, but those refused as a whole (kept with the reason only)."""
    with tenant_context(world.a.org):
        refused = ImportBatch.Status.REFUSED
        return ImportBatch.objects.for_org(world.a.org).exclude(status=refused).count()


@pytest.fixture
def inactive_agent(world):
    with tenant_context(world.a.org):
        return Agent.objects.create(
            organization=world.a.org, code="alpha-OLD", name="离职", team=world.a.team, active=False
        )


MIXED = [
    'alpha-001,N-1,"5,000",2026-01-05,鸿禧,K-1',  # 2 new
    "alpha-001,N-2,0,2026-01-05,鸿禧,K-2",  # 3 premium zero
    "alpha-001,N-3,三千,2026-01-05,鸿禧,K-3",  # 4 premium not a number
    "",  # 5 blank: skipped, still a line
    "alpha-001,N-4,3000,2026-02-01,鸿禧,K-4",  # 6 outside the period
    "alpha-001,N-5,3000,2026-01-05,鸿禧,",  # 7 no card number
    "nobody,N-6,3000,2026-01-05,鸿禧,K-6",  # 8 unknown agent
    "alpha-001,N-1,3000,2026-01-06,鸿禧,K-7",  # 9 repeats line 2
    'alpha-001,N-8,"12,345.50",2026/1/4,福满堂,K-8',  # 10 new
    "alpha-001,N-9,-100,20260107,,K-9",  # 11 negative
    "alpha-001,N-10,3000,20260107,,K-10",  # 12 new
    "alpha-001,alpha-P1,3000,2026-01-02,,C1",  # 13 the world's policy, same
    "alpha-OLD,N-12,3000,2026-01-05,鸿禧,K-12",  # 14 inactive agent
    "alpha-001,N-13,3000,2026-13-05,鸿禧,K-13",  # 15 not a date
    ",N-14,3000,2026-01-05,鸿禧,K-14",  # 16 no agent code
]
MIXED_BAD = [
    {"line": 3, "number": "N-2", "reasons": ["The amount must be more than zero."]},
    {
        "line": 4,
        "number": "N-3",
        "reasons": ["Enter an amount in yuan, e.g. 3000 or 3,000.50."],
    },
    {
        "line": 6,
        "number": "N-4",
        "reasons": ["Only policies issued during the contest (2026-01-01 – 2026-01-31) count."],
    },
    {
        "line": 7,
        "number": "N-5",
        "reasons": ["Each periodic policy needs its attached card policy number."],
    },
    {"line": 8, "number": "N-6", "reasons": ["Unknown agent code nobody."]},
    {
        "line": 9,
        "number": "N-1",
        "reasons": ["Policy number N-1 is already on line 2 of this file."],
    },
    {"line": 11, "number": "N-9", "reasons": ["An amount cannot be negative."]},
    {"line": 14, "number": "N-12", "reasons": ["This agent is no longer active."]},
    {
        "line": 15,
        "number": "N-13",
        "reasons": ["2026-13-05 is not a date; write it like 2026-01-05, 2026/1/5 or 20260105."],
    },
    {"line": 16, "number": "N-14", "reasons": ["Enter the agent code."]},
]


def test_mixed_file_preview_lists_bad_rows_by_line_and_changes_nothing(world, inactive_agent):
    before = _state(world)
    batch = _preview(world, _csv(*MIXED))
    assert _counts(batch.summary) == {"new": 3, "updated": 0, "unchanged": 1, "bad": 10}
    assert batch.summary["rows"] == 14
    assert batch.summary["bad_rows"] == MIXED_BAD
    assert batch.summary["columns"] == {
        "agent_code": "业务员代码",
        "number": "保单号",
        "premium": "期交保费",
        "issued_on": "承保日期",
        "product": "险种",
        "card_number": "卡单号",
    }
    assert (batch.status, batch.original_name, batch.uploaded_by_id) == (
        ImportBatch.Status.PREVIEW,
        "保单导出.csv",
        world.a.members[Role.MANAGER].user_id,
    )
    with batch.file.open("rb") as stored:
        assert stored.read() == _csv(*MIXED)
    assert _state(world) == before


def test_commit_imports_only_the_valid_rows(world, inactive_agent):
    batch = _preview(world, _csv(*MIXED))
    result = _commit(world, batch)
    assert result == {"new": 3, "updated": 0, "unchanged": 1, "bad": 10, "calendars": 3}
    policies, calendars_taken, events = _state(world)
    b = batch.pk
    assert policies == [
        (
            "N-1",
            "alpha-001",
            Decimal("5000.00"),
            date(2026, 1, 5),
            "鸿禧",
            "K-1",
            True,
            False,
            1,
            b,
        ),
        ("N-10", "alpha-001", Decimal("3000.00"), date(2026, 1, 7), "", "K-10", True, False, 1, b),
        (
            "N-8",
            "alpha-001",
            Decimal("12345.50"),
            date(2026, 1, 4),
            "福满堂",
            "K-8",
            True,
            False,
            1,
            b,
        ),
        (
            "alpha-P1",
            "alpha-001",
            Decimal("3000.00"),
            date(2026, 1, 2),
            "",
            "C1",
            False,
            False,
            1,
            None,
        ),
    ]
    assert calendars_taken == 3
    # The history of an imported policy starts at its batch: who imported which file, when.
    assert events == []
    with tenant_context(world.a.org):
        imported = (
            Policy.objects.for_org(world.a.org).select_related("import_batch").get(number="N-8")
        )
        batch.refresh_from_db()
    assert imported.entered_by_id == world.a.members[Role.MANAGER].user_id
    assert imported.import_batch.original_name == "保单导出.csv"
    assert batch.status == ImportBatch.Status.COMMITTED and batch.committed_at is not None
    assert batch.summary["result"] == result


def test_reimporting_the_same_file_changes_nothing(world, inactive_agent):
    _commit(world, _preview(world, _csv(*MIXED)))
    after_first = _state(world)
    again = _preview(world, _csv(*MIXED))
    assert _counts(again.summary) == {"new": 0, "updated": 0, "unchanged": 4, "bad": 10}
    assert again.summary["bad_rows"] == MIXED_BAD
    assert _commit(world, again) == {
        "new": 0,
        "updated": 0,
        "unchanged": 4,
        "bad": 10,
        "calendars": 0,
    }
    assert _state(world) == after_first


def test_a_changed_premium_is_an_update_kept_in_history(world):
    _commit(world, _preview(world, _csv("alpha-001,N-1,5000,2026-01-05,鸿禧,K-1")))
    changed = _preview(
        world,
        _csv("alpha-001,N-1,6000,2026-01-05,鸿禧,K-1", "alpha-001,alpha-P1,3000,2026-01-02,,C1"),
    )
    assert _counts(changed.summary) == {"new": 0, "updated": 1, "unchanged": 1, "bad": 0}
    assert changed.summary["updates"] == [
        {"line": 2, "number": "N-1", "changes": {"premium": ["5000.00", "6000"]}}
    ]
    assert _commit(world, changed)["updated"] == 1
    with tenant_context(world.a.org):
        policy = Policy.objects.for_org(world.a.org).get(number="N-1")
        events = list(
            PolicyEvent.objects.for_org(world.a.org)
            .filter(policy=policy)
            .order_by("pk")
            .values_list("action", "changes")
        )
        calendars_taken = Contest.objects.get(pk=world.a.contest.pk).calendars_taken
    assert (policy.premium, policy.version, policy.calendar) == (Decimal("6000"), 2, True)
    assert events[-1] == ("updated", {"premium": ["5000.00", "6000"]})
    assert calendars_taken == 1  # an update takes no second calendar


def test_gbk_encoded_csv(world):
    data = _csv(
        'alpha-001,G-1,"1,500",2026/1/8,鸿禧两全,卡-1',
        header="工号,保单号码,保费(元),签单日期,产品名称,卡式保单号",
        encoding="gbk",
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    batch = _preview(world, data, name="export.csv")
    assert _counts(batch.summary) == {"new": 1, "updated": 0, "unchanged": 0, "bad": 0}
    _commit(world, batch)
    with tenant_context(world.a.org):
        policy = Policy.objects.for_org(world.a.org).get(number="G-1")
    assert (policy.premium, policy.issued_on, policy.product, policy.card_number) == (
        Decimal("1500"),
        date(2026, 1, 8),
        "鸿禧两全",
        "卡-1",
    )


def _xlsx(rows, title=None):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_file_with_date_cells_numbers_and_a_title_row(world):
    data = _xlsx(
        [
            ["业务员代码", "保单号", "期交保费", "承保日期", "险种", "卡单号", "备注"],
            ["alpha-001", "X-1", 8000, datetime(2026, 1, 9), "鸿禧", "K-1", "ignored"],
            [],
            ["alpha-001", 880012, 2500.5, "2026/1/10", None, 990012],
            ["alpha-001", "X-3", 3300.0000000000005, 20260111, "鸿禧", "K-3"],
            ["alpha-001", "X-4", 100, datetime(2026, 3, 1), "鸿禧", "K-4"],
        ],
        title="保单清单（导出）",
    )
    batch = _preview(world, data, name="export.xlsx")
    assert _counts(batch.summary) == {"new": 3, "updated": 0, "unchanged": 0, "bad": 1}
    assert batch.summary["bad_rows"] == [
        {
            "line": 7,
            "number": "X-4",
            "reasons": ["Only policies issued during the contest (2026-01-01 – 2026-01-31) count."],
        }
    ]
    _commit(world, batch)
    with tenant_context(world.a.org):
        got = list(
            Policy.objects.for_org(world.a.org)
            .filter(number__in=["X-1", "880012", "X-3"])
            .order_by("issued_on")
            .values_list("number", "premium", "issued_on", "card_number")
        )
    assert got == [
        ("X-1", Decimal("8000.00"), date(2026, 1, 9), "K-1"),
        ("880012", Decimal("2500.50"), date(2026, 1, 10), "990012"),
        ("X-3", Decimal("3300.00"), date(2026, 1, 11), "K-3"),
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "export.csv", "The file is empty."),
        (b"\r\n , ,\r\n", "export.csv", "The file is empty."),
        (
            HEADER.encode() + b"\r\n,,,,,\r\n",
            "export.csv",
            "The file has column names but no rows of policies.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "photo.png",
            "Upload the policy system's export as a CSV or Excel (.xlsx) file.",
        ),
        (
            b"%PDF-1.7 ...",
            "export.pdf",
            "Upload the policy system's export as a CSV or Excel (.xlsx) file.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50,
            "export.xls",
            "This is an old Excel file (.xls). Open it in Excel, save it as .xlsx or CSV, "
            "and upload "
            "that.",
        ),
        (
            b"PK\x03\x04 this is no zip",
            "export.xlsx",
            "The file could not be read as an Excel workbook (.xlsx). Save it from Excel again or "
            "export it as CSV.",
        ),
        (
            "业务员代码,保单号,承保日期,险种\r\nalpha-001,N-1,2026-01-05,鸿禧\r\n".encode(),
            "export.csv",
            "The file lacks the columns 期交保费、卡单号. The first row must name the columns, "
            "e.g. 业务员代码、保单号、期交保费、承保日期、险种、卡单号.",
        ),
    ],
)
def test_files_that_cannot_be_imported_are_refused_with_nothing_stored(world, data, name, message):
    before = _state(world)
    with pytest.raises(ValidationError) as excinfo:
        _preview(world, data, name=name)
    assert excinfo.value.messages == [message]
    assert _state(world) == before and _batches(world) == 1  # the world's own batch


def test_over_the_row_limit_is_refused_whole(world, monkeypatch):
    monkeypatch.setattr(policy_export, "MAX_ROWS", 3)
    rows = [f"alpha-001,L-{i},1000,2026-01-05,鸿禧,K-{i}" for i in range(4)]
    before = _state(world)
    _preview(world, _csv(*rows[:3]))  # exactly the limit is fine
    with pytest.raises(ValidationError) as excinfo:
        _preview(world, _csv(*rows))
    assert excinfo.value.messages == [
        "The file has more than 3 rows of policies; the limit is 3 per file. Split the export "
        "into smaller files and import them one after the other. Nothing was imported."
    ]
    assert _state(world) == before and _batches(world) == 2


def test_over_the_size_limit_is_refused_whole(world, monkeypatch):
    monkeypatch.setattr(policy_export, "MAX_BYTES", 2 * 1024 * 1024)
    data = _csv(*[f"alpha-001,S-{i},1000,2026-01-05,鸿禧,K-{i}" for i in range(70_000)])
    with pytest.raises(ValidationError) as excinfo:
        _preview(world, data)
    assert excinfo.value.messages == [
        f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is 2 MB per file. Split the "
        "export into smaller files and import them one after the other."
    ]
    assert _batches(world) == 1


def test_branch_staff_cannot_import_for_an_agent_outside_their_team(world):
    other_team = TeamFactory(organization=world.a.org, name="另一组")
    with tenant_context(world.a.org):
        Agent.objects.create(
            organization=world.a.org, code="X-9", name="外组业务员", team=other_team
        )
    data = _csv("X-9,O-1,3000,2026-01-05,鸿禧,K-1", "alpha-001,O-2,3000,2026-01-05,鸿禧,K-2")
    batch = _preview(world, data, who=Role.BRANCH_STAFF)
    assert _counts(batch.summary) == {"new": 1, "updated": 0, "unchanged": 0, "bad": 1}
    assert batch.summary["bad_rows"] == [
        {"line": 2, "number": "O-1", "reasons": ["This agent is not in your team or branch."]}
    ]
    _commit(world, batch, who=Role.BRANCH_STAFF)
    with tenant_context(world.a.org):
        assert set(Policy.objects.for_org(world.a.org).values_list("number", flat=True)) == {
            "alpha-P1",
            "O-2",
        }
    assert _counts(_preview(world, data).summary)["new"] == 1  # a manager has no scope


def test_branch_staff_cannot_change_someone_elses_entry_by_import(world):
    _commit(world, _preview(world, _csv("alpha-001,M-1,3000,2026-01-05,鸿禧,K-1")))
    batch = _preview(
        world,
        _csv("alpha-001,M-1,3500,2026-01-05,鸿禧,K-1", "alpha-001,M-1x,3500,2026-01-05,鸿禧,K-1"),
        who=Role.BRANCH_STAFF,
    )
    assert batch.summary["bad_rows"] == [
        {"line": 2, "number": "M-1", "reasons": ["You can only correct or void your own entries."]}
    ]


def test_a_voided_policy_number_is_a_bad_row(world):
    services.policy_void(
        organization=world.a.org,
        membership=world.a.members[Role.MANAGER],
        contest=world.a.contest,
        policy=world.a.policy,
    )
    before = _state(world)
    batch = _preview(world, _csv("alpha-001,alpha-P1,3000,2026-01-02,,C1"))
    assert batch.summary["bad_rows"] == [
        {
            "line": 2,
            "number": "alpha-P1",
            "reasons": [
                "Policy alpha-P1 is already entered: alpha agent (alpha-001), issued 2026-01-02 "
                "(voided — correct that entry instead)."
            ],
        }
    ]
    assert _commit(world, batch)["bad"] == 1
    assert _state(world) == before


def test_calendars_go_first_issued_first_served_within_the_file(world):
    with tenant_context(world.a.org):
        Contest.objects.filter(pk=world.a.contest.pk).update(calendar_stock=2, calendars_taken=0)
    data = _csv(
        "alpha-001,C-late,3000,2026-01-20,,K-1",
        "alpha-001,C-early,3000,2026-01-03,,K-2",
        "alpha-001,C-mid,3000,2026-01-10,,K-3",
    )
    _commit(world, _preview(world, data))
    with tenant_context(world.a.org):
        assert dict(
            Policy.objects.for_org(world.a.org)
            .filter(number__startswith="C-")
            .values_list("number", "calendar")
        ) == {"C-early": True, "C-mid": True, "C-late": False}
        assert Contest.objects.get(pk=world.a.contest.pk).calendars_taken == 2


def test_a_batch_commits_at_most_once(world):
    batch = _preview(world, _csv("alpha-001,T-1,3000,2026-01-05,鸿禧,K-1"))
    assert _commit(world, batch)["new"] == 1
    after = _state(world)
    with tenant_context(world.a.org):
        Policy.objects.for_org(world.a.org).filter(number="T-1").delete()
    with pytest.raises(ValidationError) as refused:
        _commit(world, batch)
    assert refused.value.messages == ["This file was already imported; nothing changed."]
    with tenant_context(world.a.org):
        assert not Policy.objects.for_org(world.a.org).filter(number="T-1").exists()
    assert after[1] == _state(world)[1]


def test_query_count_does_not_grow_with_the_rows(world):
    """Agents, scope and existing policies are read once (numbers in chunks of 500); the
    new policies are written by one INSERT … SELECT after a COPY on PostgreSQL, in batches
    elsewhere (SQLite's parameter limit makes its batches smaller)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with tenant_context(world.a.org):
        Contest.objects.filter(pk=world.a.contest.pk).update(calendar_stock=0)
    rows = [f"alpha-001,Q-{i},1000,2026-01-05,鸿禧,K-{i}" for i in range(400)]
    batch = _preview(world, _csv(*rows))
    with CaptureQueriesContext(connection) as queries:
        assert _commit(world, batch)["new"] == 400
    # (on PostgreSQL the tenant context adds its set_config statements)
    statements = [
        q["sql"].split(None, 1)[0] for q in queries.captured_queries if "set_config" not in q["sql"]
    ]
    if connection.vendor == "postgresql":
        inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
        assert len(inserts) == 1 and "FROM import_policy" in inserts[0]
        assert len(statements) <= 14
    else:
        fields = [f for f in Policy._meta.concrete_fields if not f.primary_key]
        policy_batch = min(1000, connection.ops.bulk_batch_size(fields, [None] * 400))
        assert statements.count("INSERT") == -(-400 // policy_batch)
        assert len(statements) - statements.count("INSERT") <= 11
    # claim the batch, agents, scope, policies, the contest row locked for the calendars
    # (none left: no update), the day's battle reports marked outdated, summary
    # (+ savepoints)
    assert statements.count("SELECT") == 4 and statements.count("UPDATE") == 3
    with tenant_context(world.a.org):
        policy = Policy.objects.for_org(world.a.org).get(number="Q-7")
    assert (
        policy.agent_id,
        policy.premium,
        policy.issued_on,
        policy.product,
        policy.card_number,
        policy.import_batch_id,
        policy.calendar,
    ) == (world.a.agent.pk, Decimal("1000"), date(2026, 1, 5), "鸿禧", "K-7", batch.pk, False)


def test_reading_dates_amounts_and_headers():
    sheet = policy_export.read_export(
        _csv(
            'A,1,"1,234.50",2026-01-05,,K',
            "A,2,¥3000,2026/1/5,,K",
            "A,3,3000元,20260105,,K",
            "A,4,3000,2026年1月5日,,K",
            "A,5,3000,2026-01-05 00:00:00,,K",
            "A,6,3000,5/1/2026,,K",
            header="Agent code,Policy No.,Premium,Issue date,Product,Card number",
        ),
        "a.csv",
    )
    assert [(r.premium, r.issued_on) for r in sheet.rows] == [
        ("1234.50", date(2026, 1, 5)),
        ("3000", date(2026, 1, 5)),
        ("3000", date(2026, 1, 5)),
        ("3000", date(2026, 1, 5)),
        ("3000", date(2026, 1, 5)),
        ("3000", None),
    ]
    assert sheet.rows[-1].errors == {
        "issued_on": "5/1/2026 is not a date; write it like 2026-01-05, 2026/1/5 or 20260105."
    }
    tabbed = policy_export.read_export(
        "工号\t保单号\t保费\t签单日期\t卡单号\r\nA\t1\t100\t20260105\tK".encode("utf-16"), "a.txt"
    )
    assert tabbed.rows[0].number == "1" and tabbed.rows[0].issued_on == date(2026, 1, 5)


# -- pages ---------------------------------------------------------------------------------


def _import_url(world, org=None):
    org = org or world.a
    return reverse(
        "contest_import", kwargs={"org_slug": org.org.slug, "contest_id": org.contest.pk}
    )


def _commit_url(world, batch, org=None):
    org = org or world.a
    return reverse(
        "contest_import_commit",
        kwargs={"org_slug": org.org.slug, "contest_id": org.contest.pk, "batch_id": batch.pk},
    )


def test_upload_preview_and_commit_through_the_pages(client, world):
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    client.cookies["django_language"] = "en"
    data = _csv("alpha-001,W-1,3000,2026-01-05,鸿禧,K-1", "alpha-001,W-2,0,2026-01-05,鸿禧,K-2")
    response = client.post(_import_url(world), {"file": _upload(data)})
    assert response.status_code == 302
    with tenant_context(world.a.org):
        batch = ImportBatch.objects.for_org(world.a.org).latest("pk")
    assert response["Location"] == f"{_import_url(world)}?batch={batch.pk}"
    # the request only stored the file: the page follows the dry-run job
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="checking"' in page and "Queued" in page and "hx-get" in page
    jobs.job_run(organization_id=world.a.org.pk, job_id=batch.job_id)  # as a worker would
    page = client.get(response["Location"]).content.decode()
    assert "The amount must be more than zero." in page and "<td>3</td>" in page
    assert "Importing writes only the valid rows." in page
    assert not Policy.objects.filter(number="W-1").exists()
    response = client.post(_commit_url(world, batch))
    assert response.status_code == 302
    with tenant_context(world.a.org):
        assert Policy.objects.for_org(world.a.org).filter(number__startswith="W-").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 1 new and 0 updated policies, 0 unchanged; 1 bad rows left out." in page
    client.post(_commit_url(world, batch))
    with tenant_context(world.a.org):
        assert Policy.objects.for_org(world.a.org).filter(number__startswith="W-").count() == 1


def test_a_file_the_dry_run_refuses_shows_why_and_keeps_no_file(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    client.cookies["django_language"] = "en"
    data = "业务员代码,保单号,承保日期,险种\r\nalpha-001,N-1,2026-01-05,鸿禧\r\n".encode()
    response = client.post(_import_url(world), {"file": _upload(data)})
    assert response.status_code == 302  # the columns are the job's to read
    with tenant_context(world.a.org):
        batch = ImportBatch.objects.for_org(world.a.org).latest("pk")
    jobs.job_run(organization_id=world.a.org.pk, job_id=batch.job_id)
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="refused"' in page and "The file lacks the columns" in page
    with tenant_context(world.a.org):
        batch.refresh_from_db()
    assert (batch.status, batch.file.name) == (ImportBatch.Status.REFUSED, "")
    assert client.post(_commit_url(world, batch)).status_code == 302
    with tenant_context(world.a.org):
        batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED


def test_a_refused_upload_shows_why_and_stores_nothing(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    client.cookies["django_language"] = "en"
    response = client.post(_import_url(world), {"file": _upload(b"%PDF", "x.pdf")})
    assert response.status_code == 400
    assert "Upload the policy system&#x27;s export as a CSV or Excel (.xlsx) file." in (
        response.content.decode()
    )
    assert _batches(world) == 1


def test_bravos_batch_under_alphas_url_is_404(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    foreign = world.b.import_batch
    assert client.get(f"{_import_url(world)}?batch={foreign.pk}").status_code == 404
    url = reverse(
        "contest_import_commit",
        kwargs={"org_slug": "alpha", "contest_id": world.a.contest.pk, "batch_id": foreign.pk},
    )
    assert client.post(url).status_code == 404
    with tenant_context(world.b.org):
        foreign.refresh_from_db()
    assert foreign.status == ImportBatch.Status.PREVIEW


def test_branch_staff_see_only_their_own_batches(client, world):
    batch = _preview(world, _csv("alpha-001,V-1,3000,2026-01-05,鸿禧,K-1"))  # by the manager
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    assert client.get(f"{_import_url(world)}?batch={batch.pk}").status_code == 404
    assert client.post(_commit_url(world, batch)).status_code == 404
    assert client.get(f"{_import_url(world)}?batch=x").status_code == 400  # no id at all


def test_values_longer_than_the_fields_are_bad_rows(world):
    long_number = "N" * 41
    batch = _preview(world, _csv(f"alpha-001,{long_number},3000,2026-01-05,鸿禧,K-1"))
    assert batch.summary["bad_rows"] == [
        {
            "line": 2,
            "number": long_number,
            "reasons": ["Policy number: Ensure this value has at most 40 characters (it has 41)."],
        }
    ]


def test_a_batch_of_another_contest_is_404(client, world):
    from campaigns.plans.models import Plan

    with tenant_context(world.a.org):
        plan = Plan.objects.create(
            organization=world.a.org,
            kind="contest",
            title="二月竞赛",
            start_date=date(2026, 2, 1),
            end_date=date(2026, 2, 16),
        )
        other = Contest.objects.create(
            organization=world.a.org,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=Decimal("500000"),
        )
    batch = world.a.import_batch
    client.force_login(world.a.members[Role.MANAGER].user)
    kwargs = {"org_slug": "alpha", "contest_id": other.pk}
    assert (
        client.get(reverse("contest_import", kwargs=kwargs), {"batch": batch.pk}).status_code == 404
    )
    assert (
        client.post(
            reverse("contest_import_commit", kwargs={**kwargs, "batch_id": batch.pk})
        ).status_code
        == 404
    )
    with tenant_context(world.a.org):
        batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
