"""``vc-led bundle create | fetch | show | link-key``: trust bundles for offline verifiers.

``create`` works from files (``--registry`` and ``--key``), or, without them, from the registry
database (``vc_led_issuer.commands.bundle``, with the ``issuer`` extra: the same configuration as
``vc-led serve``); ``fetch`` checks a bundle against the pinned registry key before it saves
it. The pinned key and the verifier's trust state are the options of :mod:`._pins`: no pin,
no bundle (the INSECURE demo pin only by name), and a bundle older than the newest accepted, or
signed by a registry key the remembered rotations retired, is refused.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from datetime import timedelta
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from cryptography import x509

from .._time import utcnow
from ..bundle import BundleError, TrustBundle, link_registry_key
from ..bundle._chain import KeyLink
from ..bundle._format import BUNDLE_LIMITS
from ..errors import ConfigurationError, KeyFormatError
from ..keys import load_key_file
from ..trust.model import TrustRegistry
from ..x509 import load_pem_chain
from ._io import UsageError, err, parse_when
from ._pins import (
    Pins,
    add_pin_option,
    bundle_message,
    days,
    load_bundle_file,
    pinned_keys,
    trust_state,
)

__all__ = [
    "add_pin_option",
    "bundle_message",
    "load_bundle_file",
    "pinned_keys",
    "register",
    "trust_state",
]

#: The entry point group of bundle sources (the registry's database: ``registry``).
BUNDLE_SOURCES_GROUP = "vc_led.bundle_sources"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``bundle`` and its sub-commands."""
    bundle = sub.add_parser("bundle", help="make, fetch and inspect signed trust bundles")
    bsub = bundle.add_subparsers(dest="bundle_command", metavar="COMMAND")
    bsub.required = True
    create = bsub.add_parser("create", help="sign a trust bundle (registry side)")
    create.add_argument(
        "--registry", metavar="REGISTRY.json", help="with --key (default: the registry database)"
    )
    create.add_argument("--key", metavar="REGISTRY_KEY.json", help="with --registry")
    create.add_argument(
        "--data-dir", metavar="DIR", help="the registry's data directory (database mode)"
    )
    create.add_argument("--did-document", action="append", default=[], metavar="FILE")
    create.add_argument("--status-list", action="append", default=[], metavar="FILE")
    create.add_argument(
        "--x509-anchor", action="append", default=[], metavar="PEM", help="SD-JWT VC x5c roots"
    )
    create.add_argument(
        "--status-list-token", action="append", default=[], metavar="FILE", help="statuslist+jwt"
    )
    create.add_argument(
        "--issuer-metadata", action="append", default=[], metavar="FILE", help="jwt-vc-issuer"
    )
    create.add_argument("--key-chain", metavar="CHAIN.json", help="registry key-rotation links")
    create.add_argument("--max-age", type=float, metavar="DAYS", help="default 7 (files)")
    create.add_argument("--now", help="creation time (dateTimeStamp; default: now)")
    create.add_argument("--id", dest="bundle_id", metavar="URL", help="the bundle's id")
    create.add_argument("--out", required=True, metavar="FILE")
    create.set_defaults(handler=run_create)
    fetch = bsub.add_parser("fetch", help="download a bundle, check it, then save it")
    fetch.add_argument("url", metavar="URL")
    _add_check_options(fetch)
    fetch.add_argument("--out", required=True, metavar="FILE")
    fetch.set_defaults(handler=run_fetch)
    show = bsub.add_parser("show", help="check a bundle file and describe it")
    show.add_argument("file", metavar="FILE")
    _add_check_options(show)
    show.set_defaults(handler=run_show)
    link = bsub.add_parser("link-key", help="sign a registry key rotation (old key -> new key)")
    link.add_argument("--previous-key", required=True, metavar="OLD_KEY.json")
    link.add_argument("--next-key", required=True, metavar="NEW_KEY.json")
    link.add_argument("--valid-from", help="when the new key takes over (default: now)")
    link.add_argument("--chain", required=True, metavar="CHAIN.json", help="created or extended")
    link.set_defaults(handler=run_link)


