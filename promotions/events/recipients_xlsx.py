"""Telecom Day's gift recipients for customer service (DOMAIN.md §4 "recipients archived to
customer service") as an XLSX workbook, through campaigns.spreadsheet_safety.

Masked where the law wants it: a resident ID number is sensitive personal information
(PIPL art. 28), so only its masked form 110105********1234 appears — the number itself is
never stored. The mobile is whole: customer service calls the recipients back (the
revisit), which is what the guest gave it for; the file goes to managers only."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from campaigns.spreadsheet_safety import xlsx_append

from .selectors import telecom_gifts as selectors


def columns():
    return [
        _("Time"),
        _("Gift"),
        _("Reason"),
        _("Customer"),
        _("Mobile number"),
        _("ID number (masked)"),
        _("Desk"),
        _("Staff member"),
        _("Returned"),
    ]


def recipients_xlsx(organization, event):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Gift recipients")[:31]
    xlsx_append(sheet, columns())
    zone = organization.zoneinfo
    for row in selectors.gift_recipients(organization, event):
        xlsx_append(
            sheet,
            [
                timezone.localtime(row["at"], zone).strftime("%Y-%m-%d %H:%M"),
                row["gift"],
                str(row["reason"]),
                row["name"],
                row["mobile"],
                row["id_masked"],
                row["desk"],
                row["staff"],
                _("yes") if row["returned"] else "",
            ],
        )
    for column, width in zip("ABCDEFGHI", (17, 18, 18, 12, 14, 20, 12, 12, 8), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def recipients_filename(event):
    return f"gift-recipients-{event.date.isoformat()}.xlsx"
