"""Plans API under /api/v1/<org>/: the fixed paths integrations rely on (plans, templates,
exports), edit conflicts (409), bad input as 400 with field errors and nothing changed,
consistency findings, history, and who may write. Never a 500."""

from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import translation

from campaigns import jobs
from campaigns.models import Job
from campaigns.plans import selectors
from campaigns.plans.models import (
    BudgetLine,
    Export,
    Goal,
    Material,
    Plan,
    PlanEvent,
    PlanTemplate,
    Section,
    Stage,
    Task,
    WorkGroup,
)
from campaigns.plans.parts import PART_TYPES
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.campaigns.plans.labels import LABELS
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

KEYS = ["franchise", "contest", "decoration_event", "telecom_day", "family_bundle"]
MODELS = [
    Plan,
    Goal,
    Stage,
    Section,
    WorkGroup,
    Task,
    BudgetLine,
    Material,
    PlanEvent,
    PlanTemplate,
    Export,
    Job,
]
REQUIRED = "This field is required."
NOT_NEGATIVE = "Ensure this value is greater than or equal to 0."
AMOUNT_NOT_NEGATIVE = "An amount cannot be negative."  # the money input (docs/money.md)
SCIENTIFIC = "Write the amount in plain digits; scientific notation such as 1e10 is not accepted."
BAD_DATE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
CLOSED = "This plan is closed; it can no longer be changed."
CONFLICT = "Someone else saved this first. Reload, check their change and try again."
FIX_ERRORS_FIRST = "Fix the errors listed under Consistency checks before approving."
DIRTY = '<p onclick="x()">ok</p><script>alert(1)</script><img src=x onerror=y>'
STAGE_3 = "第三阶段：咬紧目标，完成四分之三"
STAGE_4 = "第四阶段：全力冲刺，达成全部目标"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def as_member(client, membership):
    token = api_token_for(membership.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def manager(client, world):
    return as_member(client, world.a.members[Role.MANAGER])


def url(*parts, org="alpha"):
    return "/".join(["/api/v1", org, *map(str, parts)]) + "/"


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def patch(client, path, data):
    return client.patch(path, data, content_type="application/json")


def state(*orgs):
    """Every plan row (and job) of the organizations, as stored."""
    result = {}
    for org in orgs:
        with tenant_context(org):
            for model in MODELS:
                result[(org.slug, model.__name__)] = list(
                    model.objects.for_org(org).order_by("pk").values()
                )
    return result


def in_org(org, fetch):
    with tenant_context(org):
        return fetch()


def create_contest(client, title="城东营业部冲刺方案", **extra):
    """A plan from the contest template; on the seed's own dates unless told otherwise (a
    request without a date gets dates in the future: test_plan_templates_start_current)."""
    if "start_date" not in extra:
        extra.setdefault("template_date", "2005-10-10")
    response = post(client, url("plans"), {"template": "contest", "title": title, **extra})
    assert response.status_code == 201, response.content
    return response.json()


def stages_of(client, plan_id):
    response = client.get(url("plans", plan_id, "stages"))
    assert response.status_code == 200
    return response.json()


# --- the fixed paths --------------------------------------------------------------------------


def test_create_a_plan_from_a_template(manager, world):
    body = create_contest(manager)
    assert isinstance(body["id"], int)
    assert {
        k: body[k]
        for k in (
            "kind",
            "title",
            "owner",
            "start_date",
            "end_date",
            "anchor_date",
            "status",
            "template_key",
            "version",
        )
    } == {
        "kind": "contest",
        "title": "城东营业部冲刺方案",
        "owner": "alpha_manager",
        "start_date": "2005-10-10",
        "end_date": "2005-10-25",
        "anchor_date": None,
        "status": "draft",
        "template_key": "contest",
        "version": 1,
    }
    assert manager.get(url("plans", body["id"])).json() == body
    assert [
        (s["start_date"], s["end_date"], s["cumulative_target"])
        for s in stages_of(manager, body["id"])
    ] == [
        ("2005-10-10", "2005-10-13", "125000.00"),
        ("2005-10-14", "2005-10-17", "250000.00"),
        ("2005-10-18", "2005-10-21", "375000.00"),
        ("2005-10-22", "2005-10-25", "500000.00"),
    ]
    goals = manager.get(url("plans", body["id"], "goals")).json()
    assert [(g["metric"], g["target_value"], g["due_date"]) for g in goals] == [
        ("个险期交新单保费", "500000.00", "2005-10-25")
    ]
    assert in_org(
        world.a.org, lambda: Plan.objects.for_org(world.a.org).filter(pk=body["id"]).exists()
    )
    assert not in_org(
        world.b.org, lambda: Plan.objects.for_org(world.b.org).filter(pk=body["id"]).exists()
    )
    assert body["id"] in [p["id"] for p in manager.get(url("plans")).json()]


def test_create_from_a_template_with_a_start_date(manager):
    body = create_contest(manager, start_date="2026-03-02")
    assert (body["start_date"], body["end_date"]) == ("2026-03-02", "2026-03-17")
    assert [s["start_date"] for s in stages_of(manager, body["id"])] == [
        "2026-03-02",
        "2026-03-06",
        "2026-03-10",
        "2026-03-14",
    ]


def test_create_a_blank_plan(manager):
    response = post(manager, url("plans"), {"kind": "franchise", "title": "空白方案"})
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["template_key"], body["start_date"]) == ("franchise", "", None)
    assert stages_of(manager, body["id"]) == []


