"""LED (Leer- en Ervaringsbewijzendatabank) records: model, import, rules, code lists, test data.

- :class:`LedRecord`: every element of the LED ``Bewijs`` schema v2.00 in English, without
  the holder; the INSZ lives in :class:`HolderIdentity` (masked in every ``repr``).
- :func:`parse_geef_bewijs` / :func:`load_geef_bewijs`: MAGDA ``GeefBewijsResponse``
  answers, hardened and XSD-validated, with per-record errors.
- :func:`read_jsonl` / :func:`write_jsonl`: the JSON lines form, for suppliers without MAGDA.
- :func:`validate_record`: the rules of the schema annotations, with stable codes.
- :mod:`vc_led.led.codelists`: observed taxonomy values, ISCED, VKS/EQF with EU URIs.
- :mod:`vc_led.led.synthetic`: deterministic synthetic data (not imported by this package).
- :func:`issue_credential`: a record + a :class:`Holder` -> a signed credential, through the
  profiles of :mod:`vc_led.led.profiles` (qualification, competence / micro-credential /
  Open Badges 3.0, equivalence, self-declared), the LED vocabulary (:mod:`vc_led.led.vocab`,
  ``https://w3id.org/vc-led/v1``) and the JSON Schemas in ``vc_led/led/schemas/``.

Importers never raise because of what the input holds: they return an
:class:`ImportResult` with the accepted ``records`` and the ``errors``
(:class:`RecordIssue`, stable :class:`IssueCode`).
"""

from __future__ import annotations

from .formats.imported import ImportedRecord, ImportResult
from .formats.jsonl import dumps_line, iter_jsonl, load_jsonl, read_jsonl, write_jsonl
from .formats.magda import (
    AnswerStatus,
    MagdaNotice,
    MagdaResult,
    load_geef_bewijs,
    parse_geef_bewijs,
)
from .formats.magda_write import geef_bewijs_response
from .holder import HolderIdentity, insz_checksum_ok, is_synthetic_insz
from .issues import IssueCode, RecordIssue, Severity
from .issuing import issue_credential
from .model import (
    AUTHORISATION_FIELDS,
    DerivedClassification,
    LedRecord,
    RecordBasis,
    RecordStatus,
    Supplier,
)
from .parts import (
    AdditionalInfo,
    AlternativeAuthority,
    CodedValue,
    Institution,
    LearningOutcome,
    NamedCode,
    Qualification,
    Subject,
    Supplement,
    TypeCode,
)
from .profiles import (
    CredentialProfile,
    Holder,
    RecordNotIssuableError,
    build_credential,
    select_profile,
)
from .validation import validate_record
from .values import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    DatePrecision,
    PartialDate,
    PseudoKind,
    PseudoValue,
    Text,
    ValidityPeriod,
    parse_validity_period,
)

__all__ = [
    "AUTHORISATION_FIELDS",
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "AdditionalInfo",
    "AlternativeAuthority",
    "AnswerStatus",
    "CodedValue",
    "CredentialProfile",
    "DatePrecision",
    "DerivedClassification",
    "Holder",
    "HolderIdentity",
    "ImportResult",
    "ImportedRecord",
    "Institution",
    "IssueCode",
    "LearningOutcome",
    "LedRecord",
    "MagdaNotice",
    "MagdaResult",
    "NamedCode",
    "PartialDate",
    "PseudoKind",
    "PseudoValue",
    "Qualification",
    "RecordBasis",
    "RecordIssue",
    "RecordNotIssuableError",
    "RecordStatus",
    "Severity",
    "Subject",
    "Supplement",
    "Supplier",
    "Text",
    "TypeCode",
    "ValidityPeriod",
    "build_credential",
    "dumps_line",
    "geef_bewijs_response",
    "insz_checksum_ok",
    "is_synthetic_insz",
    "issue_credential",
    "iter_jsonl",
    "load_geef_bewijs",
    "load_jsonl",
    "parse_geef_bewijs",
    "parse_validity_period",
    "read_jsonl",
    "select_profile",
    "validate_record",
    "write_jsonl",
]
