"""The token endpoint's grants and the access tokens they give.

- Pre-authorized code: single use (one conditional update), short-lived, with a PIN; a wrong
  PIN counts, and at the configured number of wrong PINs the offer is void. Errors as
  OpenID4VCI 1.0 §6.3 says: a missing PIN is ``invalid_request``, a wrong PIN or a bad,
  used or expired code ``invalid_grant``.
- Access tokens: 256 random bits, stored as a hash with the records they may issue and, when
  the wallet sent a DPoP proof, the key thumbprint they are bound to (``token_type: DPoP``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..context import Registry
from .config import Oid4vciSettings
from .errors import OAuthError
from .models import ArtifactKind
from .store import live_offer, purge_expired, put_artifact, tx_code_hash

__all__ = ["Grant", "issue_access_token", "redeem_pre_authorized"]


@dataclass(frozen=True, slots=True)
class Grant:
    """What an access token allows: the citizen's records, and the DPoP key it is bound to."""

    holder_id: int
    record_ids: tuple[int, ...]
    jkt: str | None = None
    issued: tuple[str, ...] = field(default=())  # credential identifiers issued so far


def _grant_error(code: str, description: str) -> OAuthError:
    return OAuthError("invalid_grant", f"oid4vci.{code}", description)


def redeem_pre_authorized(
    registry: Registry, settings: Oid4vciSettings, *, code: str, tx_code: str | None
) -> Grant:
    """Redeem a pre-authorized code with its PIN.

    Raises:
        OAuthError: ``invalid_grant`` (``oid4vci.code_invalid``: unknown, used, revoked or
            expired; ``oid4vci.tx_code_wrong``; ``oid4vci.tx_code_exhausted``: the offer is
            now void), ``invalid_request`` (``oid4vci.tx_code_missing``).
    """
    now = registry.now()
    outcome: str
    with registry.write() as session:
        offer = live_offer(session, code=code, now=now)
        if offer is None:
            outcome = "code_invalid"
        elif offer.tx_code_hash is not None and not tx_code:
            outcome = "tx_code_missing"
        elif offer.tx_code_hash is not None and not secrets.compare_digest(
            offer.tx_code_hash,
            tx_code_hash(
                registry.settings.pepper_bytes(), offer_id=offer.id, tx_code=tx_code or ""
            ),
        ):
            offer.failed_attempts += 1
            outcome = "tx_code_wrong"
            if offer.failed_attempts >= settings.tx_code_attempts:
                offer.revoked_at, outcome = now, "tx_code_exhausted"
            session.add(offer)
        else:
            offer.redeemed_at, outcome = now, "ok"
            session.add(offer)
            grant = Grant(offer.holder_id, tuple(offer.record_ids))
    if outcome == "ok":
        return grant
    if outcome == "tx_code_missing":
        raise OAuthError("invalid_request", "oid4vci.tx_code_missing", "the offer needs its PIN")
    if outcome == "tx_code_wrong":
        raise _grant_error(outcome, "the PIN is wrong")
    if outcome == "tx_code_exhausted":
        raise _grant_error(outcome, "too many wrong PINs: the offer is void")
    raise _grant_error(outcome, "the code is unknown, used or expired")


def issue_access_token(
    registry: Registry,
    settings: Oid4vciSettings,
    *,
    grant: Grant,
    identifiers: dict[str, list[str]],
) -> dict[str, Any]:
    """Store a new access token for ``grant``; the token response.

    Args:
        identifiers: credential configuration id -> the credential identifiers of the
            grant's records (for ``authorization_details``).
    """
    token = secrets.token_urlsafe(32)
    now = registry.now()
    data = {"records": list(grant.record_ids), "jkt": grant.jkt, "issued": []}
    with registry.write() as session:
        purge_expired(session, now=now)
        put_artifact(
            session,
            kind=ArtifactKind.ACCESS_TOKEN,
            value=token,
            now=now,
            lifetime=timedelta(seconds=settings.access_token_seconds),
            holder_id=grant.holder_id,
            data=data,
        )
    return {
        "access_token": token,
        "token_type": "DPoP" if grant.jkt else "Bearer",
        "expires_in": settings.access_token_seconds,
        "authorization_details": [
            {
                "type": "openid_credential",
                "credential_configuration_id": cid,
                "credential_identifiers": ids,
            }
            for cid, ids in identifiers.items()
        ],
    }
