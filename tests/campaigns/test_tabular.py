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
