"""``vc-led keys generate``."""

from __future__ import annotations

import argparse
import json

from ..dids import did_key_document, did_web_document, did_web_from_host
from ..keys import KeyPair, KeyType
from ._io import err

__all__ = ["register"]

_TYPES = {"ed25519": KeyType.ED25519, "p256": KeyType.P256, "p384": KeyType.P384}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``keys`` and its sub-commands."""
    keys = sub.add_parser("keys", help="generate signing keys")
    ksub = keys.add_subparsers(dest="keys_command", metavar="COMMAND")
    ksub.required = True
    gen = ksub.add_parser("generate", help="generate a key pair; prints the verification method id")
    gen.add_argument("--type", choices=sorted(_TYPES), default="ed25519")
    gen.add_argument(
        "--out", required=True, help="key file to create (mode 0600, never overwritten)"
    )
    gen.add_argument("--did-web", metavar="HOST", help="use did:web:HOST instead of did:key")
    gen.add_argument("--did-document", metavar="FILE", help="also write the public DID document")
    gen.set_defaults(handler=generate)


def generate(args: argparse.Namespace) -> int:
    """Generate a key; print its verification method id."""
    key_type = _TYPES[args.type]
    if args.did_web:
        did = did_web_from_host(args.did_web)
        probe = KeyPair.generate(key_type)
        key = probe.with_id(id=f"{did}#{probe.public.multibase}", controller=did)
    else:
        key = KeyPair.generate(key_type)
    try:
        key.save(args.out)
    except FileExistsError:
        err(f"{args.out} exists; refusing to overwrite a key file")
        return 2
    except OSError as exc:
        err(f"cannot write {args.out}: {exc.strerror}")
        return 2
    if args.did_document:
        if args.did_web:
            doc = did_web_document(key.controller, keys=[key.public])
        else:
            doc = did_key_document(key.controller)
        with open(args.did_document, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2)
            fh.write("\n")
    print(key.id)  # noqa: T201
    return 0
