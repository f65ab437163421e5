"""Telecom Day's desk pages, on a phone or tablet: the birthday gift by ID card, the quiz
and the lucky wheel (a real SVG wheel turned by static/js/lucky-wheel.js onto the prize the
server drew), issuing a gift, and the sign-up desk's sales."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campaigns.views import apply_service, org_page, posted_data

from .. import selectors
from ..forms_telecom import AnswerForm, BirthdayForm, DeskSaleForm, OptionalMobileForm
from ..permissions import Perm
from ..rules import telecom_gifts as rules
from ..selectors import telecom_gifts as telecom_selectors
from ..selectors.followups import members_who_can
from ..services import birthday, desk_sales, quiz
from .access import may
from .events import event_context


def _guest_from(form, organization, event, required=True):
    """The guest whose mobile the form holds (None when the field is empty and optional);
    an unknown mobile is a form error."""
    mobile = form.cleaned_data.get("mobile")
    if not mobile and not required:
        return None
    guest = selectors.guest_by_mobile(organization, event, mobile)
    if guest is None:
        form.add_error("mobile", _("No guest of this event has this mobile: register them first."))
    return guest


@org_page(Perm.WORK_DESK)
def birthday_desk(request, organization, event_id):
    """Check an ID card and give the birthday gift (once per ID per event)."""
    event = selectors.event_get(organization, event_id)
    desk = request.session.get("telecom_desk", "")
    form = BirthdayForm(posted_data(request), initial={"desk": desk})
    result = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request.session["telecom_desk"] = data["desk"]
        guest = _guest_from(form, organization, event, required=False)
        if not form.errors:
            if request.POST.get("action") == "check":
                apply_service(
                    form,
                    lambda: result.setdefault(
                        "eligible",
                        birthday.birthday_check(
                            organization=organization, event=event, id_number=data["id_number"]
                        ),
                    ),
                )
            elif apply_service(
                form,
                lambda: result.setdefault(
                    "given",
                    birthday.birthday_give(
                        organization=organization,
                        event=event,
                        id_number=data["id_number"],
                        guest=guest,
                        desk=data["desk"],
                        actor=request.user,
                    ),
                ),
            ):
                form = BirthdayForm(initial={"desk": data["desk"]})  # ready for the next card
    return render(
        request,
        "events/telecom/birthday.html",
        {
            **event_context(request, organization, event, "telecom"),
            "form": form,
            "result": result,
            "recent": telecom_selectors.birthday_gifts_of(organization, event)[:10],
            "day": event.date,
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.WORK_DESK)
def wheel_desk(request, organization, event_id, wheel_id):
    """The guest's turn: the mobile, then a question."""
    event = selectors.event_get(organization, event_id)
    wheel = telecom_selectors.wheel_get(organization, event, wheel_id)
    form = OptionalMobileForm(posted_data(request))
    if request.method == "POST":
        form.fields["mobile"].required = True
    made = {}
    if request.method == "POST" and form.is_valid():
        guest = _guest_from(form, organization, event)
        if guest is not None and apply_service(
            form,
            lambda: made.setdefault(
                "spin",
                quiz.spin_ask(
                    organization=organization, wheel=wheel, guest=guest, actor=request.user
                ),
            ),
        ):
            return _to_spin(organization, event, wheel, made["spin"])
    return render(
        request,
        "events/telecom/wheel_desk.html",
        {
            **event_context(request, organization, event, "telecom"),
            "wheel": wheel,
            "form": form,
            "recent": telecom_selectors.spins_of(organization, wheel).filter(draw__isnull=False)[
                :10
            ],
        },
        status=400 if form.errors else 200,
    )


def _to_spin(organization, event, wheel, spin):
    return redirect(
        "event_spin",
        org_slug=organization.slug,
        event_id=event.pk,
        wheel_id=wheel.pk,
        spin_id=spin.pk,
    )


def _spin_page(request, organization, event, wheel, spin, *, error="", status=200):
    segments = telecom_selectors.wheel_segments(organization, wheel)
    slices = rules.wheel_slices([s["weight"] for s in segments])
    landing = None
    if spin.draw_id is not None:
        for i, s in enumerate(segments):
            if s["prize_id"] == spin.draw.prize_id:
                landing = slices[i].mid
                break
    question = spin.question
    return render(
        request,
        "events/telecom/spin.html",
        {
            **event_context(request, organization, event, "telecom"),
            "wheel": wheel,
            "spin": spin,
            "choices": list(enumerate(question.choices)) if question else [],
            "slices": list(zip(segments, slices, strict=True)),
            "landing": landing,
            "error": error,
            "colors": ["#0b6bcb", "#f2a900", "#1a7f37", "#d1242f", "#8250df", "#bf5700"],
        },
        status=status,
    )


@org_page(Perm.WORK_DESK)
def spin_page(request, organization, event_id, wheel_id, spin_id):
    """A guest's turn: the question and its choices, then the wheel. POST `step`: answer,
    draw (spin), hand over."""
    event = selectors.event_get(organization, event_id)
    wheel = telecom_selectors.wheel_get(organization, event, wheel_id)
    spin = telecom_selectors.spin_get(organization, wheel, spin_id)
    if request.method != "POST":
        return _spin_page(request, organization, event, wheel, spin)
    step = request.POST.get("step")
    try:
        if step == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose one of the question's choices."))
            quiz.spin_answer(
                organization=organization,
                spin=spin,
                answer=form.cleaned_data["answer"],
                actor=request.user,
            )
        elif step == "draw":
            quiz.spin_draw(organization=organization, spin=spin, actor=request.user)
        elif step == "hand_over":
            quiz.spin_hand_over(organization=organization, spin=spin, actor=request.user)
            messages.success(request, _("Prize handed over."))
        elif step == "again":
            quiz.spin_ask(
                organization=organization, wheel=wheel, guest=spin.guest, actor=request.user
            )
        else:
            raise ValidationError(_("Choose what to do."))
    except ValidationError as exc:
        spin = telecom_selectors.spin_get(organization, wheel, spin_id)
        return _spin_page(
            request, organization, event, wheel, spin, error=" ".join(exc.messages), status=400
        )
    return _to_spin(organization, event, wheel, spin)


@org_page(Perm.VIEW_EVENTS)
def desk_sales_page(request, organization, event_id):
    """The sign-up desk's sales: record one (by product line, against oneself; a manager
    against anyone at the desks), the latest sales and the totals per staff member."""
    event = selectors.event_get(organization, event_id)
    manager = may(request, Perm.MANAGE_EVENTS)
    staff = members_who_can(organization, Perm.WORK_DESK) if manager else None
    form = DeskSaleForm(posted_data(request), staff=staff)
    if request.method == "POST":
        if not may(request, Perm.WORK_DESK):
            raise PermissionDenied
        if form.is_valid():
            guest = _guest_from(form, organization, event)
            data = dict(form.cleaned_data)
            data.pop("mobile")
            if guest is not None and apply_service(
                form,
                lambda: desk_sales.desk_sale_record(
                    organization=organization,
                    membership=request.membership,
                    event=event,
                    guest=guest,
                    **data,
                ),
            ):
                messages.success(request, _("Sale recorded."))
                return redirect("event_desk_sales", org_slug=organization.slug, event_id=event.pk)
    return render(
        request,
        "events/telecom/desk_sales.html",
        {
            **event_context(request, organization, event, "telecom"),
            "form": form,
            "sales": telecom_selectors.desk_sales_of(organization, event)[:30],
            "totals": telecom_selectors.sales_by_staff(organization, event),
        },
        status=400 if form.errors else 200,
    )
