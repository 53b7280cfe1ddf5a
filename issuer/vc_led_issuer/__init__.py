"""The LED registry and wallet gateway (FastAPI + SQLModel) on top of :mod:`vc_led`.

Storage: :mod:`vc_led_issuer.models` (tables), :mod:`vc_led_issuer.db` (engine, sessions,
    migrations),
:mod:`vc_led_issuer.crud` (keyword-only data functions, re-exported from
:mod:`vc_led_issuer.crud.records`, :mod:`vc_led_issuer.crud.records_batch`,
:mod:`vc_led_issuer.crud.status_lists`, :mod:`vc_led_issuer.crud.registry`,
:mod:`vc_led_issuer.crud.job_store`), :mod:`vc_led_issuer.audit` (hash-chained audit log), key
custody (:mod:`vc_led_issuer.keys.custody`, :mod:`vc_led_issuer.keys.pkcs11`,
:mod:`vc_led_issuer.keys.keyring`).

Operations: :mod:`vc_led_issuer.context` (the composition root: settings, engine, clock, randomness,
signer), :mod:`vc_led_issuer.publish` and :mod:`vc_led_issuer.publish.trust_bundle` (signed status
lists, trust list and trust bundle), :mod:`vc_led_issuer.publish.trust_store` (the trust registry in
the database), :mod:`vc_led_issuer.lifecycle` (status changes, init, key rotation),
:mod:`vc_led_issuer.jobs` (import, bulk issuance, export), :mod:`vc_led_issuer.demo`. Interfaces:
:mod:`vc_led_issuer.api` (the service) and :mod:`vc_led_issuer.commands` (the ``vc-led`` commands).
``vc_led`` never imports this package.
"""

from __future__ import annotations

__all__: list[str] = []
