"""Guests (leads): registering one at a desk (mobile first), importing a guest list,
checking in at the door, the designer's customer form."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import money, tabular
from campaigns.sms.rules import is_mainland_mobile, normalize_phone
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import CustomerProfile, Guest, LeadChannel

MAX_IMPORT_ROWS = 20_000
WALK_IN_CHANNEL = "自然到访"

IMPORT_COLUMNS = {
    "mobile": tabular.Column(
        gettext_lazy("mobile"),
        True,
        ("手机", "手机号", "手机号码", "电话", "联系电话", "mobile", "phone"),
    ),
    "name": tabular.Column(gettext_lazy("name"), False, ("姓名", "客户姓名", "name")),
    "community": tabular.Column(
        gettext_lazy("residential community"),
        False,
        ("小区", "所在小区", "楼盘", "community"),
    ),
    "channel": tabular.Column(
        gettext_lazy("channel"), False, ("渠道", "来源", "来源渠道", "channel", "source")
    ),
    "notes": tabular.Column(gettext_lazy("notes"), False, ("备注", "notes", "note")),
}


def clean_mobile(raw):
    """The mobile as 11 digits, or a ValidationError on "mobile"."""
    mobile = normalize_phone(raw)
    if not is_mainland_mobile(mobile):
        raise ValidationError(
            {
                "mobile": _("%(value)s is not a mainland mobile number (11 digits, 1xx…).")
                % {"value": raw or "—"}
            }
        )
    return mobile


def guest_register(
    *,
    organization,
    event,
    mobile,
    name="",
    community="",
    channel=None,
    invited_by=None,
    notes="",
    actor=None,
):
    """One guest per mobile per event: registering a mobile again finds the first entry
    (returned with created=False, and nothing of it changed)."""
    mobile = clean_mobile(mobile)
    check_same_organization(organization, event=event, channel=channel)
    with tenant_context(organization):
        found = Guest.objects.for_org(organization).filter(event=event, mobile=mobile).first()
        if found is not None:
            return found, False
        guest = Guest(
            organization=organization,
            event=event,
            mobile=mobile,
            name=(name or "").strip(),
            community=(community or "").strip(),
            channel=channel,
            invited_by=invited_by,
            notes=(notes or "").strip(),
            created_by=actor,
        )
        guest.full_clean(
            exclude=["event", "channel", "invited_by", "code"], validate_constraints=False
        )
        try:
            with transaction.atomic():
                guest.save()
        except IntegrityError:  # the same mobile registered at the same moment at another desk
            found = Guest.objects.for_org(organization).filter(event=event, mobile=mobile).first()
            if found is None:
                raise
            return found, False
    return guest, True


def guest_update(*, organization, guest, data):
    check_same_organization(organization, guest=guest, channel=data.get("channel"))
    with tenant_context(organization):
        locked = Guest.objects.for_org(organization).select_for_update().get(pk=guest.pk)
        for key in ("name", "community", "channel", "invited_by", "notes"):
            if key in data:
                value = data[key]
                setattr(locked, key, value.strip() if isinstance(value, str) else value)
        locked.full_clean(
            exclude=["event", "channel", "invited_by", "code"], validate_constraints=False
        )
        locked.save()
    return locked


@dataclass
class CheckIn:
    guest: Guest
    first_at: object = None  # when the guest had already checked in: that first time
    registered: bool = False  # a walk-in registered at the door

    @property
    def already(self):
        return self.first_at is not None


def guest_check_in(*, organization, event, mobile="", code="", actor=None, walk_in=False):
    """Check a guest in by mobile or invitation code. Once: a conditional update takes
    the check-in, so two desks scanning the same code record one. A second check-in is
    not an error at the door: it answers with the first time. `walk_in`: an unknown mobile
    is registered on the spot (channel: walk-in) and checked in."""
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        # With its channel: the desk's answer names it.
        guests = Guest.objects.for_org(organization).filter(event=event).select_related("channel")
        registered = False
        if code:
            guest = guests.filter(code=code.strip()).first()
            if guest is None:
                raise ValidationError(
                    {"code": _("No guest of this event has this invitation code.")}
                )
        else:
            number = clean_mobile(mobile)
            guest = guests.filter(mobile=number).first()
            if guest is None and not walk_in:
                raise ValidationError(
                    {
                        "mobile": _(
                            "No guest with this mobile is registered; register them as a walk-in."
                        )
                    }
                )
            if guest is None:
                channel = (
                    LeadChannel.objects.for_org(organization).filter(name=WALK_IN_CHANNEL).first()
                )
                guest, registered = guest_register(
                    organization=organization,
                    event=event,
                    mobile=number,
                    channel=channel,
                    actor=actor,
                )
        now = timezone.now()
        taken = (
            Guest.objects.for_org(organization)
            .filter(pk=guest.pk, checked_in_at__isnull=True)
            .update(checked_in_at=now, checked_in_by=actor)
        )
        if not taken:  # another desk was first: read when
            guest.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
            return CheckIn(guest, first_at=guest.checked_in_at)
        guest.checked_in_at, guest.checked_in_by = now, actor
    return CheckIn(guest, registered=registered)


def profile_save(*, organization, guest, data):
    """The designer's customer information form for a guest (one per guest)."""
    check_same_organization(organization, guest=guest)
    money.check_amounts(
        organization.amount_ceilings, {"budget": (money.Kind.CONTRACT, data.get("budget"))}
    )
    with tenant_context(organization):
        profile = CustomerProfile.objects.for_org(organization).filter(guest=guest).first()
        profile = profile or CustomerProfile(organization=organization, guest=guest)
        for key in (
            "house_type",
            "area",
            "budget",
            "style",
            "preferred_start",
            "designer",
            "notes",
        ):
            if key in data:
                setattr(profile, key, data[key])
        profile.full_clean(exclude=["guest"], validate_unique=False)
        profile.save()
    return profile


