"""Franchise pages: the rollout board, territories and their dashboards, agreements,
revenue, royalty statements with questions, products and prices, hospital support and
recruiting events. Thin: read with selectors (always through the member's scope), write
with services; a refused write re-renders its page with the errors and status 400."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.roles import Perm, can
from campaigns.tenancy import get_for_org_or_404
from campaigns.views import apply_service, org_page, posted_data

from . import charts, rules, selectors, services, statement_pdf
from .forms import (
    AgreementForm,
    AnswerForm,
    DeliveryForm,
    EventForm,
    FranchiseeForm,
    GoalFigureForm,
    HospitalForm,
    PaymentsForm,
    PriceChangeForm,
    ProductForm,
    QuestionForm,
    RevenueCorrectionForm,
    RevenueForm,
    StatementComputeForm,
    TerritoryForm,
    TerritoryStatusForm,
)
from .models import Agreement, PriceChange, Product, RoyaltyStatement, Territory

BOARD_ROWS = 50  # the board lists territories a page at a time; the schematic shows all


def _may(request, perm):
    return can(request.membership.role, perm)


def _require(request, perm):
    if not _may(request, perm):
        raise PermissionDenied


def _territory_url(territory):
    return reverse(
        "franchise_territory",
        kwargs={"org_slug": territory.organization.slug, "territory_id": territory.pk},
    )


def _statement_url(statement):
    return reverse(
        "franchise_statement",
        kwargs={"org_slug": statement.organization.slug, "statement_id": statement.pk},
    )


# -- home: the board for managers, "my territories" for a franchisee -------------------------


@org_page(Perm.VIEW_TERRITORY)
def franchise_home(request, organization, goal_form=None):
    if not _may(request, Perm.VIEW_FRANCHISE):
        territories = list(selectors.territories_visible(request.membership))
        if len(territories) == 1:  # the usual franchisee: straight to their dashboard
            return _territory_page(request, organization, territories[0])
        return render(request, "franchise/my_territories.html", {"territories": territories})
    board = selectors.rollout_board(organization)
    return render(
        request,
        "franchise/board.html",
        {
            **board,
            "page": Paginator(board["territories"], BOARD_ROWS).get_page(request.GET.get("page")),
            "schematic": charts.territory_schematic(board["territories"]),
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
            "goal_form": goal_form or GoalFigureForm(plan=board["plan"]),
        },
        status=400 if goal_form is not None else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def goal_figure_new(request, organization):
    plan = selectors.franchise_plan(organization)
    form = GoalFigureForm(request.POST, plan=plan)
    if form.is_valid() and apply_service(
        form, lambda: services.goal_figure_record(organization=organization, **form.cleaned_data)
    ):
        messages.success(request, _("Figure recorded."))
        return redirect("franchise_home", org_slug=organization.slug)
    return franchise_home.__wrapped__(request, organization, goal_form=form)


# -- territories and franchisees ------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def territory_list(request, organization):
    form = TerritoryForm(posted_data(request))
    if request.method == "POST":
        _require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.territory_save(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Territory added."))
            return redirect("franchise_territories", org_slug=organization.slug)
    return render(
        request,
        "franchise/territories.html",
        {
            "territories": selectors.territories_of(organization),
            "form": form,
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_FRANCHISE)
def franchisee_list(request, organization):
    form = FranchiseeForm(posted_data(request), organization=organization)
    if request.method == "POST":
        _require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.franchisee_save(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Franchisee saved."))
            return redirect("franchise_franchisees", org_slug=organization.slug)
    return render(
        request,
        "franchise/franchisees.html",
        {
            "franchisees": selectors.franchisees_of(organization),
            "agreements": selectors.agreements_visible(request.membership),
            "form": form,
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_TERRITORY)
def territory_detail(request, organization, territory_id, **bound):
    territory = selectors.territory_get(request.membership, territory_id)
    return _territory_page(request, organization, territory, **bound)


def _territory_page(request, organization, territory, **bound):
    """The territory dashboard: everything the franchisee sees, plus (for a manager) the
    forms that run the territory. `bound` carries a refused form to show with errors."""
    data = selectors.territory_dashboard(
        request.membership, territory, services.today_in(organization)
    )
    manage = _may(request, Perm.MANAGE_FRANCHISE)
    context = {
        **data,
        "revenue_chart": charts.revenue_chart(data["revenue"]),
        "can_report": _may(request, Perm.REPORT_REVENUE),
        "can_manage": manage,
        "revenue_form": bound.get("revenue_form") or RevenueForm(),
    }
    if manage:
        context.update(
            {
                "status_form": bound.get("status_form")
                or TerritoryStatusForm(
                    initial={"status": territory.status, "on": services.today_in(organization)}
                ),
                "agreement_form": bound.get("agreement_form")
                or AgreementForm(organization=organization),
                "hospital_form": bound.get("hospital_form") or HospitalForm(),
                "compute_form": bound.get("compute_form") or StatementComputeForm(),
                "payments_form": bound.get("payments_form")
                or PaymentsForm(
                    initial={
                        f: getattr(data["agreement"], f, None)
                        for f in ("fee_paid_on", "deposit_paid_on", "deposit_refunded_on")
                    }
                ),
                "correction_form": bound.get("correction_form")
                or RevenueCorrectionForm(
                    initial={"agreement": data["agreement"].pk if data["agreement"] else None}
                ),
            }
        )
    return render(request, "franchise/territory.html", context, status=400 if bound else 200)


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def territory_status(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    form = TerritoryStatusForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.territory_set_status(
            organization=organization, territory=territory, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Rollout status saved."))
        return redirect(_territory_url(territory))
    return _territory_page(request, organization, territory, status_form=form)


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def agreement_new(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    form = AgreementForm(request.POST, organization=organization)
    if form.is_valid() and apply_service(
        form,
        lambda: services.agreement_create(
            organization=organization, territory=territory, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Agreement signed."))
        return redirect(_territory_url(territory))
    return _territory_page(request, organization, territory, agreement_form=form)


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def agreement_payments(request, organization, agreement_id):
    agreement = selectors.agreement_get(request.membership, agreement_id)
    form = PaymentsForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.agreement_record_payments(
            organization=organization, agreement=agreement, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Payments recorded."))
        return redirect(_territory_url(agreement.territory))
    return _territory_page(request, organization, agreement.territory, payments_form=form)


@require_POST
@org_page(Perm.REPORT_REVENUE)
def revenue_submit(request, organization, territory_id):
    territory = selectors.territory_get(request.membership, territory_id)
    form = RevenueForm(request.POST)
    saved = None
    if form.is_valid() and apply_service(
        form,
        lambda: services.revenue_submit(
            organization=organization,
            membership=request.membership,
            territory=territory,
            **form.cleaned_data,
        ),
    ):
        saved = _("Revenue of %(month)s saved.") % {"month": form.cleaned_data["month"]}
        if not request.htmx:
            messages.success(request, saved)
            return redirect(_territory_url(territory))
        form = RevenueForm()
    if request.htmx:  # htmx swaps the revenue panel: table, chart and a fresh form
        return _revenue_panel(request, organization, territory, form, saved)
    return _territory_page(request, organization, territory, revenue_form=form)


def _revenue_panel(request, organization, territory, form, saved):
    data = selectors.territory_dashboard(
        request.membership, territory, services.today_in(organization)
    )
    return render(
        request,
        "franchise/_revenue_panel.html",
        {
            **data,
            "revenue_chart": charts.revenue_chart(data["revenue"]),
            "revenue_form": form,
            "saved": saved,
            "can_report": True,
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
            "correction_form": RevenueCorrectionForm(
                initial={"agreement": data["agreement"].pk if data["agreement"] else None}
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def revenue_correct(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    form = RevenueCorrectionForm(request.POST)
    if form.is_valid():
        agreement = get_for_org_or_404(
            Agreement, organization, territory=territory, pk=form.cleaned_data["agreement"]
        )
        data = {k: v for k, v in form.cleaned_data.items() if k != "agreement"}
        if apply_service(
            form,
            lambda: services.revenue_correct(
                organization=organization, actor=request.user, agreement=agreement, **data
            ),
        ):
            messages.success(
                request, _("Correction recorded; it is charged on the next statement.")
            )
            return redirect(_territory_url(territory))
    return _territory_page(request, organization, territory, correction_form=form)


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def hospital_add(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    form = HospitalForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.hospital_add(
            organization=organization, territory=territory, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Partner hospital added."))
        return redirect(_territory_url(territory))
    return _territory_page(request, organization, territory, hospital_form=form)


# -- royalty statements ------------------------------------------------------------------------


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def statement_compute(request, organization, agreement_id):
    agreement = selectors.agreement_get(request.membership, agreement_id)
    form = StatementComputeForm(request.POST)
    made = {}
    if form.is_valid() and apply_service(
        form,
        lambda: made.setdefault(
            "statement",
            services.statement_compute(
                organization=organization, agreement=agreement, **form.cleaned_data
            ),
        ),
    ):
        messages.success(request, _("Statement computed; check it, then issue it."))
        return redirect(_statement_url(made["statement"]))
    return _territory_page(request, organization, agreement.territory, compute_form=form)


@org_page(Perm.VIEW_TERRITORY)
def statement_detail(request, organization, statement_id, question_form=None, answer_forms=None):
    statement = selectors.statement_get(request.membership, statement_id)
    questions = list(selectors.questions_of(statement))
    manage = _may(request, Perm.MANAGE_FRANCHISE)
    answer_forms = answer_forms or {}
    for question in questions:
        question.form = answer_forms.get(question.pk) or AnswerForm(
            initial={"answer": question.answer}
        )
    return render(
        request,
        "franchise/statement.html",
        {
            "statement": statement,
            "agreement": statement.agreement,
            "territory": statement.agreement.territory,
            "month": rules.month_label(statement.month),
            "lines": statement_pdf.statement_lines_for_display(statement),
            "total_text": rules.money_text(statement.total),
            "questions": questions,
            "question_form": question_form or QuestionForm(),
            "can_ask": _may(request, Perm.REPORT_REVENUE)
            and not manage
            and statement.status != RoyaltyStatement.Status.LOCKED,
            "can_manage": manage,
        },
        status=400 if (question_form or answer_forms) else 200,
    )


def _statement_action(request, organization, statement_id, action, done):
    statement = selectors.statement_get(request.membership, statement_id)
    try:
        action(statement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(_statement_url(statement))


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def statement_issue(request, organization, statement_id):
    return _statement_action(
        request,
        organization,
        statement_id,
        lambda s: services.statement_issue(
            organization=organization, statement=s, actor=request.user
        ),
        _("Statement issued; its PDF is being made."),
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def statement_lock(request, organization, statement_id):
    return _statement_action(
        request,
        organization,
        statement_id,
        lambda s: services.statement_lock(organization=organization, statement=s),
        _("Statement locked."),
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def statement_make_pdf(request, organization, statement_id):
    return _statement_action(
        request,
        organization,
        statement_id,
        lambda s: services.statement_request_pdf(
            organization=organization, statement=s, actor=request.user
        ),
        _("The PDF is being made."),
    )


@org_page(Perm.VIEW_TERRITORY)
def statement_download(request, organization, statement_id):
    statement = selectors.statement_get(request.membership, statement_id)
    if not statement.file or not statement.file.storage.exists(statement.file.name):
        raise Http404
    return FileResponse(
        statement.file.open("rb"),
        as_attachment=True,
        filename=statement_pdf.statement_filename(statement),
        content_type="application/pdf",
    )


@require_POST
@org_page(Perm.REPORT_REVENUE)
def question_ask(request, organization, statement_id):
    statement = selectors.statement_get(request.membership, statement_id)
    form = QuestionForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.question_ask(
            organization=organization,
            membership=request.membership,
            statement=statement,
            text=form.cleaned_data["text"],
        ),
    ):
        messages.success(request, _("Question sent; the answer will appear here."))
        return redirect(_statement_url(statement))
    return statement_detail.__wrapped__(request, organization, statement.pk, question_form=form)


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def question_answer(request, organization, statement_id, question_id):
    statement = selectors.statement_get(request.membership, statement_id)
    question = selectors.question_get(statement, question_id)
    form = AnswerForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.question_answer(
            organization=organization,
            actor=request.user,
            question=question,
            answer=form.cleaned_data["answer"],
        ),
    ):
        messages.success(request, _("Answer saved."))
        return redirect(_statement_url(statement))
    return statement_detail.__wrapped__(
        request, organization, statement.pk, answer_forms={question.pk: form}
    )


# -- products and prices -----------------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def product_list(request, organization, price_forms=None):
    form = ProductForm(posted_data(request) if price_forms is None else None)
    if request.method == "POST" and price_forms is None:
        _require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.product_create(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Product added."))
            return redirect("franchise_products", org_slug=organization.slug)
    products = list(selectors.products_of(organization))
    history = {}
    for change in PriceChange.objects.for_org(organization).order_by("effective_on"):
        history.setdefault(change.product_id, []).append(change)
    price_forms = price_forms or {}
    for product in products:
        product.changes = history.get(product.pk, [])
        product.form = price_forms.get(product.pk) or PriceChangeForm()
    return render(
        request,
        "franchise/products.html",
        {
            "products": products,
            "form": form,
            "by_year": selectors.new_products_by_year(organization),
            "target": rules.NEW_PRODUCTS_PER_YEAR,
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if (form.errors or price_forms) else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def product_price(request, organization, product_id):
    product = get_for_org_or_404(Product, organization, pk=product_id)
    form = PriceChangeForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.product_change_price(
            organization=organization, actor=request.user, product=product, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Price changed."))
        return redirect("franchise_products", org_slug=organization.slug)
    return product_list.__wrapped__(request, organization, price_forms={product.pk: form})


# -- hospital channel support ------------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def hospital_coverage(request, organization, delivery_forms=None, territory=None):
    territories = list(selectors.territories_of(organization))
    if territory is None:
        chosen = request.GET.get("territory")
        territory = next(
            (t for t in territories if str(t.pk) == chosen), territories[0] if territories else None
        )
    matrix = selectors.coverage_matrix(organization, territory) if territory else None
    delivery_forms = delivery_forms or {}
    if matrix:
        for row in matrix["rows"]:
            row["form"] = delivery_forms.get(row["hospital"].pk) or DeliveryForm(
                organization=organization
            )
    return render(
        request,
        "franchise/hospitals.html",
        {
            "territories": territories,
            "territory": territory,
            "matrix": matrix,
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if delivery_forms else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def delivery_new(request, organization, hospital_id):
    hospital = selectors.hospital_get(request.membership, hospital_id)
    form = DeliveryForm(request.POST, organization=organization)
    if form.is_valid() and apply_service(
        form,
        lambda: services.delivery_record(
            organization=organization, actor=request.user, hospital=hospital, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Service delivery recorded."))
        return redirect(
            reverse("franchise_hospitals", kwargs={"org_slug": organization.slug})
            + f"?territory={hospital.territory_id}"
        )
    return hospital_coverage.__wrapped__(
        request, organization, delivery_forms={hospital.pk: form}, territory=hospital.territory
    )


# -- recruiting events ------------------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def event_list(request, organization):
    form = EventForm(posted_data(request), organization=organization)
    if request.method == "POST":
        _require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.event_save(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Event saved."))
            return redirect("franchise_events", org_slug=organization.slug)
    events = list(selectors.events_of(organization))
    # Each event on the plan's timeline: the phase whose dates hold it.
    phases = selectors.phases_of(selectors.franchise_plan(organization))
    for event in events:
        event.phase = next((p for p in phases if p.start <= event.held_on <= p.end), None)
    return render(
        request,
        "franchise/events.html",
        {
            "events": events,
            "form": form,
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
            "plan_events": selectors.PLANNED_EVENTS,
            "held": {
                kind: sum(1 for e in events if e.kind == kind)
                for kind, _n in selectors.PLANNED_EVENTS
            },
        },
        status=400 if form.errors else 200,
    )
