"""``vc-led bundle create`` from the registry database (the hook :mod:`vc_led.cli._bundle`
imports lazily when ``--registry`` and ``--key`` are not given).

The registry is opened from configuration exactly as for ``vc-led serve`` and ``issue-bulk``
(``DATABASE_URL`` or the SQLite file in ``--data-dir``, secrets from ``VCLED_*``), and the bundle is
:func:`vc_led_issuer.publish.trust_bundle.trust_bundle_document` -- the same signed document the
service publishes at ``/trust/bundle`` (re-signed only when a part of it changed). Without the
``issuer`` extra importing this module raises :class:`ModuleNotFoundError`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from importlib.util import find_spec

for _required in ("sqlmodel", "alembic", "pydantic_settings"):
    if find_spec(_required) is None:  # without the `issuer` extra there is no database mode
        raise ModuleNotFoundError(f"No module named {_required!r}", name=_required)

from sqlalchemy.exc import SQLAlchemyError  # noqa: E402

from vc_led.bundle import TrustBundle  # noqa: E402
from vc_led.errors import ConfigurationError, SigningError  # noqa: E402

from ..errors import NotFoundError, RegistryError  # noqa: E402
from ..keys import keyring  # noqa: E402
from ..publish.trust_bundle import trust_bundle_document  # noqa: E402
from ._common import open_cli_registry  # noqa: E402

__all__ = ["RegistryBundle", "registry_bundle"]


@dataclass(frozen=True, slots=True)
class RegistryBundle:
    """The registry's signed trust bundle.

    Attributes:
        body: the exact bytes the registry publishes (write them as they are).
        bundle: the same bundle, checked against the registry's current key.
    """

    body: bytes
    bundle: TrustBundle


def registry_bundle(args: argparse.Namespace) -> RegistryBundle:
    """The trust bundle of the configured registry database.

    Args:
        args: the ``bundle create`` options; ``data_dir`` (optional) is the data directory.

    Returns:
        The :class:`RegistryBundle`.

    Raises:
        ConfigurationError: the registry cannot be opened or has no usable key, the database
            fails (the message says which; it never carries a secret).
        BundleError: the bundle it signs does not check against its current key.
    """
    try:
        with open_cli_registry(args) as registry:
            published = trust_bundle_document(registry)
            with registry.read() as session:
                pin = keyring.current_key(session, controller=registry.did).public_multibase
            bundle = TrustBundle.load(published.body, pinned_keys=[pin], now=registry.now())
    except NotFoundError as exc:
        hint = " (run `vc-led registry init`)" if "key" in str(exc) else ""
        raise ConfigurationError(f"the registry: {exc}{hint}") from None
    except (RegistryError, SigningError) as exc:
        raise ConfigurationError(f"the registry: {exc}") from None
    except SQLAlchemyError as exc:
        raise ConfigurationError(f"the registry database: {type(exc).__name__}") from None
    return RegistryBundle(published.body, bundle)
