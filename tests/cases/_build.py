"""Building blocks for ``_make_cases.py``: fixed keys, base documents, signing, expectations.

Everything here is deterministic: Ed25519 by design, ECDSA through RFC 6979 (DeterministicEcKey).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from vc_led import KeyPair, load_key_file, sign_credential, sign_presentation
from vc_led._multibase import multibase_decode, multibase_encode_b58
from vc_led.jsonld.canon import Canonicalizer
from vc_led.proofs.core import add_proof
from vc_led.proofs.suites import get_cryptosuite
from vc_led.results import CHECK_ORDER

HERE = Path(__file__).resolve().parent
KEYS = HERE / "_keys"

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"

NOW = "2026-01-01T00:00:00Z"
CREATED = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
VALID_FROM = "2025-01-01T00:00:00Z"
SUBJECT = "did:example:ebfeb1f712ebc6f1c276e12ec21"
CHALLENGE = "c0ae1c8e-c7e7-469f-b252-86e6a0e7387e"
DOMAIN = "verifier.example"


class DeterministicEcKey:
    """A P-256/P-384 key pair that signs with RFC 6979 deterministic ECDSA.

    Verifiers cannot tell the difference; it only makes a rerun of ``_make_cases.py``
    reproduce every case byte for byte, so the ECDSA cases never churn in git.
    """

    _HASHES: ClassVar[dict[str, Any]] = {"P-256": hashes.SHA256, "P-384": hashes.SHA384}
    _CURVES: ClassVar[dict[str, Any]] = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1}

    def __init__(self, path: Path) -> None:
        pair = load_key_file(path)
        self.public, self.key_type = pair.public, pair.key_type
        self.id, self.controller = pair.id, pair.controller
        secret = multibase_decode(json.loads(path.read_text())["secretKeyMultibase"])[2:]
        curve = self._CURVES[self.key_type]()
        self._private = ec.derive_private_key(int.from_bytes(secret, "big"), curve)
        self._half = len(secret)
        assert (
            self._private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
            == pair.public.raw
        )

    def sign(self, data: bytes) -> bytes:
        """Raw ``r || s``, deterministic."""
        algorithm = ec.ECDSA(self._HASHES[self.key_type](), deterministic_signing=True)
        r, s = decode_dss_signature(self._private.sign(data, algorithm))
        return r.to_bytes(self._half, "big") + s.to_bytes(self._half, "big")


ED = load_key_file(KEYS / "ed25519.json")
ED_OTHER = load_key_file(KEYS / "ed25519-other.json")
P256: Any = DeterministicEcKey(KEYS / "p256.json")
P384: Any = DeterministicEcKey(KEYS / "p384.json")

TRUSTED = [ED.controller, P256.controller, P384.controller]

P, F, IND, S = "passed", "failed", "indeterminate", "skipped"


@dataclass(frozen=True)
class Case:
    """One case folder: the input document and the verifier output it must produce."""

    name: str
    description: str
    input: Any  # a JSON value (written as JSON) or bytes (written as they are)
    outcome: str
    codes: list[str]
    checks: dict[str, str]
    kind: str = "credential"
    options: dict[str, Any] = field(default_factory=dict)
    credential_codes: list[list[str]] | None = None
    environment: dict[str, Any] | None = None  # written as environment.json (see README.md)
    report: bool = False  # also write report.en.txt, report.nl.txt, report.json (README.md)
    input_file: str = "input.json"  # input.sdjwt for a compact SD-JWT (text, not JSON)

    def expected(self) -> dict[str, Any]:
        """The ``expected.json`` content."""
        options: dict[str, Any] = {
            "trusted_issuers": TRUSTED,
            "accept_any_issuer": False,
            "now": NOW,
            "challenge": None,
            "domain": None,
            "allow_unsigned_presentations": False,
        }
        options |= self.options
        out: dict[str, Any] = {
            "description": self.description,
            "kind": self.kind,
            "options": options,
            "outcome": self.outcome,
            "codes": self.codes,
            "checks": self.checks,
        }
        if self.credential_codes is not None:
            out["credential_codes"] = self.credential_codes
        return out


REGISTRY: list[Callable[[], Case]] = []


def case(fn: Callable[[], Case]) -> Callable[[], Case]:
    """Register a case factory (the folder name is the Case's ``name``)."""
    REGISTRY.append(fn)
    return fn


PENDING: list[Callable[[], Case]] = []


def pending(fn: Callable[[], Case]) -> Callable[[], Case]:
    """Register a case the engine does not pass yet (written only with ``--pending``)."""
    PENDING.append(fn)
    return fn


# ---------------------------------------------------------------- expectations


def passing(kind: str = "credential", **override: str) -> dict[str, str]:
    """Check statuses of a document that verifies, with ``override`` applied."""
    if kind == "credential":
        base = dict(zip(CHECK_ORDER, (P, P, P, P, P, S, S), strict=True))
    else:
        base = dict(zip(CHECK_ORDER, (P, P, P, S, S, S, P), strict=True))
    return base | override


def stopped(at: str, status: str = F) -> dict[str, str]:
    """Checks before ``at`` passed, ``at`` has ``status``, every later check was skipped."""
    index = CHECK_ORDER.index(at)
    return {
        name: P if i < index else status if i == index else S for i, name in enumerate(CHECK_ORDER)
    }


def failed_at(
    name: str, description: str, doc: Any, code: str, *, status: str = F, **kw: Any
) -> Case:
    """A case stopped at the check of ``code`` (structure, context or proof)."""
    check = code.split(".", 1)[0]
    outcome = F if status == F else IND
    return Case(name, description, doc, outcome, [code], stopped(check, status), **kw)


# ---------------------------------------------------------------- documents


def credential(issuer: Any = None, *, contexts: list[Any] | None = None, **extra: Any) -> dict:
    """The base VC 2.0 credential (examples context, so every term is defined)."""
    doc: dict[str, Any] = {
        "@context": contexts or [V2, EXAMPLES],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "ExampleDegreeCredential"],
        "issuer": issuer or ED.controller,
        "validFrom": VALID_FROM,
        "credentialSubject": {
            "id": SUBJECT,
            "degree": {"type": "ExampleBachelorDegree", "name": "Bachelor of Science and Arts"},
        },
    }
    return doc | extra


