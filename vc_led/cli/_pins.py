"""The trust options every command that checks a trust bundle shares: the pinned registry key
(``--pinned-key``, ``$VC_LED_PINNED_REGISTRY_KEY``; no default, the INSECURE demo pin only by
name: ``--insecure-demo-pin``, ``$VC_LED_INSECURE_DEMO_PIN``) and the verifier's trust state
(``--trust-state``, ``$VC_LED_TRUST_STATE``, ``$XDG_STATE_HOME/vc-led/trust-state.json``;
``--no-trust-state``), and loading a bundle as they say."""

from __future__ import annotations

import argparse
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..bundle import BundleError, TrustBundle, TrustState
from ..bundle._demo import INSECURE_DEMO_PINS
from ..errors import ConfigurationError
from ..report import language, texts
from ._io import UsageError, err, parse_when

__all__ = [
    "DEMO_PIN_ENV",
    "PIN_ENV",
    "STATE_ENV",
    "add_pin_option",
    "bundle_message",
    "days",
    "load_bundle_file",
    "pinned_keys",
    "trust_state",
]

PIN_ENV = "VC_LED_PINNED_REGISTRY_KEY"
DEMO_PIN_ENV = "VC_LED_INSECURE_DEMO_PIN"
STATE_ENV = "VC_LED_TRUST_STATE"


def add_pin_option(p: argparse.ArgumentParser) -> None:
    """Add ``--pinned-key``, ``--insecure-demo-pin`` (see :func:`pinned_keys`),
    ``--trust-state`` and ``--no-trust-state`` (see :func:`trust_state`)."""
    p.add_argument(
        "--pinned-key",
        action="append",
        default=[],
        metavar="MULTIBASE|FILE",
        help=f"the registry key a bundle must be signed with, repeatable (default: ${PIN_ENV}; "
        "without a pin every bundle is refused)",
    )
    p.add_argument(
        "--insecure-demo-pin",
        action="store_true",
        help=f"INSECURE: also trust the DEMO registry, whose private key is public (or "
        f"${DEMO_PIN_ENV}=1); for demonstrations only",
    )
    state = p.add_mutually_exclusive_group()
    state.add_argument(
        "--trust-state",
        metavar="FILE",
        help=f"the verifier's trust state: newest bundle accepted, registry key rotations "
        f"(default: ${STATE_ENV}, else $XDG_STATE_HOME/vc-led/trust-state.json)",
    )
    state.add_argument(
        "--no-trust-state",
        action="store_true",
        help="judge the bundle on its own: no rollback or remembered-rotation checks",
    )


def trust_state(args: argparse.Namespace) -> TrustState | None:
    """The trust state the options name: ``--trust-state``, else ``$VC_LED_TRUST_STATE``,
    else ``$XDG_STATE_HOME/vc-led/trust-state.json`` (``~/.local/state`` without it);
    ``None`` with ``--no-trust-state``."""
    if getattr(args, "no_trust_state", False):
        return None
    chosen = getattr(args, "trust_state", None) or os.environ.get(STATE_ENV, "").strip()
    if chosen:
        return TrustState(Path(chosen).expanduser())
    base = os.environ.get("XDG_STATE_HOME", "").strip() or Path.home() / ".local" / "state"
    return TrustState(Path(base) / "vc-led" / "trust-state.json")


def pinned_keys(values: list[str], *, demo: bool = False) -> tuple[str, ...]:
    """The pinned registry keys: ``--pinned-key`` values (multibase, a key file, or a text file
    with one multibase per line), else ``$VC_LED_PINNED_REGISTRY_KEY``; plus the INSECURE demo
    pin when ``demo`` (``--insecure-demo-pin``) or ``$VC_LED_INSECURE_DEMO_PIN`` asks for it.

    Raises:
        UsageError: when a file cannot be read or holds no key, or nothing is pinned.
    """
    keys = list(_given_keys(values))
    if demo or os.environ.get(DEMO_PIN_ENV, "").strip().lower() in ("1", "yes", "true"):
        err(
            "WARNING: trusting the INSECURE DEMO registry pin: anyone can sign bundles it "
            "accepts; pin the LED registry's key (--pinned-key) for real use"
        )
        keys += [k for k in INSECURE_DEMO_PINS if k not in keys]
    if not keys:
        raise UsageError(
            f"no registry key is pinned: give --pinned-key MULTIBASE|FILE or ${PIN_ENV} "
            "(the registry prints its key; --insecure-demo-pin only for the demo registry)"
        )
    return tuple(keys)


def _given_keys(values: list[str]) -> tuple[str, ...]:
    if not values:
        return tuple(v.strip() for v in os.environ.get(PIN_ENV, "").split(",") if v.strip())
    keys: list[str] = []
    for value in values:
        path = Path(value)
        if not path.is_file():
            keys.append(value)
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--pinned-key {value}: {exc.strerror}") from None
        try:
            data: Any = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("publicKeyMultibase"), str):
            keys.append(data["publicKeyMultibase"])
        else:
            keys += [line.strip() for line in text.splitlines() if line.strip()]
    return tuple(keys)


def bundle_message(exc: BundleError, lang: str) -> str:
    """A bundle refusal for people, in ``lang``, with its code and compared values."""
    text = texts(language(lang))["bundle"].get(exc.code.value, exc.message)
    extra = ", ".join(f"{k}={v}" for k, v in exc.details.items())
    return f"{text} [{exc.code.value}]" + (f" ({extra})" if extra else "")


def days(value: float | None) -> timedelta | None:
    if value is None:
        return None
    if value <= 0:
        raise UsageError("--max-age must be a positive number of days")
    return timedelta(days=value)


def load_bundle_file(
    data: bytes,
    *,
    pins: tuple[str, ...],
    now: str | None = None,
    max_age_days: float | None = None,
    lang: str = "en",
    state: TrustState | None = None,
) -> TrustBundle:
    """Check a bundle as a command's options say.

    Args:
        data: the bundle's bytes.
        pins: the pinned registry keys (see :func:`pinned_keys`).
        now: the ``--now`` value, if any.
        max_age_days: the ``--max-age`` value, if any.
        lang: the language of the refusal message.
        state: the verifier's trust state (see :func:`trust_state`), checked and updated.

    Returns:
        The checked bundle.

    Raises:
        UsageError: when the bundle is refused (the message starts with ``refused:``) or an
            option is bad.
    """
    try:
        return TrustBundle.load(
            data,
            pinned_keys=pins,
            now=parse_when(now, "--now"),
            max_age=days(max_age_days),
            state=state,
        )
    except BundleError as exc:
        raise UsageError(f"refused: {bundle_message(exc, lang)}") from None
    except ConfigurationError as exc:
        raise UsageError(str(exc)) from None
