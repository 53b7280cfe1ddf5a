"""Exceptions of the LED registry. Messages never contain an INSZ, a key, a PIN or a passphrase::

VcLedError                      (vc_led.errors)
└── RegistryError               a registry operation that cannot be done
    ├── NotFoundError           no such record, credential, key, job...
    ├── HolderMismatchError     a record that would move to another holder (also ValueError)
    ├── StatusChangeError       e.g. un-revoking, or a credential without that purpose
    ├── AllocationError         a status index that was not allocated, or already used
    └── KeyCustodyError         a key file that cannot be decrypted, a PKCS#11 failure
"""

from __future__ import annotations

from vc_led.errors import VcLedError

__all__ = [
    "AllocationError",
    "HolderMismatchError",
    "KeyCustodyError",
    "NotFoundError",
    "RegistryError",
    "StatusChangeError",
]


class RegistryError(VcLedError):
    """A registry operation that cannot be done."""


class NotFoundError(RegistryError):
    """The record, credential, key or job does not exist."""


class HolderMismatchError(RegistryError, ValueError):
    """A record already stored for another holder: cancel it and register anew."""


class StatusChangeError(RegistryError):
    """A status change that is not allowed (revocation is irreversible)."""


class AllocationError(RegistryError):
    """A status index that was not allocated, or is already bound to a credential."""


class KeyCustodyError(RegistryError):
    """A key that cannot be loaded or used (wrong passphrase, corrupted file, token error)."""
