"""The LED registry and wallet gateway (FastAPI + SQLModel) on top of :mod:`vc_led`.

Storage layer: :mod:`issuer.models` (tables), :mod:`issuer.db` (engine, sessions,
migrations), :mod:`issuer.crud` (data functions), :mod:`issuer.audit` (hash-chained audit
log), :mod:`issuer.custody` / :mod:`issuer.pkcs11` (key custody), :mod:`issuer.keyring`
(rotation, DID document). ``vc_led`` never imports this package.
"""

from __future__ import annotations

__all__: list[str] = []
