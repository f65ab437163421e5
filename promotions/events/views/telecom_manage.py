"""Telecom Day's set-up and review pages: the Telecom Day hub (gift stock left, the wheels,
second development at a glance), gifts and their ledger (order, receive, issue, return),
the quiz, the wheels, and after the event the lists, the second-development rate and the
gift recipients' XLSX for customer service."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.views import apply_service, org_page, posted_data

from .. import recipients_xlsx, selectors
from ..forms_telecom import (
    GiftForm,
    IssueForm,
    QuantityForm,
    QuestionForm,
    TelecomSettingsForm,
    WheelForm,
)
from ..permissions import Perm
from ..rules import telecom as invitation_rules
from ..selectors import telecom as invitation_selectors
from ..selectors import telecom_gifts as telecom_selectors
from ..services import gift_stock, quiz, second_development
from .access import require
from .events import event_context


def _event_prizes(organization, event):
    return telecom_selectors.prizes_of_event(organization, event)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@org_page(Perm.VIEW_EVENTS)
def telecom_hub(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    return render(
        request,
        "events/telecom/hub.html",
        {
            **event_context(request, organization, event, "telecom"),
            "mobilisation_day": invitation_rules.mobilisation_day(event.date),
            "ranking_opens_on": invitation_rules.ranking_opens_on(event.date),
            "attendance": invitation_selectors.attendance_breakdown(organization, event),
            "stock": telecom_selectors.stock_summary(organization, event),
            "alert": telecom_selectors.stock_alert(organization, event),
            "wheels": telecom_selectors.wheels_of(organization, event),
            "figures": telecom_selectors.second_development(organization, event),
        },
    )


def _gifts_page(request, organization, event, form=None, status=200):
    return render(
        request,
        "events/telecom/gifts.html",
        {
            **event_context(request, organization, event, "telecom"),
            "gifts": telecom_selectors.gifts_of(organization, event),
            "alert": telecom_selectors.stock_alert(organization, event),
            "form": form or GiftForm(prizes=_event_prizes(organization, event)),
        },
        status=status,
    )


@org_page(Perm.VIEW_EVENTS)
def gifts(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    if request.method != "POST":
        return _gifts_page(request, organization, event)
    require(request, Perm.MANAGE_EVENTS)
    form = GiftForm(request.POST, prizes=_event_prizes(organization, event))
    if form.is_valid() and apply_service(
        form,
        lambda: gift_stock.gift_save(organization=organization, event=event, **form.cleaned_data),
    ):
        messages.success(request, _("Gift added: record its order and its delivery."))
        return redirect("event_gifts", org_slug=organization.slug, event_id=event.pk)
    return _gifts_page(request, organization, event, form, status=400)


def _gift_page(request, organization, event, item, *, forms=None, status=200):
    forms = forms or {}
    return render(
        request,
        "events/telecom/gift.html",
        {
            **event_context(request, organization, event, "telecom"),
            "gift": item,
            "order_form": forms.get("order") or QuantityForm(prefix="order"),
            "receive_form": forms.get("receive") or QuantityForm(prefix="receive"),
            "issue_form": forms.get("issue") or IssueForm(prefix="issue"),
            "movements": telecom_selectors.gift_movements(organization, item)[:100],
            "returned": telecom_selectors.returned_issue_ids(organization, item),
        },
        status=status,
    )


@org_page(Perm.VIEW_EVENTS)
def gift_detail(request, organization, event_id, gift_id):
    """One gift: its stock and ledger; a manager records orders and deliveries, the desks
    issue one to a guest for a reason and take returns."""
    event = selectors.event_get(organization, event_id)
    item = telecom_selectors.gift_get(organization, event, gift_id)
    if request.method != "POST":
        return _gift_page(request, organization, event, item)
    action = request.POST.get("action")
    if action in ("order", "receive"):
        require(request, Perm.MANAGE_EVENTS)
        form = QuantityForm(request.POST, prefix=action)
        service = gift_stock.gift_order if action == "order" else gift_stock.gift_receive
        ok = form.is_valid() and apply_service(
            form,
            lambda: service(
                organization=organization, item=item, actor=request.user, **form.cleaned_data
            ),
        )
    else:
        require(request, Perm.WORK_DESK)
        action = "issue"
        form = IssueForm(request.POST, prefix="issue")
        ok = False
        if form.is_valid():
            guest = selectors.guest_by_mobile(organization, event, form.cleaned_data["mobile"])
            if guest is None:
                form.add_error(
                    "mobile", _("No guest of this event has this mobile: register them first.")
                )
            else:
                ok = apply_service(
                    form,
                    lambda: gift_stock.gift_issue(
                        organization=organization,
                        item=item,
                        guest=guest,
                        reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                        actor=request.user,
                    ),
                )
    if ok:
        messages.success(request, _("Saved."))
        return redirect(
            "event_gift", org_slug=organization.slug, event_id=event.pk, gift_id=item.pk
        )
    item = telecom_selectors.gift_get(organization, event, gift_id)
    return _gift_page(request, organization, event, item, forms={action: form}, status=400)


@require_POST
@org_page(Perm.WORK_DESK)
def gift_return(request, organization, event_id, movement_id):
    event = selectors.event_get(organization, event_id)
    issue = telecom_selectors.issue_get(organization, event, movement_id)
    try:
        gift_stock.gift_return(organization=organization, issue=issue, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Gift returned: it is in stock again."))
    return redirect(
        "event_gift", org_slug=organization.slug, event_id=event.pk, gift_id=issue.item_id
    )


@org_page(Perm.WORK_DESK)
def quiz_questions(request, organization, event_id):
    """The quiz: the questions and their right answers; a manager writes them."""
    event = selectors.event_get(organization, event_id)
    form = QuestionForm(posted_data(request))
    if request.method == "POST":
        require(request, Perm.MANAGE_EVENTS)
        if form.is_valid() and apply_service(
            form,
            lambda: quiz.question_save(organization=organization, event=event, **form.cleaned_data),
        ):
            messages.success(request, _("Question saved."))
            return redirect("event_quiz", org_slug=organization.slug, event_id=event.pk)
    return render(
        request,
        "events/telecom/quiz.html",
        {
            **event_context(request, organization, event, "telecom"),
            "questions": telecom_selectors.questions_of(organization, event),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_EVENTS)
def wheels(request, organization, event_id):
    """The lucky wheels; a manager makes one, then adds its prizes and seals it on its
    pool's page."""
    event = selectors.event_get(organization, event_id)
    form = WheelForm(posted_data(request))
    if request.method == "POST":
        require(request, Perm.MANAGE_EVENTS)
        made = {}
        if form.is_valid() and apply_service(
            form,
            lambda: made.setdefault(
                "wheel",
                quiz.wheel_create(organization=organization, event=event, **form.cleaned_data),
            ),
        ):
            messages.success(request, _("Wheel added: add its prizes, then seal it."))
            return redirect(
                "event_pool",
                org_slug=organization.slug,
                event_id=event.pk,
                pool_id=made["wheel"].pool_id,
            )
    return render(
        request,
        "events/telecom/wheels.html",
        {
            **event_context(request, organization, event, "telecom"),
            "wheels": telecom_selectors.wheels_of(organization, event),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_EVENTS)
def second_development_page(request, organization, event_id):
    """After the event: split the lists among every employee, the period and target, the
    rate per employee and overall, who is behind."""
    event = selectors.event_get(organization, event_id)
    current = telecom_selectors.telecom_settings(organization, event)
    form = TelecomSettingsForm(
        posted_data(request),
        initial={
            "second_development_days": current.second_development_days,
            "second_development_target": current.second_development_target,
        },
    )
    if request.method == "POST":
        require(request, Perm.MANAGE_EVENTS)
        if form.is_valid() and apply_service(
            form,
            lambda: second_development.telecom_settings_save(
                organization=organization, event=event, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect(
                "event_second_development", org_slug=organization.slug, event_id=event.pk
            )
    return render(
        request,
        "events/telecom/second_development.html",
        {
            **event_context(request, organization, event, "telecom"),
            "figures": telecom_selectors.second_development(organization, event),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def telecom_lists_split(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    try:
        dealt = second_development.telecom_lists_split(organization=organization, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Lists split: %(revisit)s on the revisit list, %(second)s on the "
                "second-contact list."
            )
            % {"revisit": dealt["revisit"], "second": dealt["second_contact"]},
        )
    return redirect("event_second_development", org_slug=organization.slug, event_id=event.pk)


@org_page(Perm.MANAGE_EVENTS)
def gift_recipients_xlsx(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    return FileResponse(
        io.BytesIO(recipients_xlsx.recipients_xlsx(organization, event)),
        as_attachment=True,
        filename=recipients_xlsx.recipients_filename(event),
        content_type=XLSX,
    )
