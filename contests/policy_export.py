"""Reading the policy system's export (CSV or XLSX, Chinese column headers).

The file is read by the kernel's reader of uploaded tables (campaigns.tabular: encodings,
.xlsx, the header row, blank rows, the limits and the whole-file refusals, here worded for
the export). This module holds what is the export's own: its columns and their accepted
headers, the cells as policies (issue dates, amounts), a policy number repeated in the
file. It knows nothing of the database: the entry rules (scope, period, premium, card
policy number) and the upsert are applied by contests.services.imports.

Line numbers are those the user sees in Excel: the first row of the file is line 1.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import tabular
from campaigns.tabular import Column, cell_text

# Limits of one file. A larger export is split by the user: nothing is half-imported.
MAX_BYTES = tabular.MAX_BYTES
MAX_ROWS = 100_000

# The one table of accepted column headers, compared after normalizing (no spaces,
# underscores, hyphens or dots, lower case, a trailing unit like "(元)" dropped). When a
# file has several headers for one field, the earlier alias wins: the contest counts
# periodic premium, so 期交保费 beats a general 保费.
COLUMNS = {
    "agent_code": Column(
        gettext_lazy("agent code"),
        True,
        (
            "业务员代码",
            "业务员工号",
            "业务员编号",
            "业务员编码",
            "代理人代码",
            "代理人工号",
            "代理人编码",
            "营销员代码",
            "营销员工号",
            "人员代码",
            "人员工号",
            "工号",
            "agent code",
            "agent",
        ),
    ),
    "number": Column(
        gettext_lazy("policy number"),
        True,
        ("保单号", "保单号码", "保险单号", "policy number", "policy no", "policy"),
    ),
    "premium": Column(
        gettext_lazy("premium"),
        True,
        ("期交保费", "保费", "新单期交保费", "首期保费", "premium"),
    ),
    "issued_on": Column(
        gettext_lazy("issue date"),
        True,
        ("承保日期", "签单日期", "出单日期", "issue date", "issued on", "date"),
    ),
    "product": Column(
        gettext_lazy("product"),
        False,
        ("险种", "险种名称", "产品", "产品名称", "product"),
    ),
    "card_number": Column(
        gettext_lazy("card policy number"),
        True,
        (
            "卡单号",
            "卡式保单号",
            "卡单保单号",
            "卡单号码",
            "附加卡单号",
            "card number",
            "card policy number",
            "card no",
            "card",
        ),
    ),
}
FIELDS = tuple(COLUMNS)

WORDING = tabular.Wording(
    wrong_type=gettext_lazy("Upload the policy system's export as a CSV or Excel (.xlsx) file."),
    too_large=gettext_lazy(
        "The file is %(size)s MB; the limit is %(limit)s MB per file. Split the export "
        "into smaller files and import them one after the other."
    ),
    unpacked_too_large=gettext_lazy(
        "The workbook unpacks to more than %(limit)s MB. Split the export into smaller "
        "files and import them one after the other."
    ),
    too_many_rows=gettext_lazy(
        "The file has more than %(limit)s rows of policies; the limit is %(limit)s "
        "per file. Split the export into smaller files and import them one after "
        "the other. Nothing was imported."
    ),
    no_rows=gettext_lazy("The file has column names but no rows of policies."),
)

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"[ T]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


@dataclass(slots=True)  # not frozen: a frozen dataclass is ~5x slower to make, per row
class Row:
    """One data row: text as found (trimmed), the issue date parsed, and the reasons
    found while reading it (field → message), e.g. a date that is not a date."""

    line: int
    agent_code: str
    number: str
    premium: str
    issued_on: date | None
    product: str
    card_number: str
    errors: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    columns: dict  # field → the header it was read from
    rows: list


def read_export(data, name):
    """Read an uploaded export (bytes) into a Sheet, or raise ValidationError saying why
    the whole file is refused."""
    refuse_oversized(len(data))
    records = tabular.read_records(data, name, WORDING)
    try:
        header = tabular.find_header(records, COLUMNS)
        indexes = {f: index for f, (index, _header) in header.items()}
        rows, seen = [], {}
        for line, cells in tabular.data_rows(records, max_rows=MAX_ROWS, wording=WORDING):
            row = _row(line, cells, indexes)
            if row.number:
                if row.number in seen:
                    row.errors.setdefault(
                        "number",
                        _("Policy number %(number)s is already on line %(line)d of this file.")
                        % {"number": row.number, "line": seen[row.number]},
                    )
                else:
                    seen[row.number] = line
            rows.append(row)
    finally:
        records.close()  # an XLSX reader holds the workbook open until closed
    return Sheet(columns={f: header[f][1] for f in FIELDS if f in header}, rows=rows)


def check_upload(upload):
    """The refusals that cost next to nothing, made in the request that takes the upload
    (size, type, a workbook's unpacked size from its zip directory); the rows are read by
    the preview job."""
    tabular.check_upload(upload, WORDING, MAX_BYTES)


def refuse_oversized(size):
    """Checked before the upload is read into memory, and again on the bytes."""
    tabular.refuse_oversized(size, MAX_BYTES, WORDING.too_large)


def _row(line, cells, indexes):
    """`indexes`: field → column index, for the fields the header has."""
    width = len(cells)

    def cell(name):
        index = indexes.get(name)
        return cells[index] if index is not None and index < width else None

    errors = {}
    issued_on = None
    raw_date = cell("issued_on")
    if not _empty(raw_date):
        issued_on = _date(raw_date)
        if issued_on is None:
            errors["issued_on"] = _(
                "%(value)s is not a date; write it like 2026-01-05, 2026/1/5 or 20260105."
            ) % {"value": cell_text(raw_date)}
    return Row(
        line,
        cell_text(cell("agent_code")),
        cell_text(cell("number")),
        _amount(cell("premium")),
        issued_on,
        cell_text(cell("product")),
        cell_text(cell("card_number")),
        errors,
    )


# -- cells ---------------------------------------------------------------------------------


def _empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _amount(value):
    """The premium as text for the entry rules: thousands separators, currency signs and
    float noise from Excel formulas (3300.0000000000005) removed."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        amount = Decimal(repr(value))
        rounded = amount.quantize(Decimal("0.01")) if amount.is_finite() else amount
        return str(rounded if abs(amount - rounded) < Decimal("0.000001") else amount)
    text = cell_text(value)
    if text.isdigit():  # the common case: nothing to remove
        return text
    for sign in (",", "，", "¥", "￥", "元", " ", "\u3000"):
        text = text.replace(sign, "")
    return text


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 29991231:
            return _date(str(int(value)))
        if 1 <= value < 2958466:  # an Excel serial day number (a date cell left unformatted)
            return (_EXCEL_EPOCH + timedelta(days=int(value))).date()
        return None
    text = cell_text(value)
    if len(text) == 10 and text[4] == text[7] == "-":  # the common 2026-01-05, parsed fast
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    text = _TIME.sub("", text)
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
