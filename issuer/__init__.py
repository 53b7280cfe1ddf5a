"""The LED registry and wallet gateway (FastAPI + SQLModel) on top of :mod:`vc_led`.

Storage: :mod:`issuer.models` (tables), :mod:`issuer.db` (engine, sessions, migrations),
:mod:`issuer.crud` (keyword-only data functions, re-exported from :mod:`issuer.records`,
:mod:`issuer.records_batch`, :mod:`issuer.status_lists`, :mod:`issuer.registry`,
:mod:`issuer.job_store`), :mod:`issuer.audit` (hash-chained audit log), key custody
(:mod:`issuer.custody`, :mod:`issuer.pkcs11`, :mod:`issuer.keyring`).

Operations: :mod:`issuer.context` (the composition root: settings, engine, clock, randomness,
signer), :mod:`issuer.publish` and :mod:`issuer.trust_bundle` (signed status lists, trust list
and trust bundle), :mod:`issuer.trust_store` (the trust registry in the database),
:mod:`issuer.lifecycle` (status changes, init, key rotation), :mod:`issuer.jobs` (import, bulk
issuance, export), :mod:`issuer.demo`. Interfaces: :mod:`issuer.api` (the service) and
:mod:`issuer.cli` (the ``vc-led`` commands). ``vc_led`` never imports this package.
"""

from __future__ import annotations

__all__: list[str] = []