def _add_check_options(p: argparse.ArgumentParser) -> None:
    add_pin_option(p)
    p.add_argument("--max-age", type=float, metavar="DAYS", help="oldest bundle accepted")
    p.add_argument("--now", help="check as of this time (dateTimeStamp)")
    p.add_argument("--lang", choices=["en", "nl"], default="en")


def _check(data: bytes, pins: Pins, args: argparse.Namespace) -> TrustBundle:
    return load_bundle_file(
        data,
        pins=pins,
        now=args.now,
        max_age_days=args.max_age,
        lang=args.lang,
        state=trust_state(args),
    )


def _read_json(path: str, option: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{option} {path}: {exc}") from None


def _write(path: str, text: str) -> None:
    """Write ``text`` next to ``path`` and move it into place (never a half-written file)."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".vc-led-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_FILE_ONLY = {
    "did_document": "--did-document",
    "status_list": "--status-list",
    "key_chain": "--key-chain",
    "x509_anchor": "--x509-anchor",
    "status_list_token": "--status-list-token",
    "issuer_metadata": "--issuer-metadata",
    "max_age": "--max-age",
    "now": "--now",
    "bundle_id": "--id",
}


def _from_database(args: argparse.Namespace) -> TrustBundle:
    """The registry database's bundle (the ``vc_led.bundle_sources`` entry point ``registry``,
    ``vc_led_issuer.commands.bundle:registry_bundle``), written to ``--out``.

    Raises:
        UsageError: without the ``issuer`` extra, or with options only files take.
    """
    given = [option for dest, option in _FILE_ONLY.items() if getattr(args, dest)]
    if given:
        raise UsageError(f"{', '.join(given)} need --registry and --key (files)")
    found = [e for e in entry_points(group=BUNDLE_SOURCES_GROUP) if e.name == "registry"]
    try:
        registry_bundle = found[0].load() if found else None
    except ModuleNotFoundError as exc:
        own = found[0].value.split(":")[0].split(".")[0]
        if (exc.name or "").split(".")[0] == own and exc.name not in (own, found[0].module):
            raise  # a module of our own missing inside an installed issuer is a bug
        registry_bundle = None
    if registry_bundle is None:
        raise UsageError(
            "give --registry and --key, or install the registry (pip install 'vc-led[issuer]') "
            "to make the bundle from its database"
        )
    made = registry_bundle(args)
    _write(args.out, made.body.decode("utf-8"))
    bundle: TrustBundle = made.bundle
    return bundle


def run_create(args: argparse.Namespace) -> int:
    """Make and sign a bundle from files, or from the registry database."""
    try:
        if (args.registry is None) != (args.key is None):
            raise UsageError("--registry and --key go together (or give neither)")
        if args.registry is None:
            bundle = _from_database(args)
            print(f"{args.out}: {_describe(bundle)}")  # noqa: T201
            return 0
        if args.data_dir:
            raise UsageError("--data-dir is for the registry database (without --registry)")
        registry = TrustRegistry.from_json(Path(args.registry).read_bytes())
        key = load_key_file(args.key)
        links = _read_json(args.key_chain, "--key-chain") if args.key_chain else []
        chain = [KeyLink.from_dict(i) for i in (links if isinstance(links, list) else [links])]
        bundle = TrustBundle.create(
            registry=registry,
            registry_key=key,
            did_documents=[_read_json(f, "--did-document") for f in args.did_document],
            status_lists=[_read_json(f, "--status-list") for f in args.status_list],
            now=parse_when(args.now, "--now"),
            max_age=days(args.max_age) or timedelta(days=7),
            key_chain=chain,
            bundle_id=args.bundle_id,
            x509_anchors=[c for f in args.x509_anchor for c in _pem(f)],
            status_list_tokens=[
                Path(f).read_text(encoding="utf-8").strip() for f in args.status_list_token
            ],
            issuer_metadata=[_read_json(f, "--issuer-metadata") for f in args.issuer_metadata],
        )
        _write(args.out, bundle.to_json())
    except (UsageError, OSError, ConfigurationError, KeyFormatError, TypeError) as exc:
        message = bundle_message(exc, "en") if isinstance(exc, BundleError) else str(exc)
        err(f"vc-led bundle create: {message}")
        return 2
    print(f"{args.out}: {_describe(bundle)}")  # noqa: T201
    return 0


def _pem(path: str) -> list[x509.Certificate]:
    """The certificates of a PEM file.

    Raises:
        UsageError: the file holds no PEM certificate.
    """
    try:
        return load_pem_chain(path)
    except ValueError:
        raise UsageError(f"--x509-anchor {path}: no PEM certificate in it") from None


def _describe(bundle: TrustBundle) -> str:
    chained = " (via the key-rotation chain)" if bundle.chained else ""
    jose = (
        f"{len(bundle.x509_anchors)} X.509 anchors, {len(bundle.status_list_tokens)} token "
        f"status lists, {len(bundle.issuer_keys)} issuer metadata, "
        if bundle.x509_anchors or bundle.status_list_tokens or bundle.issuer_keys
        else ""
    )
    return (
        f"registry {bundle.registry_did}, {len(bundle.registry)} accredited issuers, "
        f"{len(bundle.did_documents)} DID documents, {len(bundle.status_lists)} status lists, "
        f"{jose}"
        f"made {bundle.created.isoformat()}, valid for {bundle.max_age.days} days, "
        f"signed by {bundle.signing_key}{chained}"
    )


def run_fetch(args: argparse.Namespace) -> int:
    """Download a bundle, check it, save it; refuse with a clear message."""
    from ..status.online import secure_url, urllib_fetch

    try:
        pins = pinned_keys(args.pinned_key, demo=args.insecure_demo_pin)
        if not secure_url(args.url):
            raise UsageError("the bundle URL must be https:// (http only on the loopback)")
        try:
            data = urllib_fetch(args.url, timeout=30.0, max_bytes=BUNDLE_LIMITS.max_bytes)
        except (OSError, ValueError) as exc:
            err(f"vc-led bundle fetch: cannot download {args.url}: {exc}")
            return 2
        bundle = _check(data, pins, args)
        _write(args.out, data.decode("utf-8"))
    except UsageError as exc:
        err(f"vc-led bundle fetch: {exc}; nothing saved")
        return 1 if str(exc).startswith("refused") else 2
    print(f"{args.out}: {_describe(bundle)}")  # noqa: T201
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Check a bundle file and describe it."""
    try:
        data = Path(args.file).read_bytes()
        bundle = _check(data, pinned_keys(args.pinned_key, demo=args.insecure_demo_pin), args)
    except OSError as exc:
        err(f"vc-led bundle show: cannot read {args.file}: {exc.strerror}")
        return 2
    except UsageError as exc:
        err(f"vc-led bundle show: {exc}")
        return 1 if str(exc).startswith("refused") else 2
    print(_describe(bundle))  # noqa: T201
    return 0


def run_link(args: argparse.Namespace) -> int:
    """Sign a rotation link with the previous key and append it to the chain file."""
    try:
        previous, following = load_key_file(args.previous_key), load_key_file(args.next_key)
        chain = _read_json(args.chain, "--chain") if Path(args.chain).exists() else []
        link = link_registry_key(
            previous=previous,
            next_key=following.public,
            registry=previous.controller,
            valid_from=parse_when(args.valid_from, "--valid-from") or utcnow(),
        )
        if not isinstance(chain, list):
            raise UsageError(f"--chain {args.chain} is not a list of links")
        _write(args.chain, json.dumps([*chain, link.to_dict()], indent=2) + "\n")
    except (UsageError, KeyFormatError, ValueError) as exc:
        err(f"vc-led bundle link-key: {exc}")
        return 2
    print(json.dumps(link.to_dict(), indent=2))  # noqa: T201
    return 0
