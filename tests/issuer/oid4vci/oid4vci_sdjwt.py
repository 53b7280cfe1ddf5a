"""Checks of a ``dc+sd-jwt`` credential a wallet received from the running gateway: vc-led's
``Verifier.verify`` with the X.509 anchors of ``/trust/x509-anchors.pem`` and the Token Status
List of ``/status/tsl/{id}``, and npm ``@sd-jwt/sd-jwt-vc`` (tests/sdjwt-peer/oid4vci.mjs) with
the issuer key of ``/.well-known/jwt-vc-issuer``."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from cryptography import x509

from vc_led import VerificationPolicy, Verifier
from vc_led.jose import unverified_header
from vc_led.led.vct import metadata_bytes
from vc_led.results import VerificationResult
from vc_led.sdjwt import decode_sd_jwt
from vc_led.status.token_status_list import TokenStatusProvider

PEER = Path(__file__).resolve().parents[2] / "sdjwt-peer" / "oid4vci.mjs"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # the test server
        body: bytes = response.read()
    return body


def status_list_of(text: str) -> str:
    """The statuslist+jwt token the credential's ``status.status_list.uri`` serves."""
    uri = decode_sd_jwt(text)[1]["status"]["status_list"]["uri"]
    return _get(uri).decode()


def verify_with_vc_led(base: str, text: str) -> VerificationResult:
    """vc-led's verdict with the gateway's published anchors and Token Status List."""
    anchors = x509.load_pem_x509_certificates(_get(f"{base}/trust/x509-anchors.pem"))
    provider = TokenStatusProvider(tokens=[status_list_of(text)], anchors=anchors)
    policy = VerificationPolicy(trusted_issuers=frozenset({base}))
    return Verifier(policy, x509_anchors=anchors, token_status=provider).verify(text)


def verify_with_peer(base: str, text: str) -> dict[str, Any]:
    """@sd-jwt/sd-jwt-vc's verdict (issuer key from the JWT VC Issuer Metadata)."""
    kid = unverified_header(text.split("~")[0])["kid"]
    keys = json.loads(_get(f"{base}/.well-known/jwt-vc-issuer"))["jwks"]["keys"]
    issuer_jwk = next(k for k in keys if k["kid"] == kid)
    vct = decode_sd_jwt(text)[1]["vct"]
    request = {
        "sdjwt": text,
        "issuerJwk": {k: v for k, v in issuer_jwk.items() if k in ("kty", "crv", "x", "y")},
        "statusList": status_list_of(text),
        "typeMetadata": metadata_bytes(vct).decode(),
        "now": int(time.time()),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(request, handle)
    try:
        done = subprocess.run(
            ["node", str(PEER), handle.name],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=PEER.parent,
        )
    finally:
        Path(handle.name).unlink()
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
