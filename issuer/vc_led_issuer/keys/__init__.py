"""Signing keys of the registry: key custody (encrypted key file, PKCS#11) and the keyring
(creation, rotation, the DID document)."""

from __future__ import annotations

__all__: list[str] = []
