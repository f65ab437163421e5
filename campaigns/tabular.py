"""Reading an uploaded table (CSV in UTF-8, GBK or UTF-16, or an Excel .xlsx) into rows
of cells keyed by field, with the line numbers the user sees in Excel (the first row of
the file is line 1).

A feature describes its columns (field → label, required, accepted headers); this module
finds the header row (exports often carry a title row or two above it), refuses whole
files that cannot be imported (too large, too many rows, empty, unreadable, wrong type,
missing columns) with a message in the user's language, and knows nothing of what the
cells mean.

`read_table` gives each cell as text. A feature that reads the cells as stored (a date or
an amount from an Excel cell) takes the same steps itself: `refuse_oversized`,
`read_records`, `find_header`, then `data_rows`; its `Wording` may name its file and its
rows in the refusals.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 20 * 1024 * 1024
# An XLSX is a zip: refuse zip bombs unopened. A 100,000-row, 8-column policy export
# unpacks to ~45 MB; a file above this costs a worker seconds and hundreds of MB to read.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Import files have a few columns; a row of thousands of cells (a sheet formatted to
# column XFD) is refused while streaming, before it is kept.
MAX_CELLS_PER_ROW = 500
HEADER_SEARCH_ROWS = 10

_UNIT = re.compile(r"[（(][^（()）]*[）)]$")


@dataclass(frozen=True)
class Column:
    label: str
    required: bool
    headers: tuple  # accepted headers; the earlier wins when a file has several


@dataclass(frozen=True)
class Table:
    columns: dict  # field → the header it was read from
    rows: list  # (line, {field: cell text})


@dataclass(frozen=True)
class Wording:
    """What the refusals of a whole file say (with their placeholders), where a feature
    may say more than "the file" and "rows"."""

    wrong_type: str  # which files to upload
    too_large: str = gettext_lazy(
        "The file is %(size)s MB; the limit is %(limit)s MB per file. Split it into "
        "smaller files and import them one after the other."
    )
    unpacked_too_large: str = gettext_lazy(
        "The workbook unpacks to more than %(limit)s MB. Split it into smaller files."
    )
    too_many_rows: str = gettext_lazy(
        "The file has more than %(limit)s rows; the limit is %(limit)s per file. "
        "Split it into smaller files. Nothing was imported."
    )
    no_rows: str = gettext_lazy("The file has column names but no rows.")
    too_wide: str = gettext_lazy(
        "Row %(line)s has more than %(limit)s cells; an import file has a few columns. "
        "Copy only the data into a new sheet and upload that."
    )


def read_table(data, name, columns, *, max_rows, wrong_type_message):
    """`columns`: field → Column. Returns a Table, or raises ValidationError saying why the
    whole file is refused."""
    wording = Wording(wrong_type_message)
    refuse_oversized(len(data))
    records = read_records(data, name, wording)
    try:
        header = find_header(records, columns)
        indexes = {field: index for field, (index, _header) in header.items()}
        rows = []
        for line, cells in data_rows(records, max_rows=max_rows, wording=wording):
            width = len(cells)
            rows.append(
                (line, {f: cell_text(cells[i]) if i < width else "" for f, i in indexes.items()})
            )
    finally:
        records.close()
    return Table(columns={f: header[f][1] for f in columns if f in header}, rows=rows)


def read_records(data, name, wording):
    """The file's rows as (line, cells as stored): text from a CSV, text, numbers and
    datetimes from an XLSX. Refuses a file that is empty, of another type or unreadable
    (the size is `refuse_oversized`'s). A generator: close it when done (an XLSX reader
    holds the workbook open until then)."""
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_records(data, wording)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _(
                "This is an old Excel file (.xls). Open it in Excel, save it as .xlsx or CSV, "
                "and upload that."
            ),
            code="xls",
        )
    if (name or "").lower().rsplit(".", 1)[-1] in ("csv", "txt", "tsv"):
        return _csv_records(data, wording.wrong_type)
    raise ValidationError(str(wording.wrong_type), code="wrong_type")


def check_upload(upload, wording, limit=None):
    """The refusals of a whole file that cost next to nothing, for the web request that
    takes the upload (the rows are read by a job): too large (`limit`, MAX_BYTES unless
    set), empty, an old .xls, neither CSV nor .xlsx, a damaged workbook or one unpacking
    past MAX_UNPACKED_BYTES (from the zip's directory, nothing unpacked). Reads the first
    bytes of `upload` (a Django UploadedFile) and, for a workbook, its zip directory."""
    refuse_oversized(upload.size, limit, wording.too_large)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.strip():
        if upload.size <= len(head):
            raise ValidationError(_("The file is empty."), code="empty")
        return  # blank lines first: the job reads on
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise ValidationError(str(_XLSX_UNREADABLE), code="unreadable") from exc
        finally:
            upload.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ValidationError(
                str(wording.unpacked_too_large) % {"limit": _mb(MAX_UNPACKED_BYTES)},
                code="too_large",
            )
        return
    read_records(head, upload.name, wording)  # the type's refusals (an .xls, another type)


def refuse_oversized(size, limit=None, message=None):
    """Checked before the upload is read into memory, and again on the bytes. `limit`:
    MAX_BYTES unless a feature sets its own; `message`: a Wording's too_large."""
    limit = MAX_BYTES if limit is None else limit
    if size > limit:
        raise ValidationError(
            str(message or Wording.too_large) % {"size": _mb(size), "limit": _mb(limit)},
            code="too_large",
        )


def cell_text(value):
    if type(value) is str:  # noqa: E721 - the common case (every CSV cell), checked first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number or code Excel stored as a number
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


def find_header(records, columns):
    """Reads `records` up to the header row: the first of the first ten non-blank rows
    that has every required column. Returns {field: (column index, header as written)};
    `records` then goes on with the rows below it."""
    aliases = {
        _normalized(header): (field, rank)
        for field, column in columns.items()
        for rank, header in enumerate(column.headers)
    }
    candidates = []
    for _line, cells in records:
        if _blank(cells):
            continue
        found = _columns_of(cells, aliases)
        candidates.append(found)
        if all(f in found for f, c in columns.items() if c.required):
            return {field: (index, header) for field, (index, header, _rank) in found.items()}
        if len(candidates) >= HEADER_SEARCH_ROWS:
            break
    if not candidates:
        raise ValidationError(_("The file is empty."), code="empty")
    best = max(candidates, key=len)
    missing = [c.headers[0] for f, c in columns.items() if c.required and f not in best]
    raise ValidationError(
        _(
            "The file lacks the columns %(missing)s. The first row must name the columns, "
            "e.g. %(example)s."
        )
        % {
            "missing": "、".join(missing),
            "example": "、".join(c.headers[0] for c in columns.values()),
        },
        code="missing_columns",
    )


def data_rows(records, *, max_rows, wording):
    """The non-blank (line, cells) of `records`, refusing the file when there are more than
    `max_rows` of them or none."""
    count = 0
    for line, cells in records:
        if _blank(cells):
            continue
        if count >= max_rows:
            raise ValidationError(
                str(wording.too_many_rows) % {"limit": f"{max_rows:,}"}, code="too_many_rows"
            )
        count += 1
        yield line, cells
    if not count:
        raise ValidationError(str(wording.no_rows), code="no_rows")


def _columns_of(cells, aliases):
    found = {}
    for index, cell in enumerate(cells):
        header = cell_text(cell)
        match = aliases.get(_normalized(header))
        if match is None:
            continue
        field, rank = match
        if field not in found or rank < found[field][2]:
            found[field] = (index, header, rank)
    return found


def _csv_records(data, wrong_type_message):
    text = _decoded(data)
    if "\x00" in text:
        raise ValidationError(str(wrong_type_message), code="wrong_type")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
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
    encodings = (
        ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    )
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


_XLSX_UNREADABLE = gettext_lazy(
    "The file could not be read as an Excel workbook (.xlsx). Save it from Excel again "
    "or export it as CSV."
)


def _xlsx_records(data, wording):
    from openpyxl import load_workbook

    unreadable = ValidationError(str(_XLSX_UNREADABLE), code="unreadable")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise unreadable from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            str(wording.unpacked_too_large) % {"limit": _mb(MAX_UNPACKED_BYTES)}, code="too_large"
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise unreadable from exc
    return _sheet_rows(workbook, unreadable, wording)


def _sheet_rows(workbook, unreadable, wording):
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(cells) > MAX_CELLS_PER_ROW:
                raise ValidationError(
                    str(wording.too_wide) % {"line": line, "limit": MAX_CELLS_PER_ROW},
                    code="too_wide",
                )
            yield line, cells
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while streaming
        raise unreadable from exc
    finally:
        workbook.close()


def _blank(cells):
    # a loop, not all(...) over a generator: this runs once per row of a large file
    for cell in cells:
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def _normalized(header):
    header = re.sub(r"[\s_\-.*:：]", "", header.lower())
    return _UNIT.sub("", header)


def _mb(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")
