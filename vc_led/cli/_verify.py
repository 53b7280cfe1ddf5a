"""``vc-led verify``: a readable report in English or Dutch, or ``--json`` for the stable result.

With ``--bundle``, everything comes from a signed trust bundle checked against the pinned
registry key (and the verifier's trust state): keys, the accredited issuers, status list
snapshots. Nothing is fetched.

The input is read as bytes and handed to :meth:`vc_led.Verifier.verify` untouched: it is parsed
once, with the limits applied first, and the verifier tells a credential, a presentation and a
stapled credential apart. Input nested too deeply or not JSON is a verification result like any
other (``structure.too_deep``, ``structure.malformed_json``; exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cryptography import x509

from .._jsontext import loads_bounded
from ..bundle import TrustBundle
from ..dids import DidResolver
from ..errors import DocumentError, KeyFormatError
from ..jose import parse_public_jwk, public_key_of_jwk
from ..keys import PublicKey, load_key_file
from ..limits import DEFAULT_LIMITS
from ..policy import VerificationPolicy
from ..results import Outcome
from ..verify import Verifier
from ..x509 import load_pem_chain
from ._bundle import add_pin_option, load_bundle_file, pinned_keys, trust_state
from ._io import UsageError, err, parse_when, read_input, registry_with, write_output
from ._report import render_report

__all__ = ["register"]

EXIT = {Outcome.VERIFIED: 0, Outcome.FAILED: 1, Outcome.INDETERMINATE: 2}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``verify``."""
    p = sub.add_parser("verify", help="verify a VC or VP (exit 0 verified, 1 not, 2 undecided)")
    p.add_argument("--json", action="store_true", help="print the stable JSON result")
    p.add_argument(
        "--trust-issuer",
        action="append",
        default=[],
        metavar="DID",
        help="trust this issuer (repeatable)",
    )
    p.add_argument(
        "--any-issuer",
        action="store_true",
        help="UNSAFE: accept any issuer whose own key made the proof",
    )
    p.add_argument("--now", help="verify as of this time (dateTimeStamp)")
    p.add_argument(
        "--challenge",
        "--nonce",
        dest="challenge",
        help="expected presentation challenge (SD-JWT VC: the KB-JWT nonce)",
    )
    p.add_argument(
        "--domain", "--aud", dest="domain", help="expected domain (SD-JWT VC: the KB-JWT aud)"
    )
    p.add_argument(
        "--issuer-key",
        action="append",
        default=[],
        metavar="ISS=FILE",
        help="an SD-JWT VC issuer's public key (key file or public JWK) for this iss",
    )
    p.add_argument(
        "--x5c-anchor",
        action="append",
        default=[],
        metavar="PEM",
        help="trusted root certificates (PEM) for SD-JWT VC x5c chains",
    )
    p.add_argument("--allow-unsigned-presentation", action="store_true")
    p.add_argument(
        "--allow-presenter-not-subject",
        action="store_true",
        help="UNSAFE: accept a presentation signed by someone other than a credential's subject",
    )
    p.add_argument(
        "--did-document",
        action="append",
        default=[],
        metavar="FILE",
        help="a DID document to resolve keys from (did:web; never fetched)",
    )
    p.add_argument(
        "--context",
        action="append",
        metavar="URL=FILE",
        help="serve an extra JSON-LD context offline",
    )
    _add_bundle_options(p)
    p.add_argument("input", metavar="INPUT", help="the VC, VP or SD-JWT VC ('-' for stdin)")
    p.set_defaults(handler=run)


def _add_bundle_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--bundle",
        metavar="FILE",
        help="verify offline against this signed trust bundle (keys, issuers, status lists)",
    )
    add_pin_option(p)
    p.add_argument("--bundle-max-age", type=float, metavar="DAYS", help="oldest bundle accepted")
    p.add_argument(
        "--require-authentic",
        action="store_true",
        help="fail self-declared records and records that do not state their authenticity",
    )
    p.add_argument("--lang", choices=["en", "nl"], default="en", help="report language")


def _resolver(files: list[str]) -> DidResolver:
    resolver = DidResolver()
    for file in files:
        try:
            document = loads_bounded(Path(file).read_bytes(), max_depth=DEFAULT_LIMITS.max_depth)
            resolver.add(document)
        except DocumentError as exc:
            raise UsageError(f"--did-document {file}: {exc.message}") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(f"--did-document {file}: {exc}") from None
    return resolver


def _bundle(args: argparse.Namespace) -> TrustBundle | None:
    if args.bundle is None:
        return None
    try:
        data = Path(args.bundle).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.bundle}: {exc.strerror}") from None
    return load_bundle_file(
        data,
        pins=pinned_keys(args.pinned_key, demo=args.insecure_demo_pin),
        now=args.now,
        max_age_days=args.bundle_max_age,
        lang=args.lang,
        state=trust_state(args),
    )


def _verifier(args: argparse.Namespace) -> Verifier:
    bundle = _bundle(args)
    policy = VerificationPolicy(
        trusted_issuers=frozenset(args.trust_issuer),
        accept_any_issuer=args.any_issuer,
        allow_unsigned_presentations=args.allow_unsigned_presentation,
        allow_presenter_not_subject=args.allow_presenter_not_subject,
        require_authentic=args.require_authentic,
    )
    resolver = _resolver(args.did_document)
    contexts = registry_with(args.context)
    sdjwt: dict[str, Any] = {
        "issuer_keys": _issuer_keys(args.issuer_key),
        "x509_anchors": _anchors(args.x5c_anchor),
    }
    if bundle is None:
        return Verifier(policy, resolver=resolver, contexts=contexts, **sdjwt)
    for document in bundle.did_documents.values():
        resolver.add(document)
    return Verifier.from_bundle(
        bundle, policy=policy, resolver=resolver, contexts=contexts, **sdjwt
    )


def _anchors(files: list[str]) -> list[x509.Certificate] | None:
    """The root certificates of ``--x5c-anchor`` PEM files (``None`` when none is given)."""
    roots: list[x509.Certificate] = []
    for file in files:
        try:
            roots += load_pem_chain(file)
        except (OSError, ValueError) as exc:
            raise UsageError(f"--x5c-anchor {file}: {exc}") from None
    return roots or None


def _issuer_keys(pairs: list[str]) -> dict[str, list[PublicKey]]:
    """``ISS=FILE`` pairs: a vc-led key file or a public JWK per SD-JWT VC issuer."""
    keys: dict[str, list[PublicKey]] = {}
    for pair in pairs:
        iss, sep, file = pair.rpartition("=")
        if not sep or not iss or not file:
            raise UsageError(f"--issuer-key {pair!r}: expected ISS=FILE")
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
            if isinstance(data, dict) and "kty" in data:
                public = public_key_of_jwk(parse_public_jwk(data))
            else:
                public = load_key_file(file).public
        except (OSError, ValueError, KeyFormatError) as exc:
            raise UsageError(f"--issuer-key {file}: {exc}") from None
        keys.setdefault(iss, []).append(public)
    return keys


def run(args: argparse.Namespace) -> int:
    """Verify the input; print the report; return 0, 1 or 2."""
    try:
        data = read_input(args.input)
        now = parse_when(args.now, "--now")
        verifier = _verifier(args)
    except UsageError as exc:
        err(f"vc-led verify: {exc}")
        return 2
    result = verifier.verify(data, challenge=args.challenge, domain=args.domain, now=now)
    if args.json:
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    else:
        text = render_report(result, lang=args.lang)
    write_output(text)
    return EXIT[result.outcome]
