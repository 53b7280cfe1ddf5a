"""Token Status List interop with npm ``@sd-jwt/jwt-status-list`` 0.19.0 (tests/sdjwt-peer/tsl.mjs).

Our Status List Tokens decode (and their ES256/ES384 signatures verify) with the npm package; lists
it encodes decode with ours; the draft's examples decode the same in both.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led.jose import jwk_of_public
from vc_led.keys import KeyPair, KeyType
from vc_led.status.token_status_list import (
    build_status_list_token,
    decode_status_list,
    encode_status_list,
)
from vc_led.x509 import issue_leaf, make_root_ca, x5c_of

pytestmark = pytest.mark.interop

PEER_DIR = Path(__file__).resolve().parents[1] / "sdjwt-peer"
PEER = PEER_DIR / "tsl.mjs"
VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "ietf-status-list" / "vectors.json"
URI = "https://registry.led.example/tsl/3"
T0 = datetime(2026, 3, 1, tzinfo=UTC)
MAX = 1 << 21


@pytest.fixture(scope="module", autouse=True)
def _node_ready() -> None:
    assert shutil.which("node"), "node is needed for the interop tests (scripts/setup installs it)"
    assert (PEER_DIR / "node_modules" / "@sd-jwt" / "jwt-status-list").is_dir(), (
        "run scripts/setup (npm ci --prefix tests/sdjwt-peer) first"
    )


def _peer(*args: str, stdin: str | None = None) -> dict[str, Any]:
    out = subprocess.run(
        ["node", str(PEER), *args], input=stdin, capture_output=True, text=True, timeout=120,
        cwd=PEER_DIR,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout)
    return result


@pytest.mark.parametrize(
    ("key_type", "bits"), [(KeyType.P256, 2), (KeyType.P384, 1), (KeyType.P256, 8)]
)
def test_our_token_decodes_and_verifies_with_the_npm_package(key_type: KeyType, bits: int) -> None:
    ca_key, signer = KeyPair.generate(key_type), KeyPair.generate(key_type)
    root = make_root_ca(name="root", key=ca_key, not_before=T0, not_after=T0 + timedelta(days=9))
    leaf = issue_leaf(ca=root, ca_key=ca_key, subject_key=signer.public, name="s",
                      not_before=T0, not_after=T0 + timedelta(days=9))  # fmt: skip
    rng = random.Random(bits)
    values = [rng.randrange(1 << bits) for _ in range(4096)]
    token = build_status_list_token(
        uri=URI, values=values, key=signer, issued_at=T0, ttl=300, bits=bits, x5c=x5c_of([leaf])
    )
    jwk = json.dumps(jwk_of_public(signer.public).export_public(as_dict=True))
    theirs = _peer("decode-jwt", jwk, stdin=token)
    assert theirs["verified"] is True
    assert (theirs["typ"], theirs["sub"], theirs["ttl"], theirs["bits"]) == (
        "statuslist+jwt",
        URI,
        300,
        bits,
    )
    assert theirs["statuses"][: len(values)] == values
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert _peer("decode-jwt", jwk, stdin=tampered)["verified"] is False


@pytest.mark.parametrize("bits", [1, 2, 4, 8])
def test_their_list_decodes_with_ours(bits: int) -> None:
    rng = random.Random(100 + bits)
    values = [rng.randrange(1 << bits) for _ in range(2000)]
    theirs = _peer("encode", str(bits), json.dumps(values))
    assert theirs["bits"] == bits
    array = decode_status_list(theirs, max_bytes=MAX)
    assert [array.get(i) for i in range(len(values))] == values
    ours = encode_status_list(values, bits=bits)
    assert _peer("decode", str(bits), ours["lst"])["statuses"][: len(values)] == values


def test_the_drafts_examples_decode_the_same_in_both() -> None:
    for vector in json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]:
        array = decode_status_list(vector, max_bytes=MAX)
        theirs = _peer("decode", str(vector["bits"]), vector["lst"])["statuses"]
        assert len(theirs) == array.size
        assert theirs == [array.get(i) for i in range(array.size)]
