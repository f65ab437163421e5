"""Follow-up lists after the event: managers split the guests who did not sign among the
employees they pick, re-split when someone leaves, and see each employee's progress; each
employee works their own list on a phone (the full mobile as a tel: link), recording
every contact. Who sees which guest is decided by selectors.followups_visible."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns.query_params import query_id
from campaigns.views import apply_service, org_page, posted_data

from .. import selectors, services
from ..forms import ContactForm, FollowUpResplitForm, FollowUpSplitForm
from ..permissions import Perm
from .access import may
from .events import event_context

LIST_SHOWN = 300


def _forms(organization, event, data=None, *, resplit=False):
    employees = selectors.follow_up_employees(organization)
    split = FollowUpSplitForm(None if resplit else data, employees=employees)
    again = FollowUpResplitForm(
        data if resplit else None,
        employees=employees,
        assignees=selectors.followup_assignees(organization, event),
    )
    return split, again


def _followups_page(request, organization, event, split_form, resplit_form, status=200):
    return render(
        request,
        "events/followups.html",
        {
            **event_context(request, organization, event, "followups"),
            "progress": selectors.followup_progress(organization, event),
            "split_form": split_form,
            "resplit_form": resplit_form,
        },
        status=status,
    )


@org_page(Perm.MANAGE_EVENTS)
def followups(request, organization, event_id):
    """The managers' page: each employee's progress, the split and the re-split."""
    event = selectors.event_get(organization, event_id)
    return _followups_page(request, organization, event, *_forms(organization, event))


def _done(request, organization, event, n):
    messages.success(
        request,
        ngettext("%(n)d guest put on a list.", "%(n)d guests put on a list.", n) % {"n": n},
    )
    return redirect("event_followups", org_slug=organization.slug, event_id=event.pk)


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def followups_split(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    form, other = _forms(organization, event, request.POST)
    dealt = {}
    if form.is_valid() and apply_service(
        form,
        lambda: dealt.setdefault(
            "n",
            services.followups_split(
                organization=organization,
                event=event,
                employees=list(form.cleaned_data["employees"]),
            ),
        ),
    ):
        return _done(request, organization, event, dealt["n"])
    return _followups_page(request, organization, event, form, other, status=400)


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def followups_resplit(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    other, form = _forms(organization, event, request.POST, resplit=True)
    dealt = {}
    if form.is_valid() and apply_service(
        form,
        lambda: dealt.setdefault(
            "n",
            services.followups_resplit(
                organization=organization,
                event=event,
                leaver=form.cleaned_data["leaver"],
                employees=list(form.cleaned_data["employees"]),
            ),
        ),
    ):
        return _done(request, organization, event, dealt["n"])
    return _followups_page(request, organization, event, other, form, status=400)


@org_page(Perm.FOLLOW_UP)
def my_followups(request, organization, event_id):
    """One's own list, on a phone. A manager may open an employee's (?employee=<id>)."""
    event = selectors.event_get(organization, event_id)
    employee = query_id(request, "employee")  # not a number: a 400 saying so
    assignee_id = (
        employee if employee is not None and may(request, Perm.MANAGE_EVENTS) else request.user.pk
    )
    followups = selectors.followups_visible(
        organization, request.membership, event, assignee_id=assignee_id
    )
    return render(
        request,
        "events/my_followups.html",
        {
            **event_context(request, organization, event, "my_followups"),
            "followups": followups[:LIST_SHOWN],
            "mine": assignee_id == request.user.pk,
        },
    )


@org_page(Perm.FOLLOW_UP)
def followup_detail(request, organization, event_id, followup_id):
    """One guest of a list: call them, record what came of it and when to call again."""
    event = selectors.event_get(organization, event_id)
    followup = selectors.followup_visible_get(organization, request.membership, event, followup_id)
    form = ContactForm(posted_data(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(
            form,
            lambda: services.contact_record(
                organization=organization,
                membership=request.membership,
                followup=followup,
                **form.cleaned_data,
            ),
        )
    ):
        messages.success(request, _("Contact recorded."))
        return redirect("event_my_followups", org_slug=organization.slug, event_id=event.pk)
    return render(
        request,
        "events/followup.html",
        {
            **event_context(request, organization, event, "my_followups"),
            "followup": followup,
            "contacts": selectors.contacts_of(organization, followup),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
