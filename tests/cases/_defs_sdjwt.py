"""SD-JWT VC cases (RFC 9901; draft-ietf-oauth-sd-jwt-vc-19): one folder per rule, each an
``input.sdjwt`` (compact text) with the issuer's public key in ``environment.json``
(``sd_jwt_issuer_keys``). Deterministic: Ed25519 keys from ``_keys/`` and salts from a
counter, so a rerun rewrites nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from _build import ED, ED_OTHER, NOW, Case, case

from vc_led._multibase import b64url_encode
from vc_led.jose import jwk_of_public, sign_compact
from vc_led.keys import KeyPair
from vc_led.sdjwt import issue_sd_jwt_vc, present_sd_jwt
from vc_led.sdjwt._common import digest, encode_disclosure

ISS = "https://led.example.be"
VCT = "https://led.example.be/vct/qualification"
AUD = "https://hospital.example"
NONCE = "n-0S6_WzA2Mj"
WHEN = datetime.fromisoformat(NOW.replace("Z", "+00:00"))
P, F, IND, S = "passed", "failed", "indeterminate", "skipped"
CLAIMS = {
    "birth_date": "2000-01-02",
    "qualification": {"title": "Bachelor in de verpleegkunde", "level": 6},
    "competences": ["zorg", "ethiek"],
}
PATHS = [("birth_date",), ("qualification",), ("qualification", "title"), ("competences", None)]


def _rng() -> Callable[[int], bytes]:
    counter = iter(range(1_000_000))
    return lambda n: hashlib.sha256(str(next(counter)).encode()).digest()[:n]


def _issue(key: KeyPair = ED, **kw: Any) -> str:
    args: dict[str, Any] = {
        "vct": VCT,
        "claims": CLAIMS,
        "disclosable": PATHS,
        "issuer": ISS,
        "key": key,
        "issued_at": WHEN - timedelta(days=30),
        "valid_until": WHEN + timedelta(days=365),
        "holder_key": ED_OTHER.public,
        "decoys": 2,
        "rng": _rng(),
    }
    return issue_sd_jwt_vc(**(args | kw))


def _present(sd: str | None = None, **kw: Any) -> str:
    args: dict[str, Any] = {
        "disclose": ["qualification.title"],
        "holder_key": ED_OTHER,
        "aud": AUD,
        "nonce": NONCE,
        "now": WHEN - timedelta(seconds=30),
    }
    return present_sd_jwt(sd or _issue(), **(args | kw))


def _signed(payload: dict[str, Any], disclosures: list[str], header: dict[str, Any]) -> str:
    return "~".join([sign_compact(header, payload, key=ED), *disclosures, ""])


BASE = {"iss": ISS, "iat": int(WHEN.timestamp()) - 3600, "vct": VCT, "_sd_alg": "sha-256"}
TYP = {"typ": "dc+sd-jwt"}
SALT = b64url_encode(b"sixteen byte salt")


def _case(
    name: str, description: str, text: str, codes: list[str], checks: dict[str, str], **options: Any
) -> Case:
    outcome = F if F in checks.values() else IND if IND in checks.values() else "verified"
    environment = {
        "sd_jwt_issuer_keys": {ISS: [jwk_of_public(ED.public).export_public(as_dict=True)]}
    }
    return Case(
        name,
        description,
        (text + "\n").encode("ascii"),
        outcome,
        codes,
        checks,
        options={"trusted_issuers": [ISS], **options},
        environment=environment,
        input_file="input.sdjwt",
    )


def _stop(at: str, status: str = F) -> dict[str, str]:
    order = ["structure", "context", "proof", "issuer", "validity", "status", "holder_binding"]
    out = {c: S for c in order}
    for c in order[: order.index(at)]:
        out[c] = P
    out["context"] = S
    out[at] = status
    return out


def _checks(**override: str) -> dict[str, str]:
    return {
        "structure": P,
        "context": S,
        "proof": P,
        "issuer": P,
        "validity": P,
        "status": S,
        "holder_binding": S,
    } | override


def _structure(name: str, description: str, text: str, code: str) -> Case:
    return _case(name, description, text, [code], _stop("structure"))


@case
def sdjwt_verified() -> Case:
    return _case(
        "sdjwt-verified", "an SD-JWT VC with every disclosure verifies", _issue(), [], _checks()
    )


@case
def sdjwt_presentation_verified() -> Case:
    return _case(
        "sdjwt-presentation-verified",
        "a presentation of one nested claim with a KB-JWT for this aud and nonce",
        _present(),
        [],
        _checks(holder_binding=P),
        challenge=NONCE,
        domain=AUD,
    )


@case
def sdjwt_malformed() -> Case:
    jwt = _issue().split("~")[0]
    return _structure(
        "sdjwt-malformed",
        "the part after the last ~ is not a JWT",
        f"{jwt}~abc~not-a-jwt",
        "structure.sd_jwt_malformed",
    )


@case
def sdjwt_disclosure_invalid() -> Case:
    jwt, *rest = _issue().split("~")
    bad = b64url_encode(json.dumps(["salt-only"]).encode())
    return _structure(
        "sdjwt-disclosure-invalid",
        "a disclosure is a JSON array of one element",
        "~".join([jwt, bad, *rest]),
        "structure.disclosure_invalid",
    )


@case
def sdjwt_disclosure_unreferenced() -> Case:
    jwt, *rest = _issue().split("~")
    forged = encode_disclosure(SALT, "birth_date", "1990-01-01")
    return _structure(
        "sdjwt-disclosure-unreferenced",
        "a forged disclosure that no digest of the signed JWT references",
        "~".join([jwt, forged, *rest]),
        "structure.disclosure_unreferenced",
    )


@case
def sdjwt_disclosure_duplicate() -> Case:
    jwt, first, *rest = _issue().split("~")
    return _structure(
        "sdjwt-disclosure-duplicate",
        "the same disclosure is included twice",
        "~".join([jwt, first, first, *rest]),
        "structure.disclosure_duplicate",
    )


@case
def sdjwt_digest_duplicate() -> Case:
    d = encode_disclosure(SALT, "x", 1)
    text = _signed({**BASE, "_sd": [digest(d), digest(d)]}, [d], TYP)
    return _structure(
        "sdjwt-digest-duplicate",
        "one digest appears twice in _sd",
        text,
        "structure.sd_digest_duplicate",
    )


@case
def sdjwt_claim_clash() -> Case:
    d = encode_disclosure(SALT, "x", 1)
    text = _signed({**BASE, "x": 2, "_sd": [digest(d)]}, [d], TYP)
    return _structure(
        "sdjwt-claim-clash",
        "a disclosed claim name is already in the object",
        text,
        "structure.sd_claim_clash",
    )


@case
def sdjwt_disclosure_not_allowed() -> Case:
    d = encode_disclosure(SALT, "status", {"status_list": {"idx": 1, "uri": "https://x"}})
    text = _signed({**BASE, "_sd": [digest(d)]}, [d], TYP)
    return _structure(
        "sdjwt-disclosure-not-allowed",
        "status hidden behind a disclosure (it must never be disclosable)",
        text,
        "structure.disclosure_not_allowed",
    )


@case
def sdjwt_sd_alg_unsupported() -> Case:
    text = _signed({**BASE, "_sd_alg": "sha-1"}, [], TYP)
    return _structure(
        "sdjwt-sd-alg-unsupported", "_sd_alg is sha-1", text, "structure.sd_alg_unsupported"
    )


@case
def sdjwt_wrong_typ() -> Case:
    text = _signed(BASE, [], {"typ": "JWT"})
    return _structure(
        "sdjwt-wrong-typ",
        "the header typ is JWT, not dc+sd-jwt",
        text,
        "structure.sd_jwt_wrong_type",
    )


def _alg(alg: str) -> str:
    jwt, *rest = _issue().split("~")
    _, body, _ = jwt.split(".")
    head = b64url_encode(json.dumps({"alg": alg, "typ": "dc+sd-jwt"}).encode())
    return "~".join([f"{head}.{body}.c2ln", *rest])


@case
def sdjwt_alg_none() -> Case:
    return _case(
        "sdjwt-alg-none",
        "alg none (algorithm confusion)",
        _alg("none"),
        ["proof.algorithm_not_allowed"],
        _stop("proof"),
    )


@case
def sdjwt_alg_hs256() -> Case:
    return _case(
        "sdjwt-alg-hs256",
        "HS256 with the public key as secret (algorithm confusion)",
        _alg("HS256"),
        ["proof.algorithm_not_allowed"],
        _stop("proof"),
    )


@case
def sdjwt_signature_invalid() -> Case:
    return _case(
        "sdjwt-signature-invalid",
        "signed by another key than the issuer's",
        _issue(key=ED_OTHER),
        ["proof.signature_invalid"],
        _stop("proof"),
    )


@case
def sdjwt_issuer_untrusted() -> Case:
    c = _case(
        "sdjwt-issuer-untrusted",
        "the policy trusts another issuer",
        _issue(),
        ["issuer.not_trusted"],
        _checks(issuer=F),
    )
    c.options["trusted_issuers"] = ["https://other.example"]
    return c


@case
def sdjwt_expired() -> Case:
    text = _issue(valid_until=WHEN - timedelta(days=1))
    return _case(
        "sdjwt-expired", "exp is in the past", text, ["validity.expired"], _checks(validity=F)
    )


@case
def sdjwt_status_no_provider() -> Case:
    text = _issue(status={"status_list": {"idx": 42, "uri": "https://led.example.be/sl/1"}})
    return _case(
        "sdjwt-status-no-provider",
        "a status_list claim and no token status source",
        text,
        ["status.no_provider"],
        _checks(status=IND),
    )


def _kb(name: str, description: str, text: str, code: str, **options: Any) -> Case:
    return _case(
        name,
        description,
        text,
        [code],
        _checks(holder_binding=F),
        **({"challenge": NONCE, "domain": AUD} | options),
    )


@case
def sdjwt_kb_missing() -> Case:
    text = present_sd_jwt(_issue(), disclose=["qualification.title"])
    return _kb(
        "sdjwt-kb-missing",
        "the verifier asked for a nonce, and no KB-JWT came",
        text,
        "holder_binding.kb_jwt_missing",
    )


@case
def sdjwt_kb_signature_invalid() -> Case:
    return _kb(
        "sdjwt-kb-signature-invalid",
        "the KB-JWT is signed by another key than cnf",
        _present(holder_key=ED),
        "holder_binding.kb_jwt_signature_invalid",
    )


@case
def sdjwt_kb_aud_mismatch() -> Case:
    return _kb(
        "sdjwt-kb-aud-mismatch",
        "the KB-JWT was made for another verifier",
        _present(aud="https://other.example"),
        "holder_binding.aud_mismatch",
    )


@case
def sdjwt_kb_nonce_mismatch() -> Case:
    return _kb(
        "sdjwt-kb-nonce-mismatch",
        "the KB-JWT answers another nonce (replay)",
        _present(nonce="old-nonce"),
        "holder_binding.nonce_mismatch",
    )


@case
def sdjwt_kb_iat_stale() -> Case:
    return _kb(
        "sdjwt-kb-iat-stale",
        "the KB-JWT is an hour old",
        _present(now=WHEN - timedelta(hours=1)),
        "holder_binding.iat_invalid",
    )


@case
def sdjwt_kb_sd_hash_mismatch() -> Case:
    sd = _issue()
    bound = _present(sd)
    more = present_sd_jwt(sd, disclose=["qualification.title", "birth_date"])
    text = more + bound.rsplit("~", 1)[1]
    return _kb(
        "sdjwt-kb-sd-hash-mismatch",
        "a disclosure added after the holder signed (sd_hash no longer matches)",
        text,
        "holder_binding.sd_hash_mismatch",
    )


@case
def sdjwt_kb_nonce_not_checked() -> Case:
    return _case(
        "sdjwt-kb-nonce-not-checked",
        "a KB-JWT, but the verifier gave no nonce to check it against",
        _present(),
        ["holder_binding.nonce_not_checked"],
        _checks(holder_binding=IND),
    )


@case
def sdjwt_disclosure_too_deep() -> Case:
    jwt, *rest = _issue().split("~")
    deep = "[" * 50_000 + "]" * 50_000
    bomb = b64url_encode(f'["{SALT}", "x", {deep}]'.encode())
    return _structure(
        "sdjwt-disclosure-too-deep",
        "a disclosure nested 50,000 levels deep (was a RecursionError)",
        "~".join([jwt, bomb, *rest]),
        "structure.too_deep",
    )