def test_templates_in_their_fixed_order_then_the_organizations(manager, world):
    response = manager.get(url("templates"))
    assert response.status_code == 200
    listed = response.json()
    assert [t["key"] for t in listed] == KEYS
    assert [t["kind"] for t in listed] == KEYS
    assert all(t["builtin"] and t["name"] and t["description"] for t in listed)

    saved = post(manager, url("plans", world.a.plan.pk, "save-as-template"), {"name": "我们的"})
    assert saved.status_code == 201
    listed = manager.get(url("templates")).json()
    assert saved.json() == {
        "key": "custom-1",
        "name": "我们的",
        "kind": "contest",
        "description": "",
        "builtin": False,
        "date_label": listed[-1]["date_label"],  # the answer is the template as listed
        "date_default": listed[-1]["date_default"],
    }
    assert [t["key"] for t in listed] == [*KEYS, "custom-1"]
    assert listed[-1] == saved.json()
    assert listed[-1]["date_label"] == "Event day"  # its tasks count from the anchor date

    made = post(manager, url("plans"), {"template": "custom-1", "title": "按我们的模板"})
    assert made.status_code == 201
    assert made.json()["template_key"] == "custom-1"
    assert [s["name"] for s in stages_of(manager, made.json()["id"])] == ["alpha stage"]

    bravo = as_member(manager, world.b.members[Role.MANAGER])
    assert [t["key"] for t in bravo.get(url("templates", org="bravo")).json()] == KEYS


def test_export_runs_and_offers_the_pdf(media, manager, world):
    plan = world.a.plan
    response = post(manager, url("plans", plan.pk, "exports"))
    assert response.status_code == 202
    body = response.json()
    assert isinstance(body["id"], int)
    assert (body["status"], body["plan"], body["download_url"], body["error"]) == (
        "queued",
        plan.pk,
        None,
        "",
    )

    status = manager.get(url("exports", body["id"]))
    assert status.status_code == 200
    assert (status.json()["status"], status.json()["download_url"]) == ("queued", None)
    assert manager.get(url("exports", body["id"], "download")).status_code == 404

    export = in_org(world.a.org, lambda: Export.objects.for_org(world.a.org).get(pk=body["id"]))
    jobs.job_run(organization_id=world.a.org.pk, job_id=export.job_id)

    done = manager.get(url("exports", body["id"])).json()
    assert done["status"] == "done"
    assert done["error"] == ""
    assert done["download_url"] == (
        f"http://testserver/api/v1/alpha/exports/{body['id']}/download/"
    )
    download = manager.get(urlsplit(done["download_url"]).path)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    listed = manager.get(url("plans", plan.pk, "exports")).json()
    assert body["id"] in [e["id"] for e in listed]


def test_export_of_a_deleted_plan_fails_with_a_reason(media, manager, world):
    org = world.a.org
    plan_id = create_contest(manager)["id"]
    export_id = post(manager, url("plans", plan_id, "exports")).json()["id"]
    in_org(org, lambda: Plan.objects.for_org(org).filter(pk=plan_id).delete())
    export = in_org(org, lambda: Export.objects.for_org(org).get(pk=export_id))
    jobs.job_run(organization_id=org.pk, job_id=export.job_id)
    body = manager.get(url("exports", export_id)).json()
    with translation.override(org.default_language):
        reason = translation.gettext("The plan was deleted before its export could run.")
    assert (body["status"], body["error"], body["download_url"]) == ("failed", reason, None)


