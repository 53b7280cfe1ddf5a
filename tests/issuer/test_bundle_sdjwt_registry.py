"""The registry's trust bundle carries its X.509 trust anchors and a snapshot of every Token
Status List (bundle format 2), and an SD-JWT VC signed with the registry's issuing key and its
``x5c`` chain verifies offline from it: valid, then revoked by the one status change."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from issuer_helpers import NOW, PUBLIC_URL, credentials, generated, import_named, issue_all

from vc_led import TrustBundle, VerificationPolicy, Verifier
from vc_led._multibase import b64url_decode
from vc_led.results import CheckStatus, ErrorCode
from vc_led.sdjwt import issue_sd_jwt_vc
from vc_led.x509 import x5c_of
from vc_led_issuer.context import Registry
from vc_led_issuer.keys.x509 import issuing_chain, trust_anchors
from vc_led_issuer.lifecycle import StatusAction, change_status
from vc_led_issuer.publish.trust_bundle import SNAPSHOT_LIFETIMES, trust_bundle_document


def _bundle(registry: Registry) -> TrustBundle:
    published = trust_bundle_document(registry)
    pin = registry.current_signer().public.multibase
    return TrustBundle.load(published.body, pinned_keys=[pin], now=registry.now())


def test_the_registry_bundle_verifies_its_sd_jwt_vcs_offline(
    registry: Registry, tmp_path: Path
) -> None:
    import_named(registry, generated(tmp_path, persons=2))
    issue_all(registry)
    cred = credentials(registry)[0]
    assert cred.token_status_list_id is not None and cred.token_status_index is not None
    uri = f"{PUBLIC_URL}/status/tsl/{cred.token_status_list_id}"
    bundle = _bundle(registry)
    assert bundle.document["credentialSubject"]["bundleFormat"] == "2"
    assert list(bundle.x509_anchors) == trust_anchors(registry.settings, now=NOW)
    assert uri in bundle.status_list_tokens
    token = bundle.status_list_tokens[uri]
    snapshot = bundle.token_status_provider().check(uri=uri, idx=0, now=NOW)
    assert snapshot.status is not CheckStatus.INDETERMINATE, snapshot
    claims = json.loads(b64url_decode(token.split(".")[1]))
    lifetime = SNAPSHOT_LIFETIMES * bundle.max_age  # outlives the bundle, as the W3C snapshots
    assert claims["exp"] - claims["iat"] == lifetime.total_seconds()
    signer = registry.current_signer()
    chain = issuing_chain(registry.settings, key_id=signer.id, public=signer.public, now=NOW)
    text = issue_sd_jwt_vc(
        vct=f"{PUBLIC_URL}/vct/test",
        claims={"title": "x"},
        disclosable=[("title",)],
        issuer=PUBLIC_URL,
        key=signer,
        issued_at=NOW,
        x5c=x5c_of(chain),
        status={"status_list": {"idx": cred.token_status_index, "uri": uri}},
    )
    # iss is the registry's public URL, which its trust list (DIDs) does not name: trusted here
    # by the policy; the x5c chain and the status come from the bundle alone.
    policy = VerificationPolicy(trusted_issuers=frozenset({PUBLIC_URL}))
    later = NOW + bundle.max_age + timedelta(hours=1)  # the token itself is still valid
    result = Verifier.from_bundle(bundle, policy=policy).verify(text, now=NOW)
    assert result.verified, result.to_dict()
    assert result.check("proof").details["key_source"] == "x5c"
    assert result.check("status").details["source"] == "bundle"
    stale = Verifier.from_bundle(bundle, policy=policy).verify(text, now=later)
    assert stale.check("status").status is CheckStatus.INDETERMINATE  # never passed
    change_status(
        registry,
        credential_id=cred.credential_id,
        action=StatusAction.REVOKE,
        reason="t",
        actor="t",
    )
    status = Verifier.from_bundle(_bundle(registry), policy=policy).verify(text, now=NOW)
    assert status.check("status").code is ErrorCode.STATUS_REVOKED
