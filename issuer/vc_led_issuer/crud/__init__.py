"""Data functions of the LED registry: keyword-only, one transaction is the caller's session.

Mutating functions need a :func:`vc_led_issuer.db.write_session` on SQLite (``BEGIN IMMEDIATE``); on
PostgreSQL they lock what they change. The functions live in :mod:`vc_led_issuer.crud.records`
(holders, records), :mod:`vc_led_issuer.crud._credentials` (issuance log, status changes),
:mod:`vc_led_issuer.crud.status_lists`, :mod:`vc_led_issuer.crud.token_status`,
:mod:`vc_led_issuer.crud.registry`,
:mod:`vc_led_issuer.crud.operators`, :mod:`vc_led_issuer.crud.job_store` and
:mod:`vc_led_issuer.keys.keyring`; they are re-exported here, so routes and jobs import one module.
"""

from __future__ import annotations

from ._credentials import (
    credential_status,
    credentials_for_record,
    get_credential,
    issuance_family,
    record_issued_credential,
    set_credential_status,
    token_status,
)
from .job_store import create_job, finish_job, get_job, update_job
from .operators import (
    add_operator,
    authenticate_operator,
    disable_operator,
    list_operators,
    new_operator_token,
)
from .records import (
    UpsertOutcome,
    find_holder,
    get_or_create_holder,
    list_records,
    upsert_led_record,
    upsert_record,
)
from .registry import (
    add_accreditation,
    add_issuer,
    add_protocol,
    get_protocol,
    list_issuers,
    set_issuer_status,
)
from .status_lists import StatusEntry, allocate_status_entries, allocate_status_indexes
from .token_status import TokenStatusEntry, allocate_token_status_indexes

__all__ = [
    "StatusEntry",
    "TokenStatusEntry",
    "UpsertOutcome",
    "add_accreditation",
    "add_issuer",
    "add_operator",
    "add_protocol",
    "allocate_status_entries",
    "allocate_status_indexes",
    "allocate_token_status_indexes",
    "authenticate_operator",
    "create_job",
    "credential_status",
    "credentials_for_record",
    "disable_operator",
    "find_holder",
    "finish_job",
    "get_credential",
    "get_job",
    "get_or_create_holder",
    "get_protocol",
    "issuance_family",
    "list_issuers",
    "list_operators",
    "list_records",
    "new_operator_token",
    "record_issued_credential",
    "set_credential_status",
    "set_issuer_status",
    "token_status",
    "update_job",
    "upsert_led_record",
    "upsert_record",
]