def test_branch_staff_may_export_and_download(client, media, world):
    staff = as_member(client, world.a.members[Role.BRANCH_STAFF])
    response = post(staff, url("plans", world.a.plan.pk, "exports"))
    assert response.status_code == 202
    assert staff.get(url("exports", response.json()["id"])).status_code == 200
    world_export = world.a.export
    assert staff.get(url("exports", world_export.pk, "download")).status_code == 200


# --- edit conflicts ---------------------------------------------------------------------------


def test_stale_part_version_is_a_409_with_the_stored_values(manager, world):
    section = world.a.parts["sections"]
    path = url("plans", world.a.plan.pk, "sections", section.pk)
    first = patch(manager, path, {"version": 1, "title": "甲改的标题"})
    assert first.status_code == 200
    assert (first.json()["title"], first.json()["version"]) == ("甲改的标题", 2)
    before = state(world.a.org)
    second = patch(manager, path, {"version": 1, "title": "乙改的标题", "body_html": "<p>乙</p>"})
    assert second.status_code == 409
    assert second.json() == {
        "detail": CONFLICT,
        "current": {"title": "甲改的标题", "body_html": "<p>alpha text</p>"},
    }
    assert state(world.a.org) == before
    assert manager.get(path).json()["title"] == "甲改的标题"


def test_stale_plan_version_is_a_409_with_the_stored_values(manager, world):
    path = url("plans", world.a.plan.pk)
    assert patch(manager, path, {"version": 1, "anchor_date": "2026-01-25"}).status_code == 200
    before = state(world.a.org)
    second = patch(manager, path, {"version": 1, "anchor_date": "2026-01-10", "title": "乙"})
    assert second.status_code == 409
    assert second.json() == {
        "detail": CONFLICT,
        "current": {"title": "alpha plan", "anchor_date": "2026-01-25"},
    }
    assert state(world.a.org) == before


@pytest.mark.parametrize("target", ["plan", "part"])
def test_patch_without_version_is_refused(manager, world, target):
    path = (
        url("plans", world.a.plan.pk)
        if target == "plan"
        else url("plans", world.a.plan.pk, "goals", world.a.parts["goals"].pk)
    )
    before = state(world.a.org)
    response = patch(manager, path, {"title": "无版本", "metric": "无版本"})
    assert response.status_code == 400
    assert response.json() == {"version": [REQUIRED]}
    assert state(world.a.org) == before


# --- bad input: 400 with field errors, nothing changed ---------------------------------------


def _plan(world):
    return world.a.plan.pk


def _item(world, slug):
    return world.a.parts[slug].pk


def _int_max():
    """The largest integer column value of the database in use."""
    return connection.ops.integer_field_range("IntegerField")[1]


