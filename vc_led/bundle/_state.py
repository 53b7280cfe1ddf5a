"""The verifier's local trust state: per registry, the newest trust bundle it accepted and every
registry key-rotation link it has seen.

A bundle only speaks for itself: whoever holds a retired registry key can sign a bundle that
leaves the rotation out, and anyone can hand a verifier an older, validly signed bundle from
before a revocation. A verifier that remembers what it accepted refuses both
(``bundle.key_retired`` through the remembered chain, ``bundle.rolled_back`` for a bundle older
than the newest accepted). The state is a small JSON file whose location the caller chooses
(``TrustState(path)``; the command line's ``--trust-state``); it is replaced atomically and
holds only public data (DIDs, bundle ids and times, signed links)::

    {"type": "LedVerifierTrustState", "version": 1,
     "registries": {"did:web:led.example": {"bundleId": "...", "created": "2026-...Z",
                                            "acceptedAt": "2026-...Z", "registryKeyChain": [...]}}}

Links read back are verified again (a state file can lose links, never forge them).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .._time import format_datetime, parse_datetime_stamp
from ..errors import ConfigurationError
from ._chain import MAX_LINKS, KeyLink, read_chain
from ._errors import BundleError

__all__ = ["STATE_TYPE", "TrustRecord", "TrustState", "merge_chains"]

STATE_TYPE = "LedVerifierTrustState"
_VERSION = 1
_MAX_STATE_BYTES = 4 * 1024 * 1024
_MAX_REGISTRIES = 64


@dataclass(frozen=True, slots=True, kw_only=True)
class TrustRecord:
    """What a verifier remembers about one registry.

    Attributes:
        registry_did: the registry's DID.
        bundle_id: the ``id`` of the newest bundle accepted.
        created: that bundle's creation time (no older bundle is accepted after it).
        accepted_at: when it was accepted (the verifier's clock).
        key_chain: every verified key-rotation link seen for this registry, oldest first.
    """

    registry_did: str
    bundle_id: str
    created: datetime
    accepted_at: datetime
    key_chain: tuple[KeyLink, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept in the state file."""
        return {
            "bundleId": self.bundle_id,
            "created": format_datetime(self.created),
            "acceptedAt": format_datetime(self.accepted_at),
            "registryKeyChain": [link.to_dict() for link in self.key_chain],
        }


def merge_chains(*chains: Sequence[KeyLink]) -> tuple[KeyLink, ...]:
    """The links of every chain, each once (the first occurrence), keeping their order."""
    seen: dict[tuple[str, str, str], KeyLink] = {}
    for chain in chains:
        for link in chain:
            seen.setdefault((link.previous_key, link.next_key, link.signature), link)
    return tuple(seen.values())[-MAX_LINKS:]


def _invalid(path: Path, why: str) -> ConfigurationError:
    return ConfigurationError(f"trust state {path}: {why} (move it away to start afresh)")


def _record(did: str, data: Any, path: Path) -> TrustRecord:
    if not isinstance(data, Mapping):
        raise _invalid(path, f"the entry of {did[:80]!r} is not an object")
    created = parse_datetime_stamp(data.get("created"))
    accepted = parse_datetime_stamp(data.get("acceptedAt"))
    if created is None or accepted is None or not isinstance(data.get("bundleId"), str):
        raise _invalid(path, f"the entry of {did[:80]!r} lacks bundleId, created or acceptedAt")
    try:
        chain = read_chain(data.get("registryKeyChain"), registry=did)
    except BundleError as exc:
        raise _invalid(path, exc.message) from None
    return TrustRecord(
        registry_did=did,
        bundle_id=str(data["bundleId"]),
        created=created,
        accepted_at=accepted,
        key_chain=chain,
    )


class TrustState:
    """A verifier's trust state kept in one JSON file (see the module docstring).

    Nothing is global: each :class:`TrustState` is the file its caller names. A missing file is
    an empty state; a file that cannot be read is a :class:`~vc_led.errors.ConfigurationError`
    (never silently forgotten).

    Args:
        path: the state file (its directory is created when the state is first written).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def records(self) -> dict[str, TrustRecord]:
        """Every registry's record.

        Raises:
            ConfigurationError: when the file exists but is not a readable trust state.
        """
        try:
            with self.path.open("rb") as fh:
                raw = fh.read(_MAX_STATE_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise _invalid(self.path, exc.strerror or "cannot be read") from None
        if len(raw) > _MAX_STATE_BYTES:
            raise _invalid(self.path, "too large")
        try:
            data = json.loads(raw)
        except ValueError:
            raise _invalid(self.path, "not JSON") from None
        if not isinstance(data, Mapping) or data.get("type") != STATE_TYPE:
            raise _invalid(self.path, f"not a {STATE_TYPE}")
        if data.get("version") != _VERSION or not isinstance(data.get("registries"), Mapping):
            raise _invalid(self.path, "of an unknown version")
        return {str(d): _record(str(d), v, self.path) for d, v in data["registries"].items()}

    def record(self, registry_did: str) -> TrustRecord | None:
        """What is remembered about ``registry_did`` (``None``: nothing yet).

        Raises:
            ConfigurationError: when the file is not a readable trust state.
        """
        return self.records().get(registry_did)

    def remember(
        self,
        *,
        registry_did: str,
        bundle_id: str,
        created: datetime,
        key_chain: Iterable[KeyLink],
        now: datetime,
    ) -> TrustRecord:
        """Record an accepted bundle: it becomes the newest unless a newer one is on record,
        and its links join the remembered chain. The file is replaced atomically.

        Returns:
            The registry's record as written.

        Raises:
            ConfigurationError: when the file is not a readable trust state or cannot be written.
        """
        records = self.records()
        old = records.get(registry_did)
        chain = merge_chains(old.key_chain if old else (), tuple(key_chain))
        if old is not None and old.created > created:
            new = TrustRecord(
                registry_did=registry_did,
                bundle_id=old.bundle_id,
                created=old.created,
                accepted_at=old.accepted_at,
                key_chain=chain,
            )
        else:
            new = TrustRecord(
                registry_did=registry_did,
                bundle_id=bundle_id,
                created=created,
                accepted_at=now,
                key_chain=chain,
            )
        records[registry_did] = new
        if len(records) > _MAX_REGISTRIES:
            raise _invalid(self.path, f"more than {_MAX_REGISTRIES} registries")
        self._write(records)
        return new

    def _write(self, records: Mapping[str, TrustRecord]) -> None:
        body = {
            "type": STATE_TYPE,
            "version": _VERSION,
            "registries": {did: r.to_dict() for did, r in sorted(records.items())},
        }
        text = json.dumps(body, indent=1, ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".vc-led-", suffix=".tmp")
        except OSError as exc:
            raise _invalid(self.path, exc.strerror or "cannot be written") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise _invalid(self.path, exc.strerror or "cannot be written") from None
