"""What the gateway benchmark prepares before its timed phases (none of it is timed).

- Citizen sessions the way a browser gets them: ``/login`` at the gateway, the login form at the
  demo OpenID Provider (``scripts/oidc-op``), back to ``/auth/callback``; then the citizen's
  portal page for her record ids and one download of each credential (its path and size).
- OpenID4VCI: one pre-authorized offer per credential request (``create_offer``, as the portal's
  "add to wallet" makes one for one record), each redeemed with its PIN at ``/oid4vci/token``
  (over HTTP); then, once the nonces are fetched, one credential request per access token with
  a ``jwt`` key proof (``openid4vci-proof+jwt``, EdDSA, ``kid`` a ``did:key``) signed by a
  wallet key of its own.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode, urljoin, urlsplit

import httpx2
from _loadgen import Request

PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
FORM = (("Content-Type", "application/x-www-form-urlencoded"),)


@dataclass(frozen=True, slots=True)
class Download:
    """One credential download of a logged-in citizen."""

    path: str
    cookie: str
    body: bytes


def _op_login(authorize_url: str, login: str, password: str) -> str:
    """Play the browser at the provider; the URL it sends the browser back to."""
    base = "{0.scheme}://{0.netloc}".format(urlsplit(authorize_url))
    with httpx2.Client(base_url=base, follow_redirects=False, timeout=30) as op:
        response = op.get(authorize_url)
        while response.status_code in (302, 303):
            response = op.get(urljoin(base, response.headers["location"]))
        match = re.search(r'action="(/interaction/[^"]+/login)"', response.text)
        if match is None:
            raise RuntimeError("the provider showed no login form")
        response = op.post(match.group(1), data={"login": login, "password": password})
        for _ in range(5):
            if response.status_code not in (302, 303):
                break
            location = urljoin(base, response.headers["location"])
            if not location.startswith(base):
                return location
            response = op.get(location)
    raise RuntimeError("the provider did not send the browser back")


def citizen_downloads(public_url: str, login: str, password: str) -> list[Download]:
    """Log in as a citizen; her credential downloads (each fetched once: 200, its size)."""
    with httpx2.Client(base_url=public_url, follow_redirects=False, timeout=30) as gateway:
        start = gateway.get("/login", params={"next": "/"})
        if start.status_code not in (302, 303):
            raise RuntimeError(f"/login answered {start.status_code}")
        back = gateway.get(_op_login(start.headers["location"], login, password))
        cookie = gateway.cookies.get("vcled_session")
        if back.status_code not in (302, 303) or not cookie:
            raise RuntimeError("the login did not give a session")
        home = gateway.get("/")
        found = []
        for record_id in dict.fromkeys(re.findall(r'href="/records/(\d+)"', home.text)):
            path = f"/records/{record_id}/credential.json"
            answer = gateway.get(path)
            if answer.status_code == 200:
                found.append(Download(path, f"vcled_session={cookie}", answer.content))
    return found


def issuable_records(registry: object) -> list[tuple[int, int]]:
    """(holder id, record id) of the registered records that have an issued credential and
    whose holder has a name: the records a wallet can be issued."""
    from sqlmodel import col, select

    from vc_led_issuer.models import Holder, IssuedCredential, Record, RecordState

    query = (
        select(Record.holder_id, Record.id)
        .join(Holder, col(Holder.id) == Record.holder_id)
        .where(Record.state == RecordState.REGISTERED.value)
        .where(col(Holder.given_name).is_not(None), col(Holder.family_name).is_not(None))
        .where(col(Record.id).in_(select(IssuedCredential.record_id)))
        .order_by(col(Record.id))
    )
    with registry.read() as session:  # type: ignore[attr-defined]
        return [(h, r) for h, r in session.exec(query) if h is not None and r is not None]


def token_requests(registry: object, count: int) -> tuple[list[Request], list[int]]:
    """``count`` offers (one record each, records cycled) and the token requests redeeming
    them; the record id of each."""
    from vc_led_issuer.oid4vci.offers import create_offer

    records = issuable_records(registry)
    if not records:
        raise RuntimeError("no issuable record")
    settings = registry.settings  # type: ignore[attr-defined]
    requests, record_ids = [], []
    with registry.write() as session:  # type: ignore[attr-defined]
        for i in range(count):
            holder_id, record_id = records[i % len(records)]
            offer = create_offer(
                session,
                issuer=settings.public_url,
                holder_id=holder_id,
                record_ids=[record_id],
                pepper=settings.pepper_bytes(),
                now=registry.now(),  # type: ignore[attr-defined]
                valid_for=timedelta(hours=1),
                tx_length=6,
            )
            form = {
                "grant_type": PRE_AUTH,
                "pre-authorized_code": offer.pre_authorized_code,
                "tx_code": offer.tx_code,
            }
            requests.append(Request("POST", "/oid4vci/token", FORM, urlencode(form).encode()))
            record_ids.append(record_id)
    return requests, record_ids


def _proof(audience: str, nonce: str) -> tuple[str, str]:
    from jwcrypto import jwk, jws

    from vc_led.keys import KeyPair

    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    pair = KeyPair(key.get_op_key("sign"))
    header = {"typ": "openid4vci-proof+jwt", "alg": "EdDSA", "kid": pair.id}
    claims = {"aud": audience, "iat": int(time.time()), "nonce": nonce}
    token = jws.JWS(json.dumps(claims).encode())
    token.add_signature(key, alg="EdDSA", protected=json.dumps(header))
    return str(token.serialize(compact=True)), pair.public.did_key


def credential_requests(
    audience: str, tokens: list[str], record_ids: list[int], nonces: list[str]
) -> tuple[list[Request], list[str]]:
    """One credential request per (access token, record, nonce); the wallet DID of each."""
    requests, dids = [], []
    for token, record_id, nonce in zip(tokens, record_ids, nonces, strict=False):
        proof, did = _proof(audience, nonce)
        body = {"credential_identifier": f"record-{record_id}", "proofs": {"jwt": [proof]}}
        headers = (("Authorization", f"Bearer {token}"), ("Content-Type", "application/json"))
        requests.append(Request("POST", "/oid4vci/credential", headers, json.dumps(body).encode()))
        dids.append(did)
    return requests, dids


def status_duplicates(registry: object) -> tuple[int, int]:
    """(status entries, entries that another credential also has) over every credential the
    registry issued: concurrent wallet issuance must hand out no status index twice."""
    from collections import Counter

    from sqlmodel import select

    from vc_led_issuer.models import IssuedCredential

    with registry.read() as session:  # type: ignore[attr-defined]
        documents = session.exec(select(IssuedCredential.document)).all()
    entries: Counter[tuple[str, str]] = Counter()
    for document in documents:
        data = json.loads(document) if isinstance(document, str) else document
        status = data.get("credentialStatus", [])
        for entry in status if isinstance(status, list) else [status]:
            entries[(entry["statusListCredential"], entry["statusListIndex"])] += 1
    return sum(entries.values()), sum(n - 1 for n in entries.values() if n > 1)
