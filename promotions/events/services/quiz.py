"""Telecom Day's quiz and lucky wheel (DOMAIN.md §4): the organization writes the questions
and their answers; a right answer at the data-services zone earns one spin; the wheel is a
part-1 prize pool (stock, weights, "thank you" slots), sealed before the day and verifiable
after it, drawn through services.draws.

A wheel is a prize pool plus a first-N offer ("given at a desk") drawing from it: a right
answer takes a place of that offer (the spin), and the spin is the place's one draw. One
turn per guest per wheel (a unique constraint); a wrong answer lets the desk ask another
question; once the spin is drawn, no answer is taken for it any more."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.tenancy import check_same_organization, tenant_context

from ..models import Draw, GiftMovement, QuizQuestion, Quota, Spin, Wheel
from ..rules import telecom_gifts as rules
from .draws import draw_take, pool_save, prize_hand_over
from .gift_stock import gift_for_prize, gift_issue
from .signings import place_take


def question_save(*, organization, event, text, choices, answer, active=True, question=None):
    """Add or change a quiz question: 2 to 6 choices, `answer` the 0-based index of the
    right one."""
    check_same_organization(organization, event=event, question=question)
    if isinstance(choices, str):
        choices = rules.quiz_choices(choices)
    choices = [str(c).strip() for c in choices if str(c).strip()]
    if not 2 <= len(choices) <= 6:
        raise ValidationError({"choices": _("Give 2 to 6 choices, one per line.")})
    if any(len(c) > 100 for c in choices):
        raise ValidationError({"choices": _("Each choice has at most 100 characters.")})
    if not isinstance(answer, int) or not 0 <= answer < len(choices):
        raise ValidationError({"answer": _("Choose the right answer among the choices.")})
    with tenant_context(organization):
        if question is None:
            question = QuizQuestion(organization=organization, event=event)
        else:
            question = (
                QuizQuestion.objects.for_org(organization).select_for_update().get(pk=question.pk)
            )
        question.text, question.choices = (text or "").strip(), choices
        question.answer, question.active = answer, bool(active)
        question.full_clean(exclude=["event"])
        question.save()
    return question


def wheel_create(*, organization, event, name, spins, no_prize_weight=0):
    """A lucky wheel: its prize pool (add the prizes, then seal it before the day) and the
    offer of `spins` places a right answer takes one of."""
    check_same_organization(organization, event=event)
    if not isinstance(spins, int) or not 1 <= spins <= 1_000_000:
        raise ValidationError({"spins": _("Give a whole number from 1 to 1,000,000.")})
    with tenant_context(organization):
        pool = pool_save(
            organization=organization, event=event, name=name, no_prize_weight=no_prize_weight
        )
        quota_name = _("%(wheel)s: spins") % {"wheel": pool.name}
        quota = Quota(
            organization=organization,
            event=event,
            name=quota_name[:60],
            size=spins,
            trigger=Quota.Trigger.MANUAL,
            pool=pool,
        )
        quota.full_clean(exclude=["event", "pool"], validate_constraints=False)
        if Quota.objects.for_org(organization).filter(event=event, name=quota.name).exists():
            raise ValidationError({"name": _("This event has a first-N offer with this name.")})
        quota.save()
        wheel = Wheel.objects.create(organization=organization, event=event, pool=pool, spins=quota)
    return wheel


def _used(organization, spin):
    at = timezone.localtime(spin.draw.drawn_at, organization.zoneinfo).strftime("%H:%M")
    return _("This guest's spin is used (drawn at %(at)s): an answer no longer counts.") % {
        "at": at
    }


def spin_ask(*, organization, wheel, guest, actor=None):
    """The guest's turn: a question drawn at random among the wheel's event's questions in
    use (another one than the last, when there is one). A guest whose right answer has
    not been spun yet keeps their spin."""
    check_same_organization(organization, wheel=wheel, guest=guest)
    with tenant_context(organization):
        if guest.event_id != wheel.event_id:
            raise ValidationError({"guest": _("Choose a guest of this event.")})
        spin = _locked_spin(organization, wheel, guest, actor)
        if spin.draw_id is not None:
            raise ValidationError({"guest": _used(organization, spin)})
        if spin.correct:
            return spin
        questions = list(
            QuizQuestion.objects.for_org(organization)
            .filter(event_id=wheel.event_id, active=True)
            .values_list("pk", flat=True)
        )
        if not questions:
            raise ValidationError(_("The quiz has no questions yet: a manager writes them first."))
        others = [q for q in questions if q != spin.question_id] or questions
        spin.question_id = secrets.choice(others)
        spin.asked_at, spin.correct, spin.answered_at, spin.by = timezone.now(), None, None, actor
        spin.save(update_fields=["question", "asked_at", "correct", "answered_at", "by"])
    return spin


def _locked_spin(organization, wheel, guest, actor):
    spins = Spin.objects.for_org(organization).select_for_update()
    spin = spins.filter(wheel=wheel, guest=guest).first()
    if spin is None:
        try:
            with transaction.atomic():
                Spin.objects.create(organization=organization, wheel=wheel, guest=guest, by=actor)
        except IntegrityError:
            pass  # another desk made it first: take theirs
        spin = spins.get(wheel=wheel, guest=guest)
    return spin


def spin_answer(*, organization, spin, answer, actor=None):
    """Record the guest's answer to the question asked. Right: the spin is earned (a place
    of the wheel's offer). Wrong: ask another question. Refused once the spin is drawn,
    when already answered, or when no question is asked."""
    check_same_organization(organization, spin=spin)
    with tenant_context(organization):
        locked = Spin.objects.for_org(organization).select_for_update().get(pk=spin.pk)
        if locked.draw_id is not None:
            locked.draw = Draw.objects.for_org(organization).get(pk=locked.draw_id)
            raise ValidationError({"answer": _used(organization, locked)})
        if locked.question_id is None:
            raise ValidationError({"answer": _("Ask the guest a question first.")})
        if locked.correct is not None:
            raise ValidationError(
                {
                    "answer": _(
                        "This question is already answered: spin the wheel, or ask another "
                        "question after a wrong answer."
                    )
                }
            )
        question = QuizQuestion.objects.for_org(organization).get(pk=locked.question_id)
        if not isinstance(answer, int) or not 0 <= answer < len(question.choices):
            raise ValidationError({"answer": _("Choose one of the question's choices.")})
        locked.correct, locked.answered_at = answer == question.answer, timezone.now()
        if locked.correct:
            wheel = (
                Wheel.objects.for_org(organization).select_related("spins").get(pk=locked.wheel_id)
            )
            place = place_take(
                organization=organization, quota=wheel.spins, guest=locked.guest, actor=actor
            )
            if place is None:
                raise ValidationError(_("Every spin of this wheel is given."))
            locked.place = place
        locked.save(update_fields=["correct", "answered_at", "place"])
    return locked


def spin_draw(*, organization, spin, actor=None):
    """Spin the wheel for an earned spin: the prize is drawn by the sealed pool's seed
    (services.draws.draw_take, serialized on the pool, never past stock)."""
    check_same_organization(organization, spin=spin)
    with tenant_context(organization):
        locked = Spin.objects.for_org(organization).select_for_update().get(pk=spin.pk)
        if locked.draw_id is not None:
            locked.draw = Draw.objects.for_org(organization).get(pk=locked.draw_id)
            raise ValidationError(_used(organization, locked))
        if not locked.correct or locked.place_id is None:
            raise ValidationError(_("The guest earns the spin with a right answer first."))
        wheel = Wheel.objects.for_org(organization).select_related("pool").get(pk=locked.wheel_id)
        draw = draw_take(
            organization=organization, pool=wheel.pool, guest=locked.guest, actor=actor
        )
        locked.draw = draw
        locked.save(update_fields=["draw"])
    return locked


def spin_hand_over(*, organization, spin, actor=None):
    """Hand the prize over: recorded once on the draw, and one gift taken from the stock
    of the gift that stands for the prize (if the manager linked one)."""
    check_same_organization(organization, spin=spin)
    with tenant_context(organization):
        locked = Spin.objects.for_org(organization).select_for_update().get(pk=spin.pk)
        if locked.draw_id is None:
            raise ValidationError(_("Spin the wheel first."))
        draw = prize_hand_over(
            organization=organization,
            draw=Draw.objects.for_org(organization).get(pk=locked.draw_id),
            actor=actor,
        )
        item = gift_for_prize(organization, draw.prize)
        if item is not None:
            gift_issue(
                organization=organization,
                item=item,
                guest=locked.guest,
                reason=GiftMovement.Reason.WHEEL,
                actor=actor,
            )
    return draw