BAD_INPUT = [
    pytest.param(
        "post",
        lambda w: url("plans"),
        {"template": "nope", "title": "x"},
        {"template": ["Unknown template “nope”."]},
        id="unknown-template",
    ),
    pytest.param(
        "post",
        lambda w: url("plans"),
        {"title": "x"},
        {"template": ["Give a template key, or a kind for a blank plan."]},
        id="no-template-no-kind",
    ),
    pytest.param(
        "post",
        lambda w: url("plans"),
        {"template": "contest"},
        {"title": [REQUIRED]},
        id="no-title",
    ),
    pytest.param(
        "post",
        lambda w: url("plans"),
        {"kind": "circus", "title": "x"},
        {"kind": ['"circus" is not a valid choice.']},
        id="unknown-kind",
    ),
    pytest.param(
        "post",
        lambda w: url("plans"),
        {"template": "contest", "title": "x", "start_date": "2026-13-01"},
        {"start_date": [BAD_DATE]},
        id="create-invalid-date",
    ),
    pytest.param(
        "post",
        lambda w: url("plans"),
        {"template": "contest", "title": "x", "start_date": "9999-12-25"},
        {"start_date": ["That moves the plan's dates beyond the calendar (year 1 to 9999)."]},
        id="create-beyond-calendar",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w)),
        {"version": 1, "end_date": "2025-12-31"},
        {"end_date": ["The plan cannot end before it starts."]},
        id="plan-end-before-start",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w)),
        {"version": 1, "start_date": "next tuesday"},
        {"start_date": [BAD_DATE]},
        id="plan-invalid-date",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w)),
        {"version": 1, "budget_total": "-1"},
        {"budget_total": [AMOUNT_NOT_NEGATIVE]},
        id="plan-negative-ceiling",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w)),
        {"version": 1, "title": ""},
        {"title": ["This field may not be blank."]},
        id="plan-blank-title",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w)),
        {"version": "one"},
        {"version": ["A valid integer is required."]},
        id="plan-version-not-a-number",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "stages"),
        {"name": "倒挂", "start_date": "2026-01-20", "end_date": "2026-01-19"},
        {"end_date": ["A stage cannot end before it starts."]},
        id="stage-end-before-start",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w), "stages", _item(w, "stages")),
        {"version": 1, "end_date": "2025-12-31"},
        {"end_date": ["A stage cannot end before it starts."]},
        id="stage-update-end-before-start",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "stages"),
        {"name": "无日期"},
        {"start_date": [REQUIRED], "end_date": [REQUIRED]},
        id="stage-no-dates",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w), "stages", _item(w, "stages")),
        {"version": 1, "start_date": None},
        {"start_date": ["This field may not be null."]},
        id="stage-dates-removed",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "stages"),
        {"name": "x", "start_date": "2026-02-30", "end_date": "2026-03-01"},
        {"start_date": [BAD_DATE]},
        id="stage-invalid-date",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "budget-lines"),
        {"item": "负数", "amount": "-5"},
        {"amount": [AMOUNT_NOT_NEGATIVE]},
        id="negative-amount",
    ),
    pytest.param(
        "patch",
        lambda w: url("plans", _plan(w), "budget-lines", _item(w, "budget-lines")),
        {"version": 1, "amount": "-0.01"},
        {"amount": [AMOUNT_NOT_NEGATIVE]},
        id="update-negative-amount",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "budget-lines"),
        {"item": "x", "amount": "1e400"},
        {"amount": [SCIENTIFIC]},
        id="huge-amount",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "budget-lines"),
        lambda w: {"item": "x", "amount": "1", "stage": w.b.parts["stages"].pk},
        lambda w: {"stage": [f'Invalid pk "{w.b.parts["stages"].pk}" - object does not exist.']},
        id="foreign-stage",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "tasks"),
        {"title": "两者都有", "due_date": "2026-01-05", "offset_days": -3},
        {
            "offset_days": [
                "Give either a due date or a number of days from the anchor date, not both."
            ]
        },
        id="task-date-and-offset",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "tasks"),
        lambda w: {"title": "x", "offset_days": _int_max() + 1},
        lambda w: {"offset_days": [f"Ensure this value is less than or equal to {_int_max()}."]},
        id="task-offset-too-big",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "materials"),
        {"item": "x", "quantity": -1},
        {"quantity": [NOT_NEGATIVE]},
        id="negative-quantity",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "transitions"),
        {"status": "running"},
        {"status": ["A plan in status “Draft” cannot move to “Running”."]},
        id="transition-not-allowed",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "transitions"),
        {"status": "gone"},
        {"status": ['"gone" is not a valid choice.']},
        id="transition-unknown",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "transitions"),
        {},
        {"status": [REQUIRED]},
        id="transition-missing",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "copy"),
        {"title": "x", "offset_days": 99999},
        {"offset_days": ["Ensure this value is less than or equal to 3650."]},
        id="copy-too-far",
    ),
    pytest.param(
        "post",
        lambda w: url("plans", _plan(w), "save-as-template"),
        {"name": ""},
        {"name": ["This field may not be blank."]},
        id="template-blank-name",
    ),
]


