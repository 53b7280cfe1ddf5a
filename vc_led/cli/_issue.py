"""``vc-led issue``: one signed credential per LED record of a JSON lines file or a MAGDA
``GeefBewijsResponse``, written to a directory.

Each file is written to a temporary name in the output directory and renamed when complete,
so a failure never leaves a partial file. File names are ``<n>-<profile>-<uuid>.json``: the
record's position, the profile and the credential's own id -- never the INSZ or a LED or
supplier reference. Problems are reported per record on standard error (codes and positions;
messages never hold an INSZ); the exit code is 1 when any record was not issued.

The holder options (``--given-name``, ``--family-name``, ``--birth-date``, ``--holder-did``)
describe one person, so the input must hold the records of one holder: an input with records
of several holders (by INSZ) is refused before anything is written (exit 2); split it per
holder. Before issue 11 one name was silently applied to every holder's records.

``--format dc+sd-jwt`` issues the SD-JWT VC rendition instead
(:func:`vc_led.led.issuing_sdjwt.issue_sd_jwt_credential`): ``<n>-<profile>-<uuid>.sd-jwt``
files holding the compact SD-JWT VC, bound to ``--holder-key`` (a key file or a public JWK;
without it, to the key of a ``did:key`` ``--holder-did``; else unbound), with ``--issuer`` as
``iss`` (default: the key's controller) and ``--x5c CHAIN.pem`` as the ``x5c`` header.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from jwcrypto import jwk

from ..errors import KeyFormatError, SigningError
from ..jose import JoseError, public_key_of_jwk
from ..keys import PublicKey, SigningKey, decode_multikey, load_key_file
from ..led import Holder, ImportResult, load_geef_bewijs, load_jsonl, select_profile
from ..led.formats.imported import ImportedRecord
from ..led.issuing import issue_credential
from ..led.issuing_sdjwt import issue_sd_jwt_credential
from ..led.profiles import RecordNotIssuableError
from ..x509 import load_pem_chain, x5c_of
from ._io import UsageError, err, parse_when

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``issue``."""
    p = sub.add_parser(
        "issue",
        help="issue signed credentials from LED records",
        description="Issue one signed credential per LED record. The holder options name one "
        "person: the input must hold the records of a single holder (an input with records "
        "of several holders is refused, exit 2; split it per holder).",
    )
    p.add_argument("--key", required=True, help="issuer key file (W3C test-vector JSON form)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--record", metavar="REC.jsonl", help="LED records as JSON lines")
    source.add_argument("--magda", metavar="RESPONSE.xml", help="a MAGDA GeefBewijsResponse")
    p.add_argument("--holder-did", help="the holder's wallet DID (credentialSubject.id)")
    p.add_argument("--given-name", help="the holder's given name (from the login)")
    p.add_argument("--family-name", help="the holder's family name (from the login)")
    p.add_argument("--birth-date", help="the holder's birth date, YYYY-MM-DD")
    p.add_argument("--issuer", help="issuer DID (default: the key's controller, the LED registry)")
    p.add_argument("--now", help="issuance time (dateTimeStamp; default: now)")
    p.add_argument(
        "--format",
        choices=("ldp_vc", "dc+sd-jwt"),
        default="ldp_vc",
        help="ldp_vc: W3C VC with a Data Integrity proof (.json, default); dc+sd-jwt: the "
        "SD-JWT VC rendition (.sd-jwt)",
    )
    p.add_argument(
        "--holder-key",
        metavar="KEY.json",
        help="dc+sd-jwt: the holder's key (key file or public JWK), bound as cnf "
        "(default: the key of a did:key --holder-did)",
    )
    p.add_argument(
        "--x5c",
        metavar="CHAIN.pem",
        help="dc+sd-jwt: the issuer's certificate chain (PEM, leaf first) for the x5c header "
        "(HAIP); --issuer must then be a SAN URI of the leaf",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="directory for the credentials")
    p.set_defaults(handler=run)


def _holder(args: argparse.Namespace) -> Holder:
    try:
        birth = date.fromisoformat(args.birth_date) if args.birth_date else None
        return Holder(
            given_name=args.given_name,
            family_name=args.family_name,
            birth_date=birth,
            did=args.holder_did,
        )
    except ValueError as exc:
        raise UsageError(f"holder: {exc}") from None


