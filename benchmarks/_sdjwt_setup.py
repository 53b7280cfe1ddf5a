"""What ``bench_sdjwt.py`` signs and verifies, shared by vc-led and the Node peer: a LED
qualification record and its SD-JWT VC rendition (:mod:`vc_led.led.profiles.sdjwt`: claims,
vct, every claim and member disclosable one by one; the same as an ``@sd-jwt`` disclosure
frame), the keys, the X.509 chain and the offline Status List Token.

The record is the first issuable, final (not a ``Tussenbewijs``) qualification of the
deterministic synthetic data set (``generate_records(persons=40, seed="bench-sdjwt")``) that has
a title, an EQF level and an awarding body name: a "Studiegetuigschrift BSO 3de graad".
"""

from __future__ import annotations

import functools
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from vc_led.keys import KeyPair, KeyType
from vc_led.led import LedRecord
from vc_led.led.profiles import Holder, select_profile
from vc_led.led.profiles.sdjwt import SdJwtRendition, sd_jwt_rendition
from vc_led.led.synthetic import generate_records
from vc_led.status.token_status_list import build_status_list_token
from vc_led.x509 import issue_leaf, make_root_ca, pem_of, x5c_of

__all__ = [
    "AUD",
    "HOLDER",
    "ISS",
    "LIST_SIZE",
    "NONCE",
    "PRESENT",
    "STATUS_URI",
    "IndexDraw",
    "Material",
    "led_record",
    "material",
    "peer_frame",
    "peer_presentation_frame",
    "rendition",
]

ISS = "https://led.example.be"
STATUS_URI = "https://led.example.be/statuslists/tsl/1"
AUD = "https://verifier.example.org"
NONCE = "n-0S6_WzA2Mj"
LIST_SIZE = 131_072  # entries per list, as the registry's (MIN_STATUS_LIST_SIZE)
HOLDER = Holder(given_name="An", family_name="Peeters", birth_date=date(1999, 3, 14))
#: What the holder presents (vc-led claim paths; the peer gets the same as a frame).
PRESENT = (
    "qualification.title",
    "qualification.awarding_body.name",
    "qualification.level.eqf",
    "qualification.awarded_on",
)


@functools.cache
def led_record() -> LedRecord:
    """The benchmark's LED record (see the module docstring)."""
    for _, record in generate_records(persons=40, seed="bench-sdjwt"):
        if record.is_cancelled or record.is_intermediate:
            continue
        if select_profile(record) != "qualification":
            continue
        node = rendition(record, datetime(2026, 1, 1, tzinfo=UTC)).claims["qualification"]
        if "title" in node and "eqf" in node.get("level", {}) and "name" in node["awarding_body"]:
            return record
    raise LookupError("no suitable qualification in the synthetic data set")


def rendition(record: LedRecord, issued_at: datetime) -> SdJwtRendition:
    """The record's SD-JWT VC claims, vct and disclosable paths."""
    return sd_jwt_rendition(
        record=record, holder=HOLDER, profile="qualification", issued_at=issued_at
    )


def peer_frame(value: Any, decoys: int = 2) -> dict[str, Any]:
    """The ``@sd-jwt`` disclosure frame making the same claims disclosable (``_sd_decoy``:
    vc-led adds 1 to 3 decoys per object, 2 on average)."""
    frame: dict[str, Any] = {}
    items = value.items() if isinstance(value, Mapping) else enumerate(value)
    frame["_sd"] = [k for k, _ in items]
    for key, item in value.items() if isinstance(value, Mapping) else enumerate(value):
        if isinstance(item, Mapping | list):
            frame[str(key)] = peer_frame(item, decoys)
    if isinstance(value, Mapping):
        frame["_sd_decoy"] = decoys
    return frame


def peer_presentation_frame() -> dict[str, Any]:
    """:data:`PRESENT` as an ``@sd-jwt`` presentation frame."""
    return {
        "qualification": {
            "title": True,
            "awarding_body": {"name": True},
            "level": {"eqf": True},
            "awarded_on": True,
        }
    }


@dataclass(frozen=True, slots=True)
class Material:
    """Keys, chain and token for one key type.

    Attributes:
        key: the issuer key (signs both renditions and the token; did:key for DI).
        holder: the holder key (``cnf.jwk``, the KB-JWT).
        root: the trust anchor (a root CA of the same key type).
        x5c: the issuer's chain (the leaf, SAN URI :data:`ISS`).
        token: the offline Status List Token (2-bit, :data:`LIST_SIZE` entries, 1 % revoked).
        valid_index: an index whose status is VALID.
        pems: PEM texts for the peer (``issuer``, ``holder`` PKCS#8, ``root`` certificate).
    """

    key: KeyPair
    holder: KeyPair
    root: Any
    x5c: list[str]
    token: str
    valid_index: int
    pems: dict[str, str]


def _private(key_type: KeyType) -> ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey:
    if key_type is KeyType.ED25519:
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1())


def _pkcs8(private: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def material(key_type: KeyType, now: datetime | None = None) -> Material:
    """Fresh keys, a root CA and leaf of ``key_type``, and a signed token."""
    now = now or datetime.now(UTC)
    issuer_private, holder_private = _private(key_type), _private(key_type)
    key, holder = KeyPair(issuer_private), KeyPair(holder_private)
    root_key = KeyPair.generate(key_type)
    day = timedelta(days=1)
    root = make_root_ca(
        name="LED bench root", key=root_key, not_before=now - day, not_after=now + 365 * day
    )
    leaf = issue_leaf(
        ca=root,
        ca_key=root_key,
        subject_key=key.public,
        name="LED bench issuer",
        not_before=now - day,
        not_after=now + 30 * day,
        uri=ISS,
    )
    x5c = x5c_of([leaf])
    rng = random.Random(12)
    values = [1 if rng.random() < 0.01 else 0 for _ in range(LIST_SIZE)]
    valid_index = next(i for i in range(LIST_SIZE // 2, LIST_SIZE) if values[i] == 0)
    token = build_status_list_token(
        uri=STATUS_URI, values=values, key=key, issued_at=now - timedelta(minutes=5), ttl=3600,
        x5c=x5c,
    )  # fmt: skip
    pems = {
        "issuer": _pkcs8(issuer_private),
        "holder": _pkcs8(holder_private),
        "root": pem_of([root]).decode(),
    }
    return Material(key, holder, root, x5c, token, valid_index, pems)


class IndexDraw:
    """The registry's status allocation without its database: a uniformly random index not
    drawn before (``vc_led_issuer.crud.status_lists._draw_free`` draws the same way and then
    asks the database which candidates are taken; here a set answers)."""

    def __init__(self, size: int = LIST_SIZE) -> None:
        self.size = size
        self.taken: set[int] = set()
        self._rng = secrets.SystemRandom()

    def draw(self) -> int:
        """A fresh index (a new, empty list once this one is full)."""
        if len(self.taken) >= self.size - self.size // 16:
            self.taken.clear()
        while True:
            index = self._rng.randrange(self.size)
            if index not in self.taken:
                self.taken.add(index)
                return index
