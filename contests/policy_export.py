"""Reading the policy system's export (CSV or XLSX, Chinese column headers).

This module turns a file into rows of plain values and refuses whole files that cannot
be imported (too large, too many rows, empty, unreadable, wrong type, missing columns).
It knows nothing of the database: the entry rules (scope, period, premium, card policy
number) and the upsert are applied by contests.services.imports.

Line numbers are those the user sees in Excel: the first row of the file is line 1.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Limits of one file. A larger export is split by the user: nothing is half-imported.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # an XLSX is a zip: refuse zip bombs unopened
HEADER_SEARCH_ROWS = 10  # exports sometimes carry a title row or two above the headers

# The one table of accepted column headers, compared after normalizing (no spaces,
# underscores, hyphens or dots, lower case, a trailing unit like "(元)" dropped). When a
# file has several headers for one field, the earlier alias wins: the contest counts
# periodic premium, so 期交保费 beats a general 保费.
COLUMNS = {
    "agent_code": (
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
    "number": (
        gettext_lazy("policy number"),
        True,
        ("保单号", "保单号码", "保险单号", "policy number", "policy no", "policy"),
    ),
    "premium": (
        gettext_lazy("premium"),
        True,
        ("期交保费", "保费", "新单期交保费", "首期保费", "premium"),
    ),
    "issued_on": (
        gettext_lazy("issue date"),
        True,
        ("承保日期", "签单日期", "出单日期", "issue date", "issued on", "date"),
    ),
    "product": (
        gettext_lazy("product"),
        False,
        ("险种", "险种名称", "产品", "产品名称", "product"),
    ),
    "card_number": (
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

_UNIT = re.compile(r"[（(][^（()）]*[）)]$")
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
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if data.startswith(b"PK\x03\x04"):
        records = _xlsx_records(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _(
                "This is an old Excel file (.xls). Open it in Excel, save it as .xlsx or CSV, "
                "and upload that."
            ),
            code="xls",
        )
    elif (name or "").lower().rsplit(".", 1)[-1] in ("csv", "txt", "tsv"):
        records = _csv_records(data)
    else:
        raise ValidationError(_wrong_type(), code="wrong_type")
    try:
        return _sheet(records)
    finally:
        records.close()  # an XLSX reader holds the workbook open until closed


def refuse_oversized(size):
    """Checked before the upload is read into memory, and again on the bytes."""
    if size > MAX_BYTES:
        raise ValidationError(
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB per file. Split the export "
                "into smaller files and import them one after the other."
            )
            % {"size": _mb(size), "limit": _mb(MAX_BYTES)},
            code="too_large",
        )


def _sheet(records):
    """(line, cells) records → Sheet: find the header row, then read the data rows."""
    records = iter(records)
    candidates = []
    header = None
    for _line, cells in records:
        if not _blank(cells):
            columns = _columns_of(cells)
            candidates.append(columns)
            if all(f in columns for f, (_l, required, _a) in COLUMNS.items() if required):
                header = columns
                break
            if len(candidates) >= HEADER_SEARCH_ROWS:
                break
    if not candidates:
        raise ValidationError(_("The file is empty."), code="empty")
    if header is None:
        best = max(candidates, key=len)
        missing = [
            COLUMNS[f][2][0]
            for f, (_l, required, _a) in COLUMNS.items()
            if required and f not in best
        ]
        raise ValidationError(
            _(
                "The file lacks the columns %(missing)s. The first row must name the columns, "
                "e.g. %(example)s."
            )
            % {
                "missing": "、".join(missing),
                "example": "、".join(aliases[0] for _l, _r, aliases in COLUMNS.values()),
            },
            code="missing_columns",
        )
    rows, seen = [], {}
    indexes = {name: column[0] for name, column in header.items()}
    for line, cells in records:
        if _blank(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                _(
                    "The file has more than %(limit)s rows of policies; the limit is %(limit)s "
                    "per file. Split the export into smaller files and import them one after "
                    "the other. Nothing was imported."
                )
                % {"limit": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
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
    if not rows:
        raise ValidationError(
            _("The file has column names but no rows of policies."), code="no_rows"
        )
    return Sheet(columns={f: header[f][1] for f in FIELDS if f in header}, rows=rows)


def _columns_of(cells):
    """{field: (column index, header as written)} for the recognized headers."""
    found = {}
    for index, cell in enumerate(cells):
        header = _text(cell)
        match = _ALIASES.get(_normalized(header))
        if match is None:
            continue
        name, rank = match
        if name not in found or rank < found[name][2]:
            found[name] = (index, header, rank)
    return found


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
            ) % {"value": _text(raw_date)}
    return Row(
        line,
        _text(cell("agent_code")),
        _text(cell("number")),
        _amount(cell("premium")),
        issued_on,
        _text(cell("product")),
        _text(cell("card_number")),
        errors,
    )


# -- file formats --------------------------------------------------------------------------


def _csv_records(data):
    text = _decoded(data)
    if "\x00" in text:
        raise ValidationError(_wrong_type(), code="wrong_type")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    # A quoted cell may hold a line break; Excel still shows that record as one row.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ValidationError(
            _("The file could not be read as CSV (%(error)s).") % {"error": exc}, code="unreadable"
        ) from exc


def _decoded(data):
    """Excel writes CSV as UTF-8 (with a BOM), as GBK on Chinese Windows, or as UTF-16
    for "Unicode text"; GB18030 is the superset of GBK."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _(
            "The file's text could not be read (neither UTF-8 nor GBK). Save it from Excel as "
            "CSV or as .xlsx and upload that."
        ),
        code="unreadable",
    )


def _xlsx_records(data):
    from openpyxl import load_workbook

    unreadable = ValidationError(
        _(
            "The file could not be read as an Excel workbook (.xlsx). Save it from Excel again "
            "or export it as CSV."
        ),
        code="unreadable",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise unreadable from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _(
                "The workbook unpacks to more than %(limit)s MB. Split the export into smaller "
                "files and import them one after the other."
            )
            % {"limit": _mb(MAX_UNPACKED_BYTES)},
            code="too_large",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise unreadable from exc
    return _sheet_rows(workbook, unreadable)


def _sheet_rows(workbook, unreadable):
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store wrong dimensions; read what is there
        # read-only mode yields an empty row for each gap, so the count is Excel's row
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while streaming
        raise unreadable from exc
    finally:
        workbook.close()


def _wrong_type():
    return _("Upload the policy system's export as a CSV or Excel (.xlsx) file.")


# -- cells ---------------------------------------------------------------------------------


def _text(value):
    if type(value) is str:  # noqa: E721 - the common case (every CSV cell), checked first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code or number Excel stored as a number
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


def _empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _blank(cells):
    return all(_empty(c) for c in cells)


def _normalized(header):
    header = re.sub(r"[\s_\-.*:：]", "", header.lower())
    return _UNIT.sub("", header)


# normalized header → (field, priority: lower wins)
_ALIASES = {
    _normalized(alias): (name, rank)
    for name, (_label, _req, aliases) in COLUMNS.items()
    for rank, alias in enumerate(aliases)
}


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
    text = _text(value)
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
    text = _text(value)
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


def _mb(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")
