"""A registered member's way in: the answer to the confirmation SMS (是 confirms, 否
declines), expiry after 72 hours without an answer, then the activation queue's outcome
(activated, or failed with a reason)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.branch_scope import in_scope
from campaigns.sms import rules as sms_rules
from campaigns.sms.inbound import reply_handler
from campaigns.tenancy import each_organization, tenant_context

from ...models import BundleMember, MemberStatus
from .sms import CONFIRM_PURPOSE, initiator_tell


@reply_handler(CONFIRM_PURPOSE)
def _confirmation_reply(message, reply):
    """是 confirms (the member joins the branch's activation queue), 否 declines (the
    initiator is told). Runs inside the gateway's transaction."""
    organization = message.organization
    now = timezone.now()
    member = (
        BundleMember.objects.for_org(organization)
        .select_for_update()
        .select_related("registration")
        .filter(pk=message.ref_id)
        .first()
    )
    if member is None or member.status != MemberStatus.AWAITING:
        return _("This member was already answered for; nothing changed.")
    if member.confirm_by and member.confirm_by < now:
        return _("The 3 days to confirm had passed; nothing changed.")
    member.answered_at = now
    if reply == sms_rules.Reply.YES:
        member.status = MemberStatus.CONFIRMED
        member.save(update_fields=["status", "answered_at", "updated_at"])
        return _("Confirmed: %(short)s joins the activation queue.") % {
            "short": member.short_number
        }
    member.status, member.settled_at = MemberStatus.DECLINED, now
    member.reason = _("Declined by SMS.")
    member.save(update_fields=["status", "answered_at", "settled_at", "reason", "updated_at"])
    initiator_tell(
        organization,
        member.registration,
        gettext_noop("Family network %(form)s: %(phone)s declined to join."),
        phone=member.phone,
    )
    return _("Declined.")


def members_expire(now=None):
    """Members still unanswered after 72 hours expire, and each initiator gets one SMS
    naming them (Celery beat runs this every few minutes). Returns how many expired."""
    from campaigns.sms.models import SmsMessage

    now = now or timezone.now()
    expired = 0
    for organization in each_organization():
        due = list(
            BundleMember.objects.for_org(organization)
            .filter(status=MemberStatus.AWAITING, confirm_by__lt=now)
            .select_related("registration")
        )
        by_registration = {}
        for member in due:
            if (
                BundleMember.objects.for_org(organization)
                .filter(pk=member.pk, status=MemberStatus.AWAITING)
                .update(
                    status=MemberStatus.EXPIRED,
                    settled_at=now,
                    updated_at=now,
                    reason=_("No answer within 3 days."),
                )
            ):
                by_registration.setdefault(member.registration, []).append(member.phone)
                expired += 1
        SmsMessage.objects.for_org(organization).filter(
            purpose=CONFIRM_PURPOSE, awaiting_reply=True, ref_id__in=[m.pk for m in due]
        ).update(awaiting_reply=False)
        for registration, phones in by_registration.items():
            initiator_tell(
                organization,
                registration,
                gettext_noop(
                    "Family network %(form)s: no answer within 3 days from %(phones)s; they were "
                    "not added."
                ),
                phones=", ".join(phones),
            )
    return expired


def member_activate(*, organization, membership, member):
    _settle_confirmed(organization, membership, member, MemberStatus.ACTIVATED)


def member_activation_fail(*, organization, membership, member, reason):
    reason = (reason or "").replace("\x00", "").strip()  # NUL: not storable, never meant
    if not reason:
        raise ValidationError({"reason": _("Say why the activation failed.")})
    _settle_confirmed(organization, membership, member, MemberStatus.FAILED, reason=reason[:200])


def _settle_confirmed(organization, membership, member, status, reason=""):
    now = timezone.now()
    fields = {"status": status, "handled_by": membership.user, "updated_at": now}
    if status == MemberStatus.ACTIVATED:
        fields["activated_at"] = now
    else:
        fields.update(settled_at=now, reason=reason)
    with tenant_context(organization):
        members = BundleMember.objects.for_org(organization).filter(pk=member.pk)
        if not in_scope(members, membership, field="registration__branch").exists():
            raise ValidationError(_("This member belongs to another branch's queue."))
        if not members.filter(status=MemberStatus.CONFIRMED).update(**fields):
            raise ValidationError(_("This member is no longer waiting for activation."))