@pytest.mark.parametrize(("method", "path", "data", "errors"), BAD_INPUT)
def test_bad_input_is_a_400_with_field_errors(manager, world, method, path, data, errors):
    before = state(world.a.org, world.b.org)
    data = data(world) if callable(data) else data
    response = getattr(manager, method)(path(world), data, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json() == (errors(world) if callable(errors) else errors)
    assert state(world.a.org, world.b.org) == before


def test_budget_line_on_another_plans_stage(manager, world):
    other = create_contest(manager)
    stage_id = stages_of(manager, other["id"])[0]["id"]
    before = state(world.a.org)
    for method, path in [
        ("post", url("plans", world.a.plan.pk, "budget-lines")),
        ("patch", url("plans", world.a.plan.pk, "budget-lines", world.a.parts["budget-lines"].pk)),
    ]:
        response = getattr(manager, method)(
            path,
            {"version": 1, "item": "串台", "amount": "1", "stage": stage_id},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json() == {"stage": [f'Invalid pk "{stage_id}" - object does not exist.']}
    assert state(world.a.org) == before


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"a string"', "null"])
def test_malformed_bodies_are_400(manager, world, body):
    before = state(world.a.org)
    for path in (
        url("plans"),
        url("plans", world.a.plan.pk, "goals"),
        url("plans", world.a.plan.pk, "transitions"),
    ):
        response = manager.post(path, body, content_type="application/json")
        assert response.status_code == 400, (path, body)
    response = manager.patch(url("plans", world.a.plan.pk), body, content_type="application/json")
    assert response.status_code == 400
    assert state(world.a.org) == before


def test_an_export_whose_file_is_gone_is_404(media, manager, world):
    export = world.a.export
    export.file.storage.delete(export.file.name)
    assert manager.get(url("exports", export.pk, "download")).status_code == 404


def test_missing_objects_are_404(manager, world):
    for path in (
        url("plans", 999999),
        url("plans", 999999, "findings"),
        url("exports", 999999),
        url("exports", 999999, "download"),
        url("plans", world.a.plan.pk, "goals", 999999),
        url("plans", world.a.plan.pk, "goals", world.b.parts["goals"].pk),
    ):
        assert manager.get(path).status_code == 404, path


def test_a_part_of_another_plan_is_404_under_this_plan(manager, world):
    other = create_contest(manager)
    stage_id = stages_of(manager, other["id"])[0]["id"]
    path = url("plans", world.a.plan.pk, "stages", stage_id)
    before = state(world.a.org)
    assert manager.get(path).status_code == 404
    assert patch(manager, path, {"version": 1, "name": "x"}).status_code == 404
    assert manager.delete(path).status_code == 404
    assert state(world.a.org) == before


def test_a_task_far_past_the_calendar_never_breaks_the_findings(manager, world):
    response = post(
        manager,
        url("plans", world.a.plan.pk, "tasks"),
        {"title": "遥远的任务", "offset_days": 2_000_000_000},
    )
    assert response.status_code == 201
    findings = manager.get(url("plans", world.a.plan.pk, "findings"))
    assert findings.status_code == 200
    assert findings.json() == []


def test_section_html_is_sanitised(manager, world):
    response = post(
        manager, url("plans", world.a.plan.pk, "sections"), {"title": "危险", "body_html": DIRTY}
    )
    assert response.status_code == 201
    assert response.json()["body_html"] == "<p>ok</p>"
    section = in_org(
        world.a.org, lambda: Section.objects.for_org(world.a.org).get(pk=response.json()["id"])
    )
    assert section.body_html == "<p>ok</p>"


# --- lifecycle, findings, history -------------------------------------------------------------


def test_the_seed_overlap_is_reported_and_blocks_approval(manager, world):
    plan_id = create_contest(manager)["id"]
    assert manager.get(url("plans", plan_id, "findings")).json() == []
    stage_4 = stages_of(manager, plan_id)[3]
    assert stage_4["name"] == STAGE_4
    moved = patch(
        manager,
        url("plans", plan_id, "stages", stage_4["id"]),
        {"version": stage_4["version"], "start_date": "2005-10-18"},
    )
    assert moved.status_code == 200
    findings = manager.get(url("plans", plan_id, "findings"))
    assert findings.status_code == 200
    assert findings.json() == [
        {
            "level": "error",
            "part": "stage",
            "part_id": stage_4["id"],
            "message": f"Stage “{STAGE_4}” (2005-10-18 – 2005-10-25) overlaps stage “{STAGE_3}” "
            "(2005-10-18 – 2005-10-21).",
            "fix": f"Start “{STAGE_4}” the day after “{STAGE_3}” ends (2005-10-22).",
        }
    ]
    before = state(world.a.org)
    refused = post(manager, url("plans", plan_id, "transitions"), {"status": "approved"})
    assert refused.status_code == 400
    assert refused.json() == {"status": [FIX_ERRORS_FIRST]}
    assert state(world.a.org) == before


def test_history_lists_every_change(manager, world):
    plan_id = create_contest(manager)["id"]
    stage_4 = stages_of(manager, plan_id)[3]
    patch(
        manager,
        url("plans", plan_id, "stages", stage_4["id"]),
        {"version": 1, "start_date": "2005-10-23"},
    )
    patch(manager, url("plans", plan_id), {"version": 1, "anchor_date": "2005-10-25"})
    added = post(manager, url("plans", plan_id, "materials"), {"item": "台历", "quantity": 500})
    post(manager, url("plans", plan_id, "transitions"), {"status": "approved"})
    response = manager.get(url("plans", plan_id, "history"))
    assert response.status_code == 200
    rows = [{k: v for k, v in e.items() if k not in ("id", "at")} for e in response.json()]
    assert rows == [
        {  # the first approved contest plan is its kind's plan in force
            "actor": "alpha_manager",
            "action": "in_force",
            "part": "",
            "part_id": None,
            "label": "",
            "changes": {},
        },
        {
            "actor": "alpha_manager",
            "action": "status",
            "part": "",
            "part_id": None,
            "label": "",
            "changes": {"status": ["draft", "approved"]},
        },
        {
            "actor": "alpha_manager",
            "action": "added",
            "part": "materials",
            "part_id": added.json()["id"],
            "label": "台历",
            "changes": {
                "item": [None, "台历"],
                "quantity": [None, 500],
                "assignee": [None, ""],
                "status": [None, "needed"],
            },
        },
        {
            "actor": "alpha_manager",
            "action": "updated",
            "part": "",
            "part_id": None,
            "label": "城东营业部冲刺方案",
            "changes": {"anchor_date": [None, "2005-10-25"]},
        },
        {
            "actor": "alpha_manager",
            "action": "updated",
            "part": "stages",
            "part_id": stage_4["id"],
            "label": STAGE_4,
            "changes": {"start_date": ["2005-10-22", "2005-10-23"]},
        },
        {
            "actor": "alpha_manager",
            "action": "created",
            "part": "",
            "part_id": None,
            "label": "contest",
            "changes": {},
        },
    ]
    assert all(e["at"] for e in response.json())


def test_the_whole_lifecycle_then_a_closed_plan_refuses_edits(manager, world):
    plan_id = world.a.plan.pk
    for status in ("approved", "running", "closed"):
        response = post(manager, url("plans", plan_id, "transitions"), {"status": status})
        assert response.status_code == 200
        assert response.json()["status"] == status
    before = state(world.a.org)
    goal = world.a.parts["goals"]
    for method, path, data in [
        ("patch", url("plans", plan_id), {"version": 4, "title": "重开"}),
        ("post", url("plans", plan_id, "goals"), {"metric": "x"}),
        ("patch", url("plans", plan_id, "goals", goal.pk), {"version": 1, "metric": "x"}),
        ("delete", url("plans", plan_id, "goals", goal.pk), None),
    ]:
        response = getattr(manager, method)(path, data, content_type="application/json")
        assert response.status_code == 400, (method, path)
        assert response.json() == {"non_field_errors": [CLOSED]}
    for status in ("draft", "approved", "running", "closed"):
        response = post(manager, url("plans", plan_id, "transitions"), {"status": status})
        assert response.status_code == 400
        assert response.json() == {
            "status": [f"A plan in status “Closed” cannot move to “{LABELS[status]}”."]
        }
    assert state(world.a.org) == before


def test_copy_through_the_api(manager, world):
    response = post(
        manager, url("plans", world.a.plan.pk, "copy"), {"title": "明年", "offset_days": 365}
    )
    assert response.status_code == 201
    body = response.json()
    assert (
        body["title"],
        body["start_date"],
        body["end_date"],
        body["anchor_date"],
        body["status"],
    ) == ("明年", "2027-01-01", "2027-01-31", "2027-01-20", "draft")
    assert [(s["start_date"], s["end_date"]) for s in stages_of(manager, body["id"])] == [
        ("2027-01-01", "2027-01-10")
    ]
    tasks = manager.get(url("plans", body["id"], "tasks")).json()
    assert [(t["offset_days"], t["due_date"]) for t in tasks] == [(-5, None)]


def test_a_deleted_part_is_gone_and_recorded(manager, world):
    material = world.a.parts["materials"]
    path = url("plans", world.a.plan.pk, "materials", material.pk)
    assert manager.delete(path).status_code == 204
    assert manager.get(path).status_code == 404
    history = manager.get(url("plans", world.a.plan.pk, "history")).json()
    assert (history[0]["action"], history[0]["part"], history[0]["part_id"]) == (
        "deleted",
        "materials",
        material.pk,
    )


def test_plan_patch_answers_the_new_version(manager, world):
    response = patch(
        manager,
        url("plans", world.a.plan.pk),
        {"version": 1, "budget_total": "12500.50", "end_date": "2026-02-28"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["budget_total"], body["end_date"], body["version"]) == (
        "12500.50",
        "2026-02-28",
        2,
    )
    plan = in_org(world.a.org, lambda: selectors.plan_get(world.a.org, world.a.plan.pk))
    assert (plan.budget_total, plan.end_date) == (Decimal("12500.50"), date(2026, 2, 28))


# --- who may write ----------------------------------------------------------------------------


def _writes(world):
    plan_id = world.a.plan.pk
    goal = world.a.parts["goals"].pk
    writes = [
        ("post", url("plans"), {"template": "contest", "title": "x"}),
        ("patch", url("plans", plan_id), {"version": 1, "title": "x"}),
        ("post", url("plans", plan_id, "transitions"), {"status": "approved"}),
        ("post", url("plans", plan_id, "copy"), {"title": "x", "offset_days": 1}),
        ("post", url("plans", plan_id, "save-as-template"), {"name": "x"}),
    ]
    for slug in PART_TYPES:
        item = world.a.parts[slug].pk
        writes += [
            (
                "post",
                url("plans", plan_id, slug),
                {"title": "x", "name": "x", "item": "x", "metric": "x", "amount": "1"},
            ),
            ("patch", url("plans", plan_id, slug, item), {"version": 1, "title": "x"}),
            ("delete", url("plans", plan_id, slug, item), None),
        ]
    assert goal
    return writes


@pytest.mark.parametrize("role", [Role.ADMIN, Role.BRANCH_STAFF, Role.FRANCHISEE])
def test_only_managers_write(client, world, role):
    member = as_member(client, world.a.members[role])
    before = state(world.a.org)
    for method, path, data in _writes(world):
        response = getattr(member, method)(path, data, content_type="application/json")
        assert response.status_code == 403, (role, method, path)
    assert state(world.a.org) == before


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.BRANCH_STAFF])
def test_plan_readers(client, world, role):
    member = as_member(client, world.a.members[role])
    plan_id = world.a.plan.pk
    paths = [
        url("plans"),
        url("plans", plan_id),
        url("plans", plan_id, "findings"),
        url("plans", plan_id, "history"),
        url("templates"),
        url("plans", plan_id, "exports"),
    ]
    for slug in PART_TYPES:
        paths += [url("plans", plan_id, slug), url("plans", plan_id, slug, world.a.parts[slug].pk)]
    for path in paths:
        assert member.get(path).status_code == 200, path
    assert member.get(url("plans", plan_id)).json()["title"] == "alpha plan"


def test_franchisees_do_not_read_plans(client, world):
    member = as_member(client, world.a.members[Role.FRANCHISEE])
    for path in (
        url("plans"),
        url("plans", world.a.plan.pk),
        url("templates"),
        url("plans", world.a.plan.pk, "findings"),
        url("exports", world.a.export.pk),
    ):
        assert member.get(path).status_code == 403, path
    assert post(member, url("plans", world.a.plan.pk, "exports")).status_code == 403


def test_branch_staff_cannot_move_a_plan(client, world):
    staff = as_member(client, world.a.members[Role.BRANCH_STAFF])
    before = state(world.a.org)
    response = post(staff, url("plans", world.a.plan.pk, "transitions"), {"status": "approved"})
    assert response.status_code == 403
    assert state(world.a.org) == before


def test_another_organizations_plan_is_404_and_untouched(manager, world):
    before = state(world.a.org, world.b.org)
    foreign = world.b.plan.pk
    assert manager.get(url("plans", foreign)).status_code == 404
    assert post(manager, url("plans", foreign, "exports")).status_code == 404
    assert patch(manager, url("plans", foreign), {"version": 1, "title": "x"}).status_code == 404
    assert post(manager, url("plans", foreign, "copy"), {"title": "x"}).status_code == 404
    assert post(manager, url("plans", foreign), {}).status_code in (404, 405)
    assert state(world.a.org, world.b.org) == before


def test_anonymous_is_401(client, world):
    assert client.get(url("plans")).status_code == 401
    assert post(client, url("plans"), {"template": "contest", "title": "x"}).status_code == 401
