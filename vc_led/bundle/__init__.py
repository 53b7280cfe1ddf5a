"""Trust bundles: one signed file with everything an offline verifier needs.

The LED registry signs a ``LedTrustBundleCredential`` (a VC 2.0 credential, vocabulary
``https://w3id.org/vc-led/bundle/v1``) whose subject carries, as JSON literals:

- ``trustList``: the accredited issuers (:class:`~vc_led.TrustRegistry` JSON form);
- ``didDocuments``: the DID documents of the registry and every issuer, retired keys included;
- ``statusListCredentials``: snapshots of every status list, each a signed credential;
- ``registryKeyChain``: the registry's key-rotation links (:class:`KeyLink`);
- ``recommendedMaxAge``: how old a verifier should let it get (``validFrom`` is its creation).

Format 2 (``bundleFormat: "2"``, vocabulary ``https://w3id.org/vc-led/bundle/v2`` listed after
v1; written only when one of them is present) adds, for SD-JWT VCs (issue 12):

- ``x509TrustAnchors``: the registry's X.509 trust anchors (base64 DER) for ``x5c`` chains;
- ``tokenStatusLists``: Status List Tokens (``statuslist+jwt``), next to the W3C snapshots;
- ``jwtVcIssuerMetadata``: JWT VC Issuer Metadata (``issuer``, inline ``jwks``).

A verifier pins the registry key and loads the bundle with :meth:`TrustBundle.load`, which
refuses (:class:`BundleError`, stable :class:`BundleErrorCode`) a bundle that is malformed, of
another format, altered, signed by another key, signed by a retired key, or too old. Then
``Verifier.from_bundle(bundle)`` verifies credentials without any network. A verifier that keeps
a :class:`TrustState` (a small file it names) also refuses a bundle older than the newest one it
accepted (``bundle.rolled_back``) and remembers the registry's key rotations.

There is no default pin: without a pinned key nothing is trusted. The DEMO registry's pin
(:data:`DEMO_REGISTRY_PIN`, :data:`INSECURE_DEMO_PINS`) has a public private key
(:func:`insecure_demo_registry_key`) and is for demonstrations and tests that opt in to it.
The command line also reads the user's pin file (:func:`default_pin_file`), where only the
user's own act writes (running the demo pins its registry's key there, and says so).
"""

from __future__ import annotations

from ._chain import KeyLink, link_registry_key
from ._demo import (
    DEMO_REGISTRY_DID,
    DEMO_REGISTRY_PIN,
    INSECURE_DEMO_PINS,
    insecure_demo_registry_key,
)
from ._errors import BundleError, BundleErrorCode
from ._format import (
    BUNDLE_CONTEXT,
    BUNDLE_CONTEXT_V2,
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_V2,
    BUNDLE_TYPE,
    DEFAULT_MAX_AGE,
)
from ._model import TrustBundle
from ._pinfile import PIN_FILE_NAME, add_pin, default_pin_file, read_pin_file
from ._state import TrustRecord, TrustState
from ._status import BundleStatusProvider, BundleTokenStatusProvider

__all__ = [
    "BUNDLE_CONTEXT",
    "BUNDLE_CONTEXT_V2",
    "BUNDLE_FORMAT",
    "BUNDLE_FORMAT_V2",
    "BUNDLE_TYPE",
    "DEFAULT_MAX_AGE",
    "DEMO_REGISTRY_DID",
    "DEMO_REGISTRY_PIN",
    "INSECURE_DEMO_PINS",
    "PIN_FILE_NAME",
    "BundleError",
    "BundleErrorCode",
    "BundleStatusProvider",
    "BundleTokenStatusProvider",
    "KeyLink",
    "TrustBundle",
    "TrustRecord",
    "TrustState",
    "add_pin",
    "default_pin_file",
    "insecure_demo_registry_key",
    "link_registry_key",
    "read_pin_file",
]
