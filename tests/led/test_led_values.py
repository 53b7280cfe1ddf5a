"""Pseudo-values, partial dates, validity periods, the holder identity."""

from __future__ import annotations

from datetime import date

import pytest

from vc_led.led import NOT_APPLICABLE, NOT_AVAILABLE, HolderIdentity, PartialDate, PseudoValue
from vc_led.led.holder import insz_checksum_ok, is_synthetic_insz, mask_insz, synthetic_insz
from vc_led.led.values import (
    NOT_APPLICABLE_CODE,
    NOT_AVAILABLE_CODE,
    DatePrecision,
    PseudoKind,
    ValidityPeriod,
    is_pseudo,
    led_text,
    parse_text,
    parse_validity_period,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Niet beschikbaar", NOT_AVAILABLE),
        ("NBS", NOT_AVAILABLE_CODE),
        ("Niet van toepassing", NOT_APPLICABLE),
        ("NVT", NOT_APPLICABLE_CODE),
        ("Niet\n      van toepassing", NOT_APPLICABLE),
        ("  Hoger\n  onderwijs ", "Hoger onderwijs"),
        ("niet beschikbaar", "niet beschikbaar"),
    ],
)
def test_parse_text_recognises_pseudo_values_exactly(raw: str, expected: object) -> None:
    assert parse_text(raw) == expected


def test_pseudo_values_keep_their_spelling_and_meaning() -> None:
    assert led_text(NOT_AVAILABLE_CODE) == "NBS"
    assert NOT_AVAILABLE_CODE != NOT_AVAILABLE
    assert NOT_AVAILABLE_CODE.kind is NOT_AVAILABLE.kind is PseudoKind.NOT_AVAILABLE
    assert is_pseudo(NOT_APPLICABLE_CODE, PseudoKind.NOT_APPLICABLE)
    assert not is_pseudo("Niet beschikbaar")
    with pytest.raises(ValueError, match="not a LED spelling"):
        PseudoValue(PseudoKind.NOT_AVAILABLE, "NVT")


@pytest.mark.parametrize(
    ("value", "precision", "iso"),
    [
        (PartialDate(2006), DatePrecision.YEAR, "2006"),
        (PartialDate(2006, 6), DatePrecision.MONTH, "2006-06"),
        (PartialDate(2006, 6, 30), DatePrecision.DAY, "2006-06-30"),
        (PartialDate(1800, 1, 1), DatePrecision.UNKNOWN, None),
    ],
)
def test_partial_date_keeps_its_precision(
    value: PartialDate, precision: DatePrecision, iso: str | None
) -> None:
    assert value.precision is precision
    assert value.iso() == iso


def test_partial_date_range() -> None:
    assert PartialDate(2024, 2).earliest() == date(2024, 2, 1)
    assert PartialDate(2024, 2).latest() == date(2024, 2, 29)
    assert PartialDate(2023).latest() == date(2023, 12, 31)
    assert PartialDate(1800).is_placeholder


@pytest.mark.parametrize(
    ("year", "month", "day"), [(2014, None, 5), (2014, 2, 30), (2014, 13, None), (1799, 1, 1)]
)
def test_impossible_partial_dates_are_refused(
    year: int, month: int | None, day: int | None
) -> None:
    with pytest.raises(ValueError):
        PartialDate(year, month, day)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("5 jaar", ValidityPeriod(years=5)),
        ("6 maanden", ValidityPeriod(months=6)),
        ("1 maand", ValidityPeriod(months=1)),
        ("2 weken", ValidityPeriod(weeks=2)),
        ("30 dagen", ValidityPeriod(days=30)),
        ("tot herroeping", None),
        (NOT_APPLICABLE, None),
        (None, None),
    ],
)
def test_validity_periods(text: str | PseudoValue | None, period: ValidityPeriod | None) -> None:
    assert parse_validity_period(text) == period


def test_validity_period_end_dates() -> None:
    assert ValidityPeriod(years=5).add_to(date(2020, 2, 29)) == date(2025, 2, 28)
    assert ValidityPeriod(months=1).add_to(date(2021, 1, 31)) == date(2021, 2, 28)
    assert ValidityPeriod(months=6).add_to(date(2021, 9, 15)) == date(2022, 3, 15)
    assert ValidityPeriod(weeks=2).add_to(date(2021, 1, 1)) == date(2021, 1, 15)


@pytest.mark.parametrize("insz", ["88611099807", "90722500191", "00671031676", "87712411039"])
def test_sample_insz_checksums(insz: str) -> None:
    assert insz_checksum_ok(insz)


def test_checksum_rejects_a_changed_digit() -> None:
    assert not insz_checksum_ok("88611099808")
    assert not insz_checksum_ok("8861109980")
    assert not insz_checksum_ok("8861109980a")


@pytest.mark.parametrize(
    "birth", [date(1950, 1, 1), date(1999, 12, 31), date(2000, 2, 29), date(2008, 7, 4)]
)
def test_synthetic_insz_is_checksum_valid_and_never_real(birth: date) -> None:
    number = synthetic_insz(birth, 123)
    assert insz_checksum_ok(number)
    assert is_synthetic_insz(number)
    assert 61 <= int(number[2:4]) <= 72
    assert number[:2] == f"{birth.year % 100:02d}" and number[4:6] == f"{birth.day:02d}"


def test_holder_identity_never_shows_the_insz() -> None:
    holder = HolderIdentity("88611099807")
    assert "88611099807" not in repr(holder)
    assert "88611099807" not in str(holder)
    assert "88611099807" not in repr([holder, {"h": holder}])
    with pytest.raises(ValueError) as caught:
        HolderIdentity("8861109980")
    assert "8861109980" not in str(caught.value)


def test_mask_insz_catches_plain_and_punctuated_numbers() -> None:
    text = "a 88611099807 b 88.61.10-998.07 c 2014070108135743808300040H"
    masked = mask_insz(text)
    assert "88611099807" not in masked and "88.61.10-998.07" not in masked
    assert "2014070108135743808300040H" in masked
