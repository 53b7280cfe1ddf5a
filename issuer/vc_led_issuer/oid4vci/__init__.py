"""OpenID for Verifiable Credential Issuance 1.0 (final): the wallet half of the gateway.

- :mod:`.config` — settings (``VCLED_OID4VCI_*``): lifetimes, PIN attempts, DPoP required.
- :mod:`.models` — the tables: offers, and one-time artefacts (nonces, access tokens, PAR
  requests, authorization codes, DPoP proof ids). Only hashes of codes, PINs and tokens.
- :mod:`.store` — data functions over them (single use is one conditional UPDATE).
- :mod:`.metadata` — credential issuer and authorization server metadata.
- :mod:`.offers` — credential offers (pre-authorized code + PIN), their URI and QR code.
- :mod:`.jose` — the JOSE checks both proofs share (algorithm allowlist, keys, thumbprints).
- :mod:`.proofs` — ``jwt`` key proofs (``openid4vci-proof+jwt``).
- :mod:`.dpop` — DPoP proofs (RFC 9449).
- :mod:`.tokens` — the token endpoint's grants and the access tokens they give.
- :mod:`.access` — what a request presents: DPoP proofs (once per ``jti``), access tokens.
- :mod:`.credential` — the credential endpoint's work (which record, proof, nonce, issue).
- :mod:`.issuing` — a LED credential bound to the wallet key, with fresh status entries.
- :mod:`.errors` — OAuth error responses (also RFC 9457 problem documents).

Routes are in :mod:`vc_led_issuer.api.routes.oid4vci` (metadata, nonce, token, credential),
:mod:`vc_led_issuer.api.routes.oid4vci_authorize` (PAR, authorize) and
:mod:`vc_led_issuer.api.routes.wallet_offer` (the portal's offer page); bulk offers in
:mod:`vc_led_issuer.jobs.offers` and the command in :mod:`vc_led_issuer.commands.offers`.
"""

from __future__ import annotations

__all__: list[str] = []
