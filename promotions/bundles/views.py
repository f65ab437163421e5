"""Family-network pages: registrations (list, the paper form, one network), the branch
operators' activation queue, coupon redemption at a store, tiers and settings, and the
daily report of members not added (page and XLSX)."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.query_params import query_date
from campaigns.roles import can
from campaigns.tenancy import get_for_org_or_404
from campaigns.views import apply_service, org_page, posted_data
from promotions.permissions import Perm

from ..models import BundleTier
from . import report_xlsx, selectors, services
from .forms import (
    BundleSettingsForm,
    CouponRedeemForm,
    FailForm,
    JoinForm,
    RegistrationForm,
    TierForm,
    parse_member_lines,
)


@org_page(Perm.VIEW_BUNDLES)
def bundle_list(request, organization):
    return render(
        request,
        "promotions/bundle_list.html",
        {
            "registrations": selectors.registrations_of(request.membership)[:200],
            "can_register": can(request.membership.role, Perm.REGISTER_BUNDLES),
            "can_activate": can(request.membership.role, Perm.ACTIVATE_BUNDLES),
            "can_manage": can(request.membership.role, Perm.MANAGE_BUNDLES),
            "can_report": can(request.membership.role, Perm.VIEW_BUNDLE_REPORT),
        },
    )


@org_page(Perm.REGISTER_BUNDLES)
def bundle_new(request, organization):
    form = RegistrationForm(
        posted_data(request),
        organization=organization,
        membership=request.membership,
        initial={"signed_on": timezone.localdate()},
    )
    made = {}
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: made.setdefault(
                "registration",
                services.bundle_register(
                    organization=organization, membership=request.membership, **form.cleaned_data
                ),
            ),
        ):
            registration = made["registration"]
            messages.success(
                request,
                _("Form %(number)s registered; confirmation messages are on their way.")
                % {"number": registration.form_number},
            )
            return redirect(
                "bundle_detail", org_slug=organization.slug, registration_id=registration.pk
            )
    return render(
        request,
        "promotions/bundle_new.html",
        {"form": form, "tiers": selectors.tiers_of(organization)},
        status=400 if form.errors else 200,
    )


@org_page(Perm.REGISTER_BUNDLES)
def bundle_tier_preview(request, organization):
    """As the members are typed: how many, and the tier proposed for them (htmx)."""
    count = len(parse_member_lines(request.GET.get("members", "")))
    return render(
        request,
        "promotions/_tier_preview.html",
        {"count": count, "tier": selectors.propose_tier(organization, count)},
    )


@org_page(Perm.VIEW_BUNDLES)
def bundle_detail(request, organization, registration_id):
    registration = selectors.registration_get(request.membership, registration_id)
    return render(
        request,
        "promotions/bundle_detail.html",
        {
            "registration": registration,
            "members": selectors.members_of(registration),
            "coupons": selectors.coupons_of(registration),
            "show_codes": can(request.membership.role, Perm.REGISTER_BUNDLES),
        },
    )


@org_page(Perm.ACTIVATE_BUNDLES)
def activation_queue(request, organization):
    return render(
        request,
        "promotions/activation_queue.html",
        {
            "members": selectors.activation_queue(request.membership)[:500],
            "fail_form": FailForm(),
        },
    )


@require_POST
@org_page(Perm.ACTIVATE_BUNDLES)
def member_activate(request, organization, bundle_member_id):
    member = selectors.member_get(request.membership, bundle_member_id)
    _report(
        request,
        lambda: services.member_activate(
            organization=organization, membership=request.membership, member=member
        ),
        _("%(phone)s activated.") % {"phone": member.masked_phone},
    )
    return redirect("bundle_activation", org_slug=organization.slug)


@require_POST
@org_page(Perm.ACTIVATE_BUNDLES)
def member_fail(request, organization, bundle_member_id):
    member = selectors.member_get(request.membership, bundle_member_id)
    _report(
        request,
        lambda: services.member_activation_fail(
            organization=organization,
            membership=request.membership,
            member=member,
            reason=request.POST.get("reason", ""),
        ),
        _("%(phone)s marked as failed.") % {"phone": member.masked_phone},
    )
    return redirect("bundle_activation", org_slug=organization.slug)


def _report(request, call, success):
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@org_page(Perm.REGISTER_BUNDLES)
def coupon_redeem(request, organization):
    form = CouponRedeemForm(posted_data(request))
    joined = {}
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: joined.setdefault(
                "member",
                services.coupon_redeem(
                    organization=organization, membership=request.membership, **form.cleaned_data
                ),
            ),
        ):
            member = joined["member"]
            messages.success(
                request,
                _(
                    "%(phone)s joins network %(form)s with short number %(short)d, the year's fee "
                    "waived; it is in the activation queue."
                )
                % {
                    "phone": member.masked_phone,
                    "form": member.registration.form_number,
                    "short": member.short_number,
                },
            )
            return redirect("bundle_coupon_redeem", org_slug=organization.slug)
    return render(
        request, "promotions/coupon_redeem.html", {"form": form}, status=400 if form.errors else 200
    )


@org_page(Perm.REGISTER_BUNDLES)
def member_join(request, organization):
    """A later joiner without a coupon: the standard tariff, a free short number."""
    form = JoinForm(posted_data(request))
    joined = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def join():
            # Branch staff add joiners to their own branch's networks only.
            registration = selectors.registration_by_form_number(
                request.membership, data["form_number"]
            )
            if registration is None:
                raise ValidationError({"form_number": _("No network has this form number.")})
            joined["member"] = services.member_join(
                organization=organization,
                registration=registration,
                phone=data["phone"],
                short_number=data["short_number"],
            )

        if apply_service(form, join):
            member = joined["member"]
            messages.success(
                request,
                _(
                    "%(phone)s joins network %(form)s with short number %(short)d at the standard "
                    "tariff; it is in the activation queue."
                )
                % {
                    "phone": member.masked_phone,
                    "form": member.registration.form_number,
                    "short": member.short_number,
                },
            )
            return redirect("bundle_member_join", org_slug=organization.slug)
    return render(
        request, "promotions/member_join.html", {"form": form}, status=400 if form.errors else 200
    )


@org_page(Perm.MANAGE_BUNDLES)
def tiers(request, organization):
    current = selectors.bundle_settings_of(organization)
    is_settings = request.POST.get("form") == "settings"
    tier_form = TierForm(request.POST if request.method == "POST" and not is_settings else None)
    settings_form = BundleSettingsForm(
        request.POST if is_settings else None,
        initial={
            "group_office_email": current.group_office_email,
            "report_time": current.report_time,
        },
    )
    if request.method == "POST":
        form, call = (
            (
                settings_form,
                lambda: services.bundle_settings_save(
                    organization=organization, **settings_form.cleaned_data
                ),
            )
            if is_settings
            else (
                tier_form,
                lambda: services.tier_save(
                    organization=organization,
                    tier=_tier_param(request, organization),
                    **tier_form.cleaned_data,
                ),
            )
        )
        if form.is_valid() and apply_service(form, call):
            messages.success(request, _("Saved."))
            return redirect("bundle_tiers", org_slug=organization.slug)
    return render(
        request,
        "promotions/tiers.html",
        {
            "tiers": selectors.tiers_of(organization),
            "tier_form": tier_form,
            "settings_form": settings_form,
        },
        status=400 if tier_form.errors or settings_form.errors else 200,
    )


def _tier_param(request, organization):
    tier_id = request.POST.get("tier_id", "")
    if not tier_id.isdigit():
        return None
    return get_for_org_or_404(BundleTier, organization, pk=int(tier_id))


def _report_day(request):
    """?day=, else today; a day that is no date is a 400 saying so (not today's report)."""
    return query_date(request, "day") or timezone.localdate()


@org_page(Perm.VIEW_BUNDLE_REPORT)
def daily_report(request, organization):
    day = _report_day(request)
    start, end = selectors.report_window_of(organization, day)
    return render(
        request,
        "promotions/daily_report.html",
        {
            "day": day,
            "start": start,
            "end": end,
            "members": selectors.not_added(organization, day),
            "settings": selectors.bundle_settings_of(organization),
        },
    )


@org_page(Perm.VIEW_BUNDLE_REPORT)
def daily_report_xlsx(request, organization):
    day = _report_day(request)
    return FileResponse(
        io.BytesIO(report_xlsx.report_xlsx(organization, day)),
        as_attachment=True,
        filename=report_xlsx.report_filename(day),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