def _load(args: argparse.Namespace) -> ImportResult:
    path = args.record or args.magda
    try:
        if args.record:
            return load_jsonl(path)
        return load_geef_bewijs(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def _one_holder(result: ImportResult) -> None:
    """Refuse an input whose accepted records belong to more than one holder.

    Raises:
        UsageError: naming how many holders (never who: no INSZ).
    """
    holders = {entry.holder for entry in result.records}
    if len(holders) > 1:
        raise UsageError(
            f"the input holds records of {len(holders)} different holders; the holder "
            "options (--given-name, --family-name, --birth-date, --holder-did) describe one "
            "person: issue each holder's records separately"
        )


def _holder_key(args: argparse.Namespace) -> PublicKey | None:
    """The key bound as ``cnf``: ``--holder-key`` (key file or public JWK), else the key of a
    ``did:key`` holder DID, else None.

    Raises:
        UsageError: for an unreadable key or a ``did:key`` that does not decode.
    """
    if args.holder_key is None:
        did = args.holder_did or ""
        if not did.startswith("did:key:"):
            return None
        try:
            return decode_multikey(did.removeprefix("did:key:").split("#")[0])
        except (KeyFormatError, ValueError) as exc:
            raise UsageError(f"--holder-did: {exc}") from None
    try:
        data = json.loads(Path(args.holder_key).read_text(encoding="utf-8"))
        if isinstance(data, dict) and "kty" in data:
            return public_key_of_jwk(jwk.JWK(**data))
        return load_key_file(args.holder_key).public
    except (OSError, ValueError, KeyFormatError, JoseError, TypeError) as exc:
        raise UsageError(f"--holder-key: cannot read {args.holder_key}: {exc}") from None


def _x5c(args: argparse.Namespace) -> list[str]:
    """The ``x5c`` header of ``--x5c`` (empty without it).

    Raises:
        UsageError: an unreadable chain, or ``--x5c`` without ``--format dc+sd-jwt``.
    """
    if args.x5c is None:
        return []
    if args.format != "dc+sd-jwt":
        raise UsageError("--x5c is the SD-JWT VC header: use it with --format dc+sd-jwt")
    try:
        return x5c_of(load_pem_chain(args.x5c))
    except (OSError, ValueError) as exc:
        raise UsageError(f"--x5c {args.x5c}: {exc}") from None


def _write_atomically(directory: Path, name: str, document: dict[str, Any] | str) -> Path:
    if isinstance(document, str):
        data = document.encode("utf-8")
    else:
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        target = directory / name
        os.replace(temporary, target)
        return target
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _issue_one(
    entry: ImportedRecord, args: argparse.Namespace, key: SigningKey, holder: Holder
) -> Path:
    credential_id = uuid.uuid4()
    profile = select_profile(entry.record).value
    if args.format == "dc+sd-jwt":
        text = issue_sd_jwt_credential(
            record=entry.record,
            holder=holder,
            issuer_key=key,
            issuer=args.issuer or key.controller,
            holder_key=args.cnf_key,
            x5c=args.x5c_chain,
            now=args.moment,
        )
        return _write_atomically(
            args.out_dir, f"{entry.index:04d}-{profile}-{credential_id}.sd-jwt", text
        )
    signed = issue_credential(
        record=entry.record,
        holder=holder,
        issuer_key=key,
        issuer=args.issuer,
        credential_id=f"urn:uuid:{credential_id}",
        now=args.moment,
    )
    name = f"{entry.index:04d}-{profile}-{credential_id}.json"
    return _write_atomically(args.out_dir, name, signed)


def _reason(exc: Exception) -> str:
    if isinstance(exc, SigningError):
        return f"{exc.code}: {exc.message}"
    if isinstance(exc, OSError):
        return f"cannot write: {exc.strerror or exc}"
    return str(exc)


def _report_import(result: ImportResult) -> int:
    for issue in result.errors:
        where = f"record {issue.record_index}" if issue.record_index else "input"
        err(f"vc-led issue: {where}: {issue.code.value}: {issue.message}")
    return len(result.errors)


def run(args: argparse.Namespace) -> int:
    """Issue a credential for every accepted record."""
    try:
        key = load_key_file(args.key)
        holder = _holder(args)
        if args.holder_key is not None and args.format != "dc+sd-jwt":
            raise UsageError("--holder-key binds an SD-JWT VC: use it with --format dc+sd-jwt")
        args.cnf_key = _holder_key(args) if args.format == "dc+sd-jwt" else None
        args.x5c_chain = _x5c(args)
        args.moment = parse_when(args.now, "--now")
        args.out_dir = Path(args.out)
        args.out_dir.mkdir(parents=True, exist_ok=True)
        result = _load(args)
        _one_holder(result)
    except (UsageError, KeyFormatError, OSError) as exc:
        err(f"vc-led issue: {exc}")
        return 2
    failed = _report_import(result)
    written = 0
    for entry in result.records:
        try:
            path = _issue_one(entry, args, key, holder)
        except (SigningError, RecordNotIssuableError, OSError) as exc:
            err(f"vc-led issue: record {entry.index}: not issued: {_reason(exc)}")
            failed += 1
            continue
        print(path)  # noqa: T201
        written += 1
    err(f"vc-led issue: {written} credential(s) written to {args.out_dir}, {failed} failed")
    return 1 if failed else 0
