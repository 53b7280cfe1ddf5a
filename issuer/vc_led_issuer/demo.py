"""Demo mode: a registry that runs with no setup, on synthetic data.

``vc-led serve`` in demo mode (the default when ``VCLED_MODE`` is not ``production``) makes
the data directory a demo one: generated secrets (``<data_dir>/secrets``, mode 0600), a registry
key, the trust registry seeded from the LED table, a synthetic LED data set
(:func:`vc_led.led.synthetic.write_generated`) imported with made-up names, and its credentials
issued. Every step is idempotent, so a restart only finishes what is missing. The marker file
``<data_dir>/DEMO`` tells the other commands that this data directory is a demo one.

The public URL is in every credential the demo issues (the issuer's ``did:web`` and each
``statusListCredential``), so ``<data_dir>/demo/public-url`` remembers it and
:func:`prepare_demo` refuses another one with a message that says what to do. (A demo
directory made before this file existed adopts the URL it is next served at.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vc_led.led import HolderIdentity
from vc_led.led.holder import insz_checksum_ok, is_synthetic_insz
from vc_led.led.synthetic import write_generated

from .context import Registry
from .jobs.credentials import HolderClaims
from .jobs.importer import ImportReport, import_files
from .jobs.issuance import IssuanceReport, run_issuance
from .jobs.progress import Progress
from .lifecycle import InitReport, init_registry
from .publish import refresh_status_lists, trust_list_document

__all__ = [
    "DEMO_MARKER",
    "DemoReport",
    "check_demo_public_url",
    "demo_holder",
    "is_demo_dir",
    "prepare_demo",
    "remembered_public_url",
]

DEMO_MARKER = "DEMO"
_PUBLIC_URL_FILE = Path("demo") / "public-url"
_GIVEN = (
    "An",
    "Lotte",
    "Emma",
    "Louise",
    "Marie",
    "Noor",
    "Fien",
    "Lien",
    "Sarah",
    "Julie",
    "Jan",
    "Lucas",
    "Noah",
    "Arthur",
    "Louis",
    "Wout",
    "Pieter",
    "Bram",
    "Tom",
    "Kobe",
)
_FAMILY = (
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Hermans",
    "Aerts",
    "Lambrechts",
    "Vermeulen",
    "Van den Broeck",
    "Dierickx",
    "Verstraete",
    "De Clercq",
    "Desmet",
)


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What :func:`prepare_demo` did."""

    init: InitReport
    imported: ImportReport | None
    issued: IssuanceReport


def is_demo_dir(data_dir: Path) -> bool:
    """Whether ``data_dir`` was made by demo mode."""
    return (data_dir / DEMO_MARKER).is_file()


def demo_holder(holder: HolderIdentity) -> HolderClaims | None:
    """Made-up names for a synthetic holder, and the birth date its synthetic INSZ encodes;
    None for an INSZ that is not synthetic (a real person never gets a made-up name)."""
    if not is_synthetic_insz(holder.insz):
        return None
    digest = hashlib.sha256(holder.insz.encode()).digest()
    return HolderClaims(
        _GIVEN[digest[0] % len(_GIVEN)], _FAMILY[digest[1] % len(_FAMILY)], _birth(holder.insz)
    )


def _birth(insz: str) -> date | None:
    yy, mm, dd = int(insz[0:2]), int(insz[2:4]) % 20, int(insz[4:6])
    body, check = int(insz[:9]), int(insz[9:])
    century = 2000 if insz_checksum_ok(insz) and check == 97 - (2_000_000_000 + body) % 97 else 1900
    try:
        return date(century + yy, mm, dd)
    except ValueError:
        return None


def remembered_public_url(data_dir: Path) -> str | None:
    """The public URL a demo data directory was made for, if it remembers one."""
    try:
        return (data_dir / _PUBLIC_URL_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def check_demo_public_url(registry: Registry) -> None:
    """Remember the demo's public URL, or refuse one that differs from the remembered one.

    Raises:
        ConfigurationError: the data directory's credentials name another public URL.
    """
    from vc_led.errors import ConfigurationError

    settings = registry.settings
    path = settings.data_dir / _PUBLIC_URL_FILE
    current = settings.public_url
    try:
        remembered = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(current + "\n", encoding="utf-8")
        return
    if remembered != current:
        raise ConfigurationError(
            f"the demo data directory {settings.data_dir} was made for {remembered}: its DID "
            f"and the status lists its credentials name are there, so they would not verify "
            f"at {current}. Serve it at that address again (vc-led serve --host/--port, or "
            f"VCLED_PUBLIC_URL={remembered} behind a proxy), or start a fresh demo with "
            "--data-dir NEW_DIR"
        )


def prepare_demo(
    registry: Registry, *, persons: int = 50, seed: int = 1, progress: bool = True
) -> DemoReport:
    """Make the data directory a ready demo (idempotent; see the module docstring).

    Raises:
        ConfigurationError: when the registry is not in demo mode.
    """
    from vc_led.errors import ConfigurationError

    settings = registry.settings
    if not settings.demo:
        raise ConfigurationError("demo data only goes into a demo-mode data directory")
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    check_demo_public_url(registry)
    marker = settings.data_dir / DEMO_MARKER
    if not marker.exists():
        marker.write_text("vc-led demo data directory: generated secrets and synthetic data\n")
    init = init_registry(registry, actor="demo")
    demo_dir = settings.data_dir / "demo"
    done = demo_dir / "imported"
    imported = None
    if not done.exists():
        demo_dir.mkdir(exist_ok=True, mode=0o700)
        data = demo_dir / "led-demo.jsonl"
        write_generated(persons=persons, seed=seed, fmt="jsonl", out=data)
        bar = Progress("import", enabled=progress)
        imported = import_files(
            registry, [data], actor="demo", progress=bar, holder_profile=demo_holder
        )
        bar.close()
        done.write_text(imported.summary() + "\n")
    bar = Progress("issue", enabled=progress)
    issued = run_issuance(registry, workers=0, progress=bar, actor="demo")
    bar.close()
    refresh_status_lists(registry)
    trust_list_document(registry)
    return DemoReport(init, imported, issued)
