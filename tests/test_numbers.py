"""Exact decimal parsing of numbers as officers write them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.model.numbers import NumberFormatError, format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("92.3", "92.3"),
        ("1,234.5", "1234.5"),
        ("12,345", "12345"),
        ("９２．３", "92.3"),
        ("９２．３％", "92.3"),
        ("１，２３４", "1234"),
        (" 88 ", "88"),
        ("-3.5", "-3.5"),
        ("1億2,000萬", "120000000"),
        ("1.2億", "120000000"),
        ("3萬5千", "35000"),
        ("一百零五", "105"),
        ("兩千三百", "2300"),
        ("十五", "15"),
        ("百分之八十五", "85"),
        ("百分之八十五點三", "85.3"),
        ("九成二", "92"),
        ("九成", "90"),
        ("負五", "-5"),
    ],
)
def test_parse(text, expected):
    assert parse_decimal(text) == D(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,2", "12,34.5", "1..2", "NaN", "inf", "9成x"])
def test_rejects(text):
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


def test_floats_are_read_as_written_not_as_binary():
    assert parse_decimal(92.3) == D("92.3")
    assert parse_decimal(0.1) == D("0.1")


def test_bool_is_not_a_number():
    with pytest.raises(NumberFormatError):
        parse_decimal(True)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12))
def test_round_trip(value):
    assert parse_decimal(format_decimal(value)) == value


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_thousands(value):
    assert parse_decimal(f"{value:,}") == value