def v2_only_credential(**extra: Any) -> dict:
    """A credential using only the VC 2.0 context: every term must be defined by it."""
    doc = credential(contexts=[V2], **extra)
    doc["type"] = ["VerifiableCredential"]
    doc["credentialSubject"] = {"id": SUBJECT, "name": "Alice", "description": "a subject"}
    return doc


def vc11_credential(**extra: Any) -> dict:
    """A VC 1.1 credential (only the 1.1 context: no @vocab, so a bare subject)."""
    doc = credential(contexts=[V1], credentialSubject={"id": SUBJECT}, **extra)
    doc["type"] = ["VerifiableCredential"]
    doc["issuanceDate"] = doc.pop("validFrom")
    return doc


def presentation(*credentials: Any, holder: str | None = None, **extra: Any) -> dict:
    """A VC 2.0 presentation embedding ``credentials``."""
    doc: dict[str, Any] = {
        "@context": [V2, EXAMPLES],
        "id": "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5",
        "type": ["VerifiablePresentation"],
        "holder": holder or ED.controller,
    }
    if credentials:
        doc["verifiableCredential"] = list(credentials)
    return doc | extra


def sign(doc: Any, key: KeyPair = ED, *, created: datetime = CREATED, **kw: Any) -> dict:
    """Sign a credential with the recipe (the key's suite, the fixed ``created`` time)."""
    suite = "eddsa-rdfc-2022" if key.key_type == "Ed25519" else "ecdsa-rdfc-2019"
    return sign_credential(doc, key=key, cryptosuite=suite, created=created, **kw)


def sign_vp(doc: Any, key: KeyPair = ED, **kw: Any) -> dict:
    """Sign a presentation with the recipe (challenge and domain as given)."""
    return sign_presentation(doc, key=key, created=CREATED, **kw)


def hazmat_sign(doc: Any, key: KeyPair = ED, **kw: Any) -> dict:
    """Sign without the recipe's checks (any purpose, any document)."""
    suite = "eddsa-rdfc-2022" if key.key_type == "Ed25519" else "ecdsa-rdfc-2019"
    return add_proof(doc, key=key, cryptosuite=suite, created=CREATED, **kw)


def sign_with_config(doc: dict, key: KeyPair, config: dict[str, Any]) -> dict:
    """Sign ``doc`` with an explicit proof configuration (for options the recipes lack)."""
    suite = get_cryptosuite(config["cryptosuite"])
    assert suite is not None
    canon = Canonicalizer()
    data = suite.hash_data(
        key_type=key.key_type,
        canonical_config=canon.canonicalize({"@context": doc["@context"], **config}).nquads,
        canonical_document=canon.canonicalize(doc).nquads,
    )
    return {**doc, "proof": {**config, "proofValue": multibase_encode_b58(key.sign(data))}}


def with_proof(doc: dict, **changes: Any) -> dict:
    """A copy of a singly-signed ``doc`` whose proof has ``changes`` (``None`` deletes)."""
    out = copy.deepcopy(doc)
    for key, value in changes.items():
        if value is None:
            out["proof"].pop(key, None)
        else:
            out["proof"][key] = value
    return out


def signature_of(doc: dict) -> bytes:
    """The raw signature bytes of a singly-signed document."""
    return multibase_decode(doc["proof"]["proofValue"])


def flip_signature(value: str) -> str:
    """The same-length proofValue with one bit of the signature flipped."""
    raw = bytearray(multibase_decode(value))
    raw[len(raw) // 2] ^= 0x01
    return multibase_encode_b58(bytes(raw))
