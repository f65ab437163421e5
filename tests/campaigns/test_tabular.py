"""The kernel's reading of uploaded tables refuses what would exhaust a worker: a
workbook that unpacks to more than MAX_UNPACKED_BYTES is refused before it is opened (a
zip bomb of a few hundred KB costs no memory), and a row wider than MAX_CELLS_PER_ROW
is refused while streaming."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from campaigns import tabular

COLUMNS = {
    "mobile": tabular.Column("Mobile", True, ("手机", "mobile")),
    "name": tabular.Column("Name", False, ("姓名", "name")),
}


def _read(data, name="guests.xlsx"):
    return tabular.read_table(
        data, name, COLUMNS, max_rows=100_000, wrong_type_message="Upload a CSV or XLSX."
    )


def _xlsx(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _bomb(unpacked_mb):
    """A real workbook plus one member of `unpacked_mb` MB of spaces: a few hundred KB."""
    data = io.BytesIO(_xlsx([["手机", "姓名"], ["13900000001", "王"]]))
    chunk = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/padding.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(unpacked_mb):
            member.write(chunk)
    return data.getvalue()


def test_a_normal_workbook_reads():
    table = _read(_xlsx([["手机", "姓名"], ["13900000001", "王"], ["13900000002", "李"]]))
    assert [fields["mobile"] for _line, fields in table.rows] == ["13900000001", "13900000002"]


def test_a_workbook_that_unpacks_past_the_limit_is_refused_unopened():
    limit_mb = tabular.MAX_UNPACKED_BYTES // (1024 * 1024)
    data = _bomb(limit_mb + 20)
    assert len(data) < 2 * 1024 * 1024  # small on the wire
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            _read(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "too_large"
    assert f"{limit_mb} MB" in refused.value.messages[0]
    # Refused from the zip's directory: nothing near the unpacked size was allocated.
    assert peak < 10 * 1024 * 1024, peak


def test_a_workbook_just_under_the_limit_is_read():
    data = _bomb(tabular.MAX_UNPACKED_BYTES // (1024 * 1024) - 5)
    assert len(_read(data).rows) == 1


def test_a_row_wider_than_the_limit_is_refused_with_its_line():
    wide = ["x"] * (tabular.MAX_CELLS_PER_ROW + 1)
    data = _xlsx([["手机", "姓名"], ["13900000001", "王"], wide])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _read(data)
    assert refused.value.code == "too_wide"
    assert refused.value.messages[0].startswith(
        f"Row 3 has more than {tabular.MAX_CELLS_PER_ROW} cells"
    )


# -- the request's share of an import: the refusals that cost nothing ----------------------

WORDING = tabular.Wording("Upload a CSV or Excel (.xlsx) file.")


def _check(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data)
    tabular.check_upload(upload, WORDING)
    assert upload.tell() == 0  # left at the start, for the storage that keeps it


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "g.csv", "The file is empty."),
        (b"%PDF-1.7 ...", "g.pdf", "Upload a CSV or Excel (.xlsx) file."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "g.xls", "This is an old Excel"),
        (b"PK\x03\x04 no zip at all", "g.xlsx", "could not be read as an Excel workbook"),
    ],
)
def test_the_request_refuses_what_costs_nothing_to_see(data, name, message):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _check(data, name)
    assert message in refused.value.messages[0]


def test_the_request_refuses_a_workbook_unpacking_past_the_limit_from_its_directory():
    limit_mb = tabular.MAX_UNPACKED_BYTES // (1024 * 1024)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _check(_bomb(limit_mb + 20), "bomb.xlsx")
    assert refused.value.messages == [
        f"The workbook unpacks to more than {limit_mb} MB. Split it into smaller files."
    ]


def test_the_request_leaves_the_rows_to_the_job():
    """A file whose problems are in its rows (no mobile column, bad rows) passes: the job
    reads them."""
    _check("姓名\n王\n".encode(), "g.csv")
    _check(_xlsx([["姓名"], ["王"]]), "g.xlsx")
    _check(b"\n\n\n\n\n\n\n\n\n\n\xe6\x89\x8b\xe6\x9c\xba\n139\n", "g.csv")  # blank lines first
