"""The Bitstring Status List bitstring: MSB-first layout, GZIP + multibase codec, bounded decode."""

from __future__ import annotations

import base64
import gzip
import random
import time
import zlib

import pytest

from vc_led.status import MIN_ENTRIES, Bitstring, BitstringDecodeError

SPEC_EMPTY = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def _u(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_default_length_and_msb_first_layout():
    bits = Bitstring()
    assert len(bits) == MIN_ENTRIES == 131_072
    bits.set(0)
    bits.set(7)
    bits.set(8)
    bits.set(len(bits) - 1)
    raw = bits.to_bytes()
    assert raw[0] == 0b1000_0001  # index 0 is the left-most bit, index 7 the right-most
    assert raw[1] == 0b1000_0000
    assert raw[-1] == 0b0000_0001  # the last index is the right-most bit of the last byte
    assert bits.count() == 4
    assert bits.get(0) and bits.get(8) and not bits.get(1)


def test_clear_copy_equality_and_bounds():
    bits = Bitstring(16)
    bits.set(3)
    other = bits.copy()
    bits.set(3, False)
    assert not bits.get(3) and other.get(3)
    assert bits != other and bits == Bitstring(16)
    with pytest.raises(IndexError):
        bits.get(16)
    with pytest.raises(IndexError):
        bits.set(-1)
    with pytest.raises(TypeError):
        bits.get(True)  # type: ignore[arg-type]
    for bad in (0, 9, -8):
        with pytest.raises(ValueError):
            Bitstring(bad)
    with pytest.raises(ValueError):
        Bitstring.from_bytes(b"")


def test_encode_reproduces_the_spec_example_byte_for_byte():
    assert Bitstring().encode() == SPEC_EMPTY
    decoded = Bitstring.decode(SPEC_EMPTY)
    assert len(decoded) == 131_072 and decoded.count() == 0


def test_round_trip_random_bits():
    rng = random.Random(7)
    bits = Bitstring()
    chosen = rng.sample(range(len(bits)), 500)
    for i in chosen:
        bits.set(i)
    encoded = bits.encode()
    assert encoded.startswith("u") and "=" not in encoded
    assert encoded == bits.encode()  # deterministic: no GZIP timestamp
    back = Bitstring.decode(encoded)
    assert back == bits
    assert all(back.get(i) for i in chosen) and back.count() == 500


def test_legacy_unprefixed_form_is_accepted_because_it_cannot_be_confused():
    legacy = SPEC_EMPTY[1:]
    assert legacy.startswith("H4sI")
    assert Bitstring.decode(legacy) == Bitstring()


@pytest.mark.parametrize(
    "value",
    [
        "",
        "z" + SPEC_EMPTY[1:],  # base58btc prefix
        "m" + SPEC_EMPTY[1:],  # base64 prefix
        "U" + SPEC_EMPTY[1:] + "==",  # base64url with padding
        SPEC_EMPTY + "=",  # padding
        SPEC_EMPTY[:-3] + "+/A",  # standard base64 alphabet
        "uH4sI!AAA",
        "uH4sIA",  # a length no base64 text can have
        "u" + "A" * 40,  # not GZIP
    ],
)
def test_refused_encodings(value):
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(value)


def test_zlib_stream_truncation_trailing_data_and_empty_list_are_refused():
    packed = gzip.compress(bytes(16), mtime=0)
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(_u(zlib.compress(bytes(16))))  # zlib wrapper, not GZIP
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(_u(packed[:-6]))  # truncated
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(_u(packed + b"junk"))  # data after the stream
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(_u(packed + packed))  # a second GZIP member
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(_u(gzip.compress(b"", mtime=0)))  # empty list
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(42)  # type: ignore[arg-type]


def test_gzip_bomb_is_refused_quickly_without_inflating_it():
    bomb = _u(gzip.compress(bytes(64 * 1024 * 1024), compresslevel=9, mtime=0))
    assert len(bomb) < 100_000
    started = time.perf_counter()
    with pytest.raises(BitstringDecodeError, match="larger than"):
        Bitstring.decode(bomb)
    assert time.perf_counter() - started < 2
    with pytest.raises(BitstringDecodeError):
        Bitstring.decode(Bitstring(1024).encode(), max_decoded_bytes=64)
    assert len(Bitstring.decode(Bitstring(1024).encode(), max_decoded_bytes=128)) == 1024


def test_overlong_text_is_refused_before_decoding():
    with pytest.raises(BitstringDecodeError, match="too long"):
        Bitstring.decode("u" + "A" * 10_000, max_decoded_bytes=1024)
