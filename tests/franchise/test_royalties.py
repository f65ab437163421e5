"""Monthly revenue and royalty statements: model B at 5% over several months, an issued
month corrected through an adjustment line on the next statement, the bad inputs
(nothing changes), questions and answers, and the statement PDF with its calculation."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from pypdf import PdfReader

from campaigns import jobs
from campaigns.models import Job
from campaigns.tenancy import tenant_context
from franchise import services
from franchise.models import (
    RevenueCorrection,
    RevenueReport,
    RoyaltyStatement,
    StatementLine,
    StatementQuestion,
)

pytestmark = pytest.mark.django_db


def _submit(scene, who, territory, month, revenue):
    return services.revenue_submit(
        organization=scene.org,
        membership=who,
        territory=scene.t[territory],
        month=month,
        revenue=revenue,
    )


def _reports(scene):
    with tenant_context(scene.org):
        return sorted(
            (r.agreement.territory.name, r.month.isoformat()[:7], r.revenue)
            for r in RevenueReport.objects.for_org(scene.org).select_related("agreement__territory")
        )


def _refusal(call):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        call()
    error = excinfo.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _issue(scene, month):
    statement = services.statement_compute(organization=scene.org, agreement=scene.b, month=month)
    return services.statement_issue(
        organization=scene.org, statement=statement, actor=scene.manager.user
    )


def _lines(statement):
    with tenant_context(statement.organization):
        return [
            (line.kind, line.month.isoformat()[:7], line.revenue, line.amount)
            for line in StatementLine.objects.for_org(statement.organization_id)
            .filter(statement=statement)
            .order_by("position")
        ]


def test_model_b_royalties_over_several_months_with_an_adjustment_line(scene):
    for month, revenue in (("2007-09", "80000"), ("2007-10", "126000.50"), ("2007-11", "99999.99")):
        _submit(scene, scene.chen, "长沙", month, revenue)
    september = _issue(scene, "2007-09")
    october = _issue(scene, "2007-10")
    assert (september.total, october.total) == (Decimal("4000.00"), Decimal("6300.03"))
    # September's revenue was 2,000.10 short: corrected after its statement was issued.
    services.revenue_correct(
        organization=scene.org,
        actor=scene.manager.user,
        agreement=scene.b,
        month="2007-09",
        revenue="82000.10",
        reason="漏报发票",
    )
    november = _issue(scene, "2007-11")
    assert _lines(november) == [
        ("royalty", "2007-11", Decimal("99999.99"), Decimal("5000.00")),  # 4999.9995 → up
        ("adjustment", "2007-09", Decimal("2000.10"), Decimal("100.01")),  # 100.005 → up
    ]
    assert november.total == Decimal("5100.01")
    # The issued September statement is untouched; the correction is charged once only.
    with tenant_context(scene.org):
        assert RoyaltyStatement.objects.get(pk=september.pk).total == Decimal("4000.00")
    assert _lines(september) == [("royalty", "2007-09", Decimal("80000.00"), Decimal("4000.00"))]
    _submit(scene, scene.chen, "长沙", "2007-12", "10000")
    assert [k for k, *_ in _lines(_issue(scene, "2007-12"))] == ["royalty"]


def test_a_draft_can_be_recomputed_but_an_issued_statement_cannot(scene):
    _submit(scene, scene.chen, "长沙", "2008-01", "1000")
    draft = services.statement_compute(organization=scene.org, agreement=scene.b, month="2008-01")
    _submit(scene, scene.chen, "长沙", "2008-01", "2000")
    again = services.statement_compute(organization=scene.org, agreement=scene.b, month="2008-01")
    assert (again.pk, again.total) == (draft.pk, Decimal("100.00"))
    services.statement_issue(organization=scene.org, statement=again)
    errors = _refusal(
        lambda: services.statement_compute(
            organization=scene.org, agreement=scene.b, month="2008-01"
        )
    )
    assert errors == {
        "month": ["The statement of 2008-01 is already issued and cannot be recomputed."]
    }
    assert _lines(again) == [("royalty", "2008-01", Decimal("2000.00"), Decimal("100.00"))]
    services.statement_lock(organization=scene.org, statement=again)
    assert _refusal(lambda: services.statement_lock(organization=scene.org, statement=again)) == {
        "__all__": ["Only an issued statement can be locked."]
    }


@pytest.mark.parametrize(
    ("who", "territory", "month", "revenue", "field", "message"),
    [
        ("chen", "长沙", "2008-02", "-1", "revenue", "An amount cannot be negative."),
        (
            "chen",
            "长沙",
            "2008-02",
            "一万",
            "revenue",
            "Enter an amount in yuan, e.g. 3000 or 3,000.50.",
        ),
        (
            "chen",
            "长沙",
            "2008-02",
            "100.001",
            "revenue",
            "Enter at most two decimals (fen).",
        ),
        (
            "chen",
            "长沙",
            "2009-09",
            "1000",
            "month",
            "No agreement of 长沙 covers 2009-09 (agreements: 2007-09-01 – 2009-08-31).",
        ),
        (
            "chen",
            "长沙",
            "2007-08",
            "1000",
            "month",
            "No agreement of 长沙 covers 2007-08 (agreements: 2007-09-01 – 2009-08-31).",
        ),
        ("chen", "长沙", "03/2008", "1000", "month", "Enter the month as YYYY-MM, e.g. 2008-03."),
        ("wang", "株洲", "2099-01", "1000", "month", "2099-01 has not begun yet."),
    ],
)
def test_bad_revenue_is_refused_and_changes_nothing(
    scene, who, territory, month, revenue, field, message
):
    _submit(scene, scene.chen, "长沙", "2008-01", "5000")
    before = _reports(scene)
    errors = _refusal(lambda: _submit(scene, getattr(scene, who), territory, month, revenue))
    assert errors == {field: [message]}
    assert _reports(scene) == before


def test_revenue_of_an_issued_month_cannot_change(scene):
    _submit(scene, scene.chen, "长沙", "2008-01", "5000")
    _issue(scene, "2008-01")
    errors = _refusal(lambda: _submit(scene, scene.chen, "长沙", "2008-01", "6000"))
    assert errors == {
        "month": [
            "The royalty statement of 2008-01 is already issued; its revenue cannot change. Ask "
            "the franchise manager to record a correction: it is charged on the next statement."
        ]
    }
    assert _reports(scene) == [("长沙", "2008-01", Decimal("5000.00"))]


def test_a_correction_needs_an_issued_month_and_a_reason(scene):
    _submit(scene, scene.chen, "长沙", "2008-01", "5000")
    correct = lambda **kw: services.revenue_correct(  # noqa: E731
        organization=scene.org,
        actor=scene.manager.user,
        agreement=scene.b,
        **({"month": "2008-01", "revenue": "5100", "reason": "x"} | kw),
    )
    assert _refusal(correct) == {
        "month": ["2008-01 has no issued statement: submit its revenue again instead."]
    }
    _issue(scene, "2008-01")
    assert _refusal(lambda: correct(reason=" ")) == {
        "reason": ["Say why the revenue is corrected."]
    }
    assert _refusal(lambda: correct(revenue="5000")) == {
        "revenue": ["That is the revenue already on record."]
    }
    with tenant_context(scene.org):
        assert RevenueCorrection.objects.for_org(scene.org).count() == 0


def test_a_franchisee_cannot_submit_for_another_territory(scene):
    from django.http import Http404

    with pytest.raises(Http404):
        _submit(scene, scene.chen, "株洲", "2008-01", "5000")
    assert _reports(scene) == []


def test_model_a_pays_no_royalty(scene):
    _submit(scene, scene.wang, "株洲", "2008-01", "5000")
    assert _refusal(
        lambda: services.statement_compute(
            organization=scene.org, agreement=scene.a, month="2008-01"
        )
    ) == {"month": ["Model A agreements pay no monthly royalty."]}


def test_questions_and_answers_on_the_statement_page(client, scene):
    _submit(scene, scene.chen, "长沙", "2008-01", "5000")
    statement = _issue(scene, "2008-01")
    url = f"/xiang/franchise/statements/{statement.pk}/"
    client.force_login(scene.chen.user)
    client.cookies["django_language"] = "en"
    empty = client.post(f"{url}questions/", {"text": ""})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert client.post(f"{url}questions/", {"text": "为什么是5%?"}).status_code == 302
    with tenant_context(scene.org):
        question = StatementQuestion.objects.for_org(scene.org).get()
    client.force_login(scene.manager.user)
    assert (
        client.post(
            f"{url}questions/{question.pk}/answer/", {"answer": "合同约定费率5%。"}
        ).status_code
        == 302
    )
    client.force_login(scene.chen.user)
    page = client.get(url).content.decode()
    assert "为什么是5%?" in page and "合同约定费率5%。" in page
    assert "5,000.00 × 5.00% = 250.00" in page


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_statement_pdf_is_made_by_the_export_job_and_shows_the_calculation(client, scene):
    _submit(scene, scene.chen, "长沙", "2007-09", "80000")
    _issue(scene, "2007-09")
    services.revenue_correct(
        organization=scene.org,
        actor=scene.manager.user,
        agreement=scene.b,
        month="2007-09",
        revenue="82000.10",
        reason="漏报发票",
    )
    _submit(scene, scene.chen, "长沙", "2007-10", "126000.50")
    statement = _issue(scene, "2007-10")
    with tenant_context(scene.org):
        statement.refresh_from_db()
        assert statement.job is not None and statement.job.kind == "franchise.statement_pdf"
    jobs.job_run(organization_id=scene.org.pk, job_id=statement.job_id)
    with tenant_context(scene.org):
        statement.refresh_from_db()
        assert Job.objects.get(pk=statement.job_id).status == Job.Status.DONE
    client.force_login(scene.chen.user)
    response = client.get(f"/xiang/franchise/statements/{statement.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(b"".join(response.streaming_content))
    for expected in (
        "长沙",
        "长沙康健",
        "2007-10",
        "126,000.50×5.00%=6,300.03",
        "2,000.10×5.00%=100.01",
        "6,400.04",
    ):
        assert expected in text, expected


def test_revenue_through_htmx_answers_with_the_revenue_panel(client, scene):
    client.force_login(scene.chen.user)
    client.cookies["django_language"] = "en"
    url = f"/xiang/franchise/territories/{scene.t['长沙'].pk}/revenue/"
    bad = client.post(url, {"month": "2008-01", "revenue": "-3"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert "An amount cannot be negative." in bad.content.decode()
    assert "<html" not in bad.content.decode()
    good = client.post(url, {"month": "2008-01", "revenue": "4500"}, HTTP_HX_REQUEST="true")
    assert good.status_code == 200 and 'id="revenue"' in good.content.decode()
    assert "Revenue of 2008-01 saved." in good.content.decode()
    assert _reports(scene) == [("长沙", "2008-01", Decimal("4500.00"))]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_computations_of_a_month_make_one_statement():
    import threading

    from django.db import connection

    from campaigns.roles import Role
    from tests.factories import MembershipFactory, OrganizationFactory

    org = OrganizationFactory()
    manager = MembershipFactory(organization=org, role=Role.MANAGER)
    with tenant_context(org):
        manager = type(manager).objects.select_related("user", "organization").get(pk=manager.pk)
    territory = services.territory_save(organization=org, name="常德", planned_phase=2)
    franchisee = services.franchisee_save(organization=org, name="常德德康")
    agreement = services.agreement_create(
        organization=org,
        territory=territory,
        franchisee=franchisee,
        model="B",
        start_date=date(2008, 6, 1),
        franchise_fee="1",
        royalty_rate="5",
    )
    services.revenue_submit(
        organization=org, membership=manager, territory=territory, month="2008-06", revenue="60000"
    )
    barrier, results = threading.Barrier(2), []

    def compute():
        try:
            barrier.wait(timeout=30)
            results.append(
                services.statement_compute(
                    organization=org, agreement=agreement, month="2008-06"
                ).pk
            )
        except Exception as exc:  # noqa: BLE001 - asserted below
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=compute) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 2 and results[0] == results[1], results
    with tenant_context(org):
        statement = RoyaltyStatement.objects.for_org(org).get()
        assert statement.total == Decimal("3000.00")
        assert StatementLine.objects.for_org(org).count() == 1
