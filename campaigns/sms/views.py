"""The SMS outbox page: the messages the person may see (branch staff their branch's),
newest first, phone numbers masked. With the outbox backend (the embedded demo) staff can
answer a message as the member would; admins see the webhook's address and secret."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..query_params import query_page
from ..roles import Perm, can
from ..tenancy import one_or_404
from ..views import org_page
from . import inbound, optout, rules, selectors
from .backends import backend_is_outbox
from .models import SmsMessage, SmsSettings
from .webhook import webhook_secret_of

PAGE_SIZE = 50


@org_page(Perm.VIEW_SMS)
def sms_outbox(request, organization):
    found = selectors.messages_visible(request.membership)
    phone = request.GET.get("phone", "")  # NUL never gets here (ControlCharacterMiddleware)
    phone_error = ""
    try:
        found = selectors.messages_to_number(found, phone)
    except ValidationError as exc:
        found, phone_error = found.none(), " ".join(exc.messages)
    page = query_page(request, found, PAGE_SIZE)
    context = {
        "page": page,
        "phone": phone,
        "phone_error": phone_error,
        "can_answer": backend_is_outbox(),
    }
    if can(request.membership.role, Perm.MANAGE_SMS):
        context["webhook_url"] = request.build_absolute_uri(
            reverse("sms_webhook", kwargs={"hook_org": organization.slug})
        )
        context["webhook_secret"] = webhook_secret_of(organization)
        start, end = optout.sending_hours(organization)
        context["hours_form"] = SendingHoursForm(
            initial={"sending_from": start, "sending_until": end}
        )
    return render(request, "campaigns/sms_outbox.html", context)


TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SendingHoursForm(forms.Form):
    sending_from = forms.TimeField(label=_("Campaigns send from"), widget=TIME_WIDGET)
    sending_until = forms.TimeField(label=_("Campaigns send until"), widget=TIME_WIDGET)


@require_POST
@org_page(Perm.MANAGE_SMS)
def sms_hours(request, organization):
    """The daily hours in which campaign messages (invitations) go out (docs/sms.md)."""
    form = SendingHoursForm(request.POST)
    if form.is_valid():
        optout.sending_hours_save(organization=organization, **form.cleaned_data)
        messages.success(request, _("Sending hours saved."))
    else:
        messages.error(request, _("Enter both times as HH:MM."))
    return redirect("sms_outbox", org_slug=organization.slug)


@require_POST
@org_page(Perm.VIEW_SMS)
def sms_answer(request, organization, message_id):
    """Answer as the member (outbox backend only): the same path as a real reply."""
    # Missing, another organization's or another branch's: the same 404.
    message = one_or_404(
        selectors.messages_visible(request.membership),
        pk=message_id,
        direction=SmsMessage.Direction.OUTBOUND,
    )
    back = reverse("sms_outbox", kwargs={"org_slug": organization.slug})
    if not backend_is_outbox():
        messages.error(request, _("Answers can only be typed here with the outbox backend."))
        return redirect(back)
    text = request.POST.get("text", "").strip()
    if not text:
        messages.error(request, _("Type the member's answer, e.g. 是 or 否."))
        return redirect(back)
    try:
        received = inbound.sms_receive(
            organization=organization, phone=message.phone, text=text, answering=message.pk
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Answer from %(phone)s: %(outcome)s")
            % {"phone": rules.mask_phone(received.phone), "outcome": received.outcome},
        )
    return redirect(back)


@require_POST
@org_page(Perm.MANAGE_SMS)
def sms_secret_renew(request, organization):
    SmsSettings.objects.for_org(organization).update_or_create(
        organization=organization, defaults={"webhook_secret": _new_secret()}
    )
    messages.success(request, _("A new webhook secret is in force; give it to the provider."))
    return redirect("sms_outbox", org_slug=organization.slug)


def _new_secret():
    from .models import new_webhook_secret

    return new_webhook_secret()