# --- the guest list import ---------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do). Bad rows are left out and listed by
    line; the valid rows are committed."""

    new: list = field(default_factory=list)  # (line, mobile)
    found: list = field(default_factory=list)  # (line, mobile): already registered
    errors: list = field(default_factory=list)  # (line, message)
    committed: bool = False


IMPORT_WRONG_TYPE = gettext_lazy("Upload the guest list as a CSV or Excel (.xlsx) file.")


def guests_import(
    *, organization, event, data, name, actor=None, commit=False, default_channel=None
):
    """Read a guest list (`data`: the file's bytes) and sort its rows; with `commit`, add
    the new guests. Run by the import job (services/guest_imports.py), not by requests.
    `default_channel`: the channel of rows that name none (Telecom Day's customers to
    invite come in as "SMS invitation")."""
    check_same_organization(organization, event=event, channel=default_channel)
    table = tabular.read_table(
        data,
        name,
        IMPORT_COLUMNS,
        max_rows=MAX_IMPORT_ROWS,
        wrong_type_message=IMPORT_WRONG_TYPE,
    )
    report = ImportReport()
    with tenant_context(organization):
        channels = {c.name: c for c in LeadChannel.objects.for_org(organization)}
        existing = set(
            Guest.objects.for_org(organization).filter(event=event).values_list("mobile", flat=True)
        )
        seen, to_create = {}, []
        for line, cells in table.rows:
            mobile = normalize_phone(cells.get("mobile"))
            problems = []
            if not is_mainland_mobile(mobile):
                problems.append(
                    _("%(value)s is not a mainland mobile number.")
                    % {"value": cells.get("mobile") or "—"}
                )
            channel_name = cells.get("channel", "")
            if channel_name and channel_name not in channels:
                problems.append(
                    _("Unknown channel %(value)s; use one of the organization's channels.")
                    % {"value": channel_name}
                )
            for key, limit in (("name", 60), ("community", 100), ("notes", 500)):
                if len(cells.get(key, "")) > limit:
                    problems.append(
                        _("%(field)s is longer than %(limit)d characters.")
                        % {"field": IMPORT_COLUMNS[key].label, "limit": limit}
                    )
            if mobile in seen and not problems:
                problems.append(
                    _("This mobile is already on line %(line)d.") % {"line": seen[mobile]}
                )
            if problems:
                report.errors.append((line, " ".join(problems)))
                continue
            seen[mobile] = line
            if mobile in existing:
                report.found.append((line, mobile))
                continue
            report.new.append((line, mobile))
            to_create.append(
                Guest(
                    organization=organization,
                    event=event,
                    mobile=mobile,
                    name=cells.get("name", ""),
                    community=cells.get("community", ""),
                    channel=channels.get(channel_name) or default_channel,
                    notes=cells.get("notes", ""),
                    created_by=actor,
                )
            )
        if commit:
            # ignore_conflicts: a desk may register one of these mobiles meanwhile.
            Guest.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
            report.committed = True
    return report
