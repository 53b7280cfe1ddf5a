"""The trust options every command that checks a trust bundle shares: the pinned registry key
(``--pinned-key``, else ``$VCLED_PINNED_REGISTRY_KEY``, else the user's pin file
``$XDG_STATE_HOME/vc-led/pinned-registry-keys`` that running the demo writes; the INSECURE demo
pin only by name: ``--insecure-demo-pin``, ``$VCLED_INSECURE_DEMO_PIN``) and the verifier's
trust state (``--trust-state``, ``$VCLED_TRUST_STATE``, ``$XDG_STATE_HOME/vc-led/trust-state.json``;
``--no-trust-state``), and loading a bundle as they say: the command then tells, on stderr,
which registry key it trusted and where that pin came from.

The variables were once spelled ``VC_LED_...``: a variable of the old spelling that is still
set is refused with the new name (never silently ignored: a pin or a trust state the user
believes in must not quietly stop applying).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..bundle import BundleError, TrustBundle, TrustState, default_pin_file, read_pin_file
from ..bundle._demo import INSECURE_DEMO_PINS
from ..errors import ConfigurationError
from ..report import language, texts
from ._io import UsageError, err, parse_when

__all__ = [
    "DEMO_PIN_ENV",
    "PIN_ENV",
    "RENAMED_ENV",
    "STATE_ENV",
    "Pins",
    "add_pin_option",
    "bundle_message",
    "days",
    "load_bundle_file",
    "pinned_keys",
    "refuse_renamed_env",
    "trust_state",
]

PIN_ENV = "VCLED_PINNED_REGISTRY_KEY"
DEMO_PIN_ENV = "VCLED_INSECURE_DEMO_PIN"
STATE_ENV = "VCLED_TRUST_STATE"
#: Old spelling -> new name: an old one still set is refused (:func:`refuse_renamed_env`).
RENAMED_ENV = {
    "VC_LED_PINNED_REGISTRY_KEY": PIN_ENV,
    "VC_LED_INSECURE_DEMO_PIN": DEMO_PIN_ENV,
    "VC_LED_TRUST_STATE": STATE_ENV,
}
_DEMO_SOURCE = f"the INSECURE demo pin (--insecure-demo-pin or ${DEMO_PIN_ENV})"


def refuse_renamed_env() -> None:
    """Refuse a trust variable of the old ``VC_LED_`` spelling that is still set.

    Raises:
        UsageError: naming the old variable and its new name.
    """
    for old, new in RENAMED_ENV.items():
        if old in os.environ:
            raise UsageError(
                f"${old} is no longer read: rename it to ${new} (every vc-led setting is "
                "spelled VCLED_...); refusing rather than ignoring a trust setting"
            )


@dataclass(frozen=True, slots=True)
class Pins:
    """The pinned registry keys and where each came from (iterates over the keys).

    Attributes:
        keys: the ``publicKeyMultibase`` values, each once.
        sources: per key, where it came from (``--pinned-key``, ``$VCLED_...``, the pin
            file's path, or the INSECURE demo pin).
    """

    keys: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def source(self, key: str) -> str | None:
        """Where ``key`` was pinned, or ``None`` if it is not."""
        return dict(self.sources).get(key)

    def describe(self, bundle: TrustBundle) -> str:
        """One line for stderr: the registry, the key that signed ``bundle`` and its pin."""
        head = f"trust: bundle of {bundle.registry_did} signed by registry key {bundle.signing_key}"
        own = self.source(bundle.signing_key)
        if own is not None and not bundle.chained:
            return f"{head}, pinned by {own}"
        origins = sorted({where for key, where in self.sources if where != _DEMO_SOURCE})
        origin = " and ".join(origins) or _DEMO_SOURCE
        return f"{head}, reached by the registry's key-rotation chain from a key pinned by {origin}"


def add_pin_option(p: argparse.ArgumentParser) -> None:
    """Add ``--pinned-key``, ``--insecure-demo-pin`` (see :func:`pinned_keys`),
    ``--trust-state`` and ``--no-trust-state`` (see :func:`trust_state`)."""
    p.add_argument(
        "--pinned-key",
        action="append",
        default=[],
        metavar="MULTIBASE|FILE",
        help=f"the registry key a bundle must be signed with, repeatable (default: ${PIN_ENV}, "
        f"else the keys in {default_pin_file()}, which running the demo writes; without a pin "
        "every bundle is refused)",
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
    """The trust state the options name: ``--trust-state``, else ``$VCLED_TRUST_STATE``,
    else ``$XDG_STATE_HOME/vc-led/trust-state.json`` (``~/.local/state`` without it);
    ``None`` with ``--no-trust-state``.

    Raises:
        UsageError: when a variable of the old ``VC_LED_`` spelling is set.
    """
    refuse_renamed_env()
    if getattr(args, "no_trust_state", False):
        return None
    chosen = getattr(args, "trust_state", None) or os.environ.get(STATE_ENV, "").strip()
    if chosen:
        return TrustState(Path(chosen).expanduser())
    base = os.environ.get("XDG_STATE_HOME", "").strip() or Path.home() / ".local" / "state"
    return TrustState(Path(base) / "vc-led" / "trust-state.json")


def pinned_keys(values: list[str], *, demo: bool = False) -> Pins:
    """The pinned registry keys: ``--pinned-key`` values (multibase, a key file, or a text file
    with one multibase per line), else ``$VCLED_PINNED_REGISTRY_KEY``, else the user's pin file
    (:func:`vc_led.bundle.default_pin_file`); plus the INSECURE demo pin when ``demo``
    (``--insecure-demo-pin``) or ``$VCLED_INSECURE_DEMO_PIN`` asks for it.

    Raises:
        UsageError: when a file cannot be read or holds no key, nothing is pinned, or a
            variable of the old ``VC_LED_`` spelling is set.
    """
    refuse_renamed_env()
    sources = dict(_given_keys(values))
    if demo or os.environ.get(DEMO_PIN_ENV, "").strip().lower() in ("1", "yes", "true"):
        err(
            "WARNING: trusting the INSECURE DEMO registry pin: anyone can sign bundles it "
            "accepts; pin the LED registry's key (--pinned-key) for real use"
        )
        for key in INSECURE_DEMO_PINS:
            sources.setdefault(key, _DEMO_SOURCE)
    if not sources:
        raise UsageError(
            f"no registry key is pinned: give --pinned-key MULTIBASE|FILE or ${PIN_ENV}, or "
            f"list it in {default_pin_file()} (the registry prints its key; running the demo "
            "pins the demo registry's key there; --insecure-demo-pin only for the public demo key)"
        )
    return Pins(keys=tuple(sources), sources=tuple(sources.items()))


def _given_keys(values: list[str]) -> list[tuple[str, str]]:
    """(key, where it came from) for the option values, else the variable, else the pin file."""
    if not values:
        listed = [v.strip() for v in os.environ.get(PIN_ENV, "").split(",") if v.strip()]
        if listed:
            return [(key, f"${PIN_ENV}") for key in listed]
        path = default_pin_file()
        try:
            return [(key, f"the pin file {path}") for key in read_pin_file(path)]
        except ConfigurationError as exc:
            raise UsageError(str(exc)) from None
    keys: list[tuple[str, str]] = []
    for value in values:
        path = Path(value)
        if not path.is_file():
            keys.append((value, "--pinned-key"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--pinned-key {value}: {exc.strerror}") from None
        try:
            data: Any = json.loads(text)
        except ValueError:
            data = None
        where = f"--pinned-key {value}"
        if isinstance(data, dict) and isinstance(data.get("publicKeyMultibase"), str):
            keys.append((data["publicKeyMultibase"], where))
        else:
            keys += [(line.strip(), where) for line in text.splitlines() if line.strip()]
    return keys


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
    pins: Pins | tuple[str, ...],
    now: str | None = None,
    max_age_days: float | None = None,
    lang: str = "en",
    state: TrustState | None = None,
) -> TrustBundle:
    """Check a bundle as a command's options say.

    Args:
        data: the bundle's bytes.
        pins: the pinned registry keys (see :func:`pinned_keys`; a :class:`Pins` is named on
            stderr with the key that signed the bundle and where its pin came from).
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
        bundle = TrustBundle.load(
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
    if isinstance(pins, Pins):
        err(pins.describe(bundle))
    return bundle
    if isinstance(pins, Pins):
        err(pins.describe(bundle))
    return bundle
