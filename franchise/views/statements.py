"""Royalty statements: computing, issuing, locking, the PDF, questions and answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.views import apply_service, org_page
from franchise.permissions import Perm

from .. import rules, selectors, services, statement_pdf
from ..forms import (
    AnswerForm,
    QuestionForm,
    StatementComputeForm,
)
from .access import may
from .territory import render_territory_page


def statement_url(statement):
    return reverse(
        "franchise_statement",
        kwargs={"org_slug": statement.organization.slug, "statement_id": statement.pk},
    )


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
        return redirect(statement_url(made["statement"]))
    return render_territory_page(request, organization, agreement.territory, compute_form=form)


@org_page(Perm.VIEW_TERRITORY)
def statement_detail(request, organization, statement_id, question_form=None, answer_forms=None):
    statement = selectors.statement_get(request.membership, statement_id)
    questions = list(selectors.questions_of(statement))
    manage = may(request, Perm.MANAGE_FRANCHISE)
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
            "can_ask": may(request, Perm.REPORT_REVENUE)
            and not manage
            and rules.questions_open(statement.status),
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
    return redirect(statement_url(statement))


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
        return redirect(statement_url(statement))
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
        return redirect(statement_url(statement))
    return statement_detail.__wrapped__(
        request, organization, statement.pk, answer_forms={question.pk: form}
    )
