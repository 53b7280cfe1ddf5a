"""The registry's Token Status Lists, X.509 chain and JWT VC Issuer Metadata over HTTP:
``/status/tsl/{id}`` (statuslist+jwt, x5c to the published anchor, caching by ttl, re-signed
when an entry flips), ``/trust/x509-anchors.pem``, ``/.well-known/jwt-vc-issuer`` (both
backends)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from issuer_helpers import NOW, PUBLIC_URL, credentials, generated, import_named, issue_all

from vc_led.errors import ConfigurationError
from vc_led.jose import unverified_header
from vc_led.keys import KeyPair, KeyType, decode_multikey
from vc_led.status.token_status_list import TokenStatus, read_status_list_token
from vc_led.x509 import issue_leaf, make_root_ca, pem_of, verify_x5c
from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry
from vc_led_issuer.keys.x509 import issuing_chain
from vc_led_issuer.lifecycle import StatusAction, change_status, rotate_registry_key
from vc_led_issuer.models import IssuedCredential
from vc_led_issuer.settings import load_settings

TOKEN = "t" * 40
MEDIA = "application/statuslist+jwt"


@pytest.fixture
def client(registry: Registry, tmp_path: Path) -> Iterator[TestClient]:
    import_named(registry, generated(tmp_path, persons=2))
    issue_all(registry)
    with TestClient(create_app(registry, admin_token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def _anchors(client: TestClient) -> list[x509.Certificate]:
    response = client.get("/trust/x509-anchors.pem")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pem-certificate-chain"
    return x509.load_pem_x509_certificates(response.content)


def _claims(token: str) -> dict[str, object]:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))  # type: ignore[no-any-return]


def _first(registry: Registry) -> IssuedCredential:
    cred = credentials(registry)[0]
    assert cred.token_status_list_id is not None and cred.token_status_index is not None
    return cred


def test_token_status_list_is_served_signed_with_x5c(
    client: TestClient, registry: Registry
) -> None:
    cred = _first(registry)
    url = f"{PUBLIC_URL}/status/tsl/{cred.token_status_list_id}"
    response = client.get(f"/status/tsl/{cred.token_status_list_id}")
    assert response.status_code == 200 and response.headers["content-type"] == MEDIA
    assert response.headers["cache-control"] == "public, max-age=300"  # = ttl
    token = response.text
    header, claims = unverified_header(token), _claims(token)
    assert header["typ"] == "statuslist+jwt" and header["kid"] == cred.key_id
    assert claims["sub"] == url and claims["ttl"] == 300
    assert claims["exp"] == claims["iat"] + 24 * 3600  # type: ignore[operator]
    anchors = _anchors(client)
    checked = verify_x5c(header["x5c"], anchors=anchors, now=NOW)
    assert checked.san_uris == (PUBLIC_URL,)
    assert checked.public_key == decode_multikey(registry.current_signer().public.multibase)
    assert len(header["x5c"]) == 1  # the leaf; the root is never in x5c (HAIP)
    verified = read_status_list_token(token, uri=url, now=NOW, anchors=anchors)
    assert verified.array.bits == 2
    assert verified.array.get(cred.token_status_index or 0) == TokenStatus.VALID
    again = client.get(
        f"/status/tsl/{cred.token_status_list_id}",
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304 and again.content == b""


def test_one_revocation_flips_both_published_lists(client: TestClient, registry: Registry) -> None:
    cred = _first(registry)
    tsl = f"/status/tsl/{cred.token_status_list_id}"
    bitstring = f"/status/{cred.revocation_list_id}"
    before = client.get(tsl).headers["etag"], client.get(bitstring).headers["etag"]
    for action, value in (
        (StatusAction.SUSPEND, TokenStatus.SUSPENDED),
        (StatusAction.UNSUSPEND, TokenStatus.VALID),
        (StatusAction.REVOKE, TokenStatus.INVALID),
    ):
        change_status(
            registry, credential_id=cred.credential_id, action=action, reason="t", actor="t"
        )
        token = client.get(tsl).text
        url = f"{PUBLIC_URL}{tsl}"
        read = read_status_list_token(token, uri=url, now=NOW, anchors=_anchors(client))
        assert read.array.get(cred.token_status_index or 0) == value
    assert client.get(tsl).headers["etag"] != before[0]
    assert client.get(bitstring).headers["etag"] != before[1]


def test_unknown_and_bad_token_status_lists(client: TestClient) -> None:
    assert client.get("/status/tsl/77").json()["code"] == "status_list_not_found"
    assert client.get("/status/tsl/0").status_code == 422
    assert client.get("/status/tsl/abc").status_code == 422


def test_jwt_vc_issuer_metadata_lists_current_and_retired_keys(
    client: TestClient, registry: Registry
) -> None:
    first = client.get("/.well-known/jwt-vc-issuer").json()
    assert first["issuer"] == PUBLIC_URL
    [key] = first["jwks"]["keys"]
    assert key["kid"] == registry.current_signer().id and key["alg"] == "EdDSA"
    assert "d" not in key and key["x5c"]
    rotate_registry_key(registry, actor="t", reason="rotation", key_type=KeyType.P256)
    second = client.get("/.well-known/jwt-vc-issuer").json()
    old, new = second["jwks"]["keys"]
    assert old["kid"] == key["kid"] and "x5c" not in old  # retired: kept, no chain
    assert new["kid"] == registry.current_signer().id and new["alg"] == "ES256"
    assert new["x5c"] != key["x5c"]  # a rotation gets a new leaf
    checked = verify_x5c(new["x5c"], anchors=_anchors(client), now=NOW)
    assert checked.public_key == registry.current_signer().public
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/status/tsl/{list_id}", "/.well-known/jwt-vc-issuer"} <= set(paths)
    assert "/trust/x509-anchors.pem" in paths


def test_production_loads_the_chain_from_a_file(registry: Registry, tmp_path: Path) -> None:
    ca_key = KeyPair.generate(KeyType.P256)
    root = make_root_ca(
        name="LED CA", key=ca_key, not_before=NOW, not_after=NOW + timedelta(days=9)
    )
    public = registry.current_signer().public
    leaf = issue_leaf(
        ca=root,
        ca_key=ca_key,
        subject_key=public,
        name="LED issuing key",
        not_before=NOW,
        not_after=NOW + timedelta(days=9),
        uri=PUBLIC_URL,
    )
    path = tmp_path / "chain.pem"
    path.write_bytes(pem_of([leaf, root]))
    settings = load_settings(
        mode="production", public_url=PUBLIC_URL, data_dir=tmp_path / "p", x509_chain=path
    )
    key_id = registry.current_signer().id
    assert issuing_chain(settings, key_id=key_id, public=public, now=NOW) == [leaf, root]
    other = KeyPair.generate(KeyType.P256).public
    with pytest.raises(ConfigurationError, match="does not certify"):
        issuing_chain(settings, key_id=key_id, public=other, now=NOW)
    bare = load_settings(mode="production", public_url=PUBLIC_URL, data_dir=tmp_path / "p")
    with pytest.raises(ConfigurationError, match="VCLED_X509_CHAIN"):
        issuing_chain(bare, key_id=key_id, public=public, now=NOW)


def test_production_without_a_chain_answers_503(
    engine: object, database_url: str, tmp_path: Path
) -> None:
    from issuer_helpers import make_registry

    from vc_led_issuer.jobs import worker

    made = make_registry(engine, database_url, tmp_path, mode="production")  # type: ignore[arg-type]
    try:
        import_named(made, generated(tmp_path, persons=1))  # TSL refresh skipped, logged
        issue_all(made)
        cred = _first(made)
        with TestClient(create_app(made, admin_token=TOKEN), raise_server_exceptions=False) as c:
            response = c.get(f"/status/tsl/{cred.token_status_list_id}")
            assert response.status_code == 503
            assert response.json()["code"] == "token_status_list_unavailable"
            assert c.get("/trust/x509-anchors.pem").status_code == 404
            [key] = c.get("/.well-known/jwt-vc-issuer").json()["jwks"]["keys"]
            assert "x5c" not in key
            assert c.get(f"/status/{cred.revocation_list_id}").status_code == 200
    finally:
        worker.close_registries()


def test_admin_api_suspension_shows_in_both_and_in_the_operator_view(
    client: TestClient, registry: Registry
) -> None:
    cred = _first(registry)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    done = client.post(
        f"/admin/credentials/{cred.credential_id}/suspend", json={"reason": "x"}, headers=auth
    )
    assert done.status_code == 200 and done.json()["status"]["suspension"] is True
    view = client.get(f"/credentials/{cred.credential_id}", headers=auth).json()
    url = f"{PUBLIC_URL}/status/tsl/{cred.token_status_list_id}"
    assert view["tokenStatus"] == {"uri": url, "idx": cred.token_status_index, "status": 2}
    token = client.get(f"/status/tsl/{cred.token_status_list_id}").text
    read = read_status_list_token(token, uri=url, now=NOW, anchors=_anchors(client))
    assert read.array.get(cred.token_status_index or 0) == TokenStatus.SUSPENDED


@pytest.mark.interop
def test_registry_token_decodes_with_the_npm_package(
    client: TestClient, registry: Registry
) -> None:
    """The served token (ES256 after a rotation to P-256, as HAIP asks) verifies and decodes
    with npm @sd-jwt/jwt-status-list 0.19.0 (tests/sdjwt-peer/tsl.mjs), key from the metadata."""
    import shutil
    import subprocess

    peer = Path(__file__).resolve().parents[1] / "sdjwt-peer"
    assert shutil.which("node") and (peer / "node_modules" / "@sd-jwt").is_dir()
    rotate_registry_key(registry, actor="t", reason="HAIP: ES256", key_type=KeyType.P256)
    cred = _first(registry)
    change_status(
        registry,
        credential_id=cred.credential_id,
        action=StatusAction.SUSPEND,
        reason="t",
        actor="t",
    )
    token = client.get(f"/status/tsl/{cred.token_status_list_id}").text
    jwk = client.get("/.well-known/jwt-vc-issuer").json()["jwks"]["keys"][-1]
    public = {k: jwk[k] for k in ("kty", "crv", "x", "y")}
    out = subprocess.run(
        ["node", "tsl.mjs", "decode-jwt", json.dumps(public)],
        input=token,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=peer,
        check=True,
    )
    decoded = json.loads(out.stdout)
    assert decoded["verified"] is True and decoded["typ"] == "statuslist+jwt"
    assert decoded["sub"] == f"{PUBLIC_URL}/status/tsl/{cred.token_status_list_id}"
    assert decoded["bits"] == 2 and decoded["statuses"][cred.token_status_index] == 2
    assert sum(1 for s in decoded["statuses"] if s) == 1
