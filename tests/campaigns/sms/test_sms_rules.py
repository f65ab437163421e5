"""The pure SMS rules: replies read tolerantly, parts counted, numbers checked and masked."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaigns.sms.rules import (
    Reply,
    count_parts,
    is_mainland_mobile,
    mask_phone,
    normalize_phone,
    parse_reply,
)


@pytest.mark.parametrize(
    "text", ["是", "Y", "y", "1", "确认", "同意", " 是。", "是！", "Ｙ", "１", "yes", "OK", "确定"]
)
def test_yes(text):
    assert parse_reply(text) == Reply.YES


@pytest.mark.parametrize("text", ["否", "N", "n", "0", "不", "拒绝", "不同意", "no", "否!", "０"])
def test_no(text):
    assert parse_reply(text) == Reply.NO


@pytest.mark.parametrize(
    "text", ["", "   ", "是否", "我考虑一下", "2", "yes please", "好的吧", None]
)
def test_anything_else_is_other(text):
    assert parse_reply(text) == Reply.OTHER


@given(st.text(max_size=20))
def test_parse_reply_never_fails_and_only_answers_three_ways(text):
    assert parse_reply(text) in set(Reply)


def test_parts_follow_the_70_then_67_rule():
    assert [count_parts("字" * n) for n in (0, 1, 70, 71, 134, 135, 201, 202)] == [
        1,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
    ]


@given(st.integers(min_value=71, max_value=2000))
def test_long_messages_need_ceil_n_over_67_parts(n):
    parts = count_parts("短" * n)
    assert (parts - 1) * 67 < n <= parts * 67


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("13812341234", "13812341234"),
        ("138 1234 1234", "13812341234"),
        ("+86 138-1234-1234", "13812341234"),
        ("008613812341234", "13812341234"),
        ("８６13812341234", "13812341234"),
    ],
)
def test_numbers_are_normalized(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "number,ok",
    [
        ("13812341234", True),
        ("19912341234", True),
        ("16612341234", True),
        ("14512341234", True),
        ("17012341234", True),
        ("1381234123", False),
        ("138123412345", False),
        ("12012341234", False),
        ("15412341234", False),
        ("19412341234", False),
        ("23812341234", False),
        ("1381234123a", False),
        ("", False),
    ],
)
def test_mainland_prefixes(number, ok):
    assert is_mainland_mobile(number) is ok


def test_masking():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("") == ""
