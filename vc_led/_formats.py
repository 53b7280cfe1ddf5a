"""The formats :class:`vc_led.Verifier` reads, in the order they are tried.

See :class:`vc_led._engine.DocumentFormat` for what a format is and how a new one (SD-JWT VC,
an OpenID4VP presentation) registers: a caller passes ``Verifier(formats=(MyFormat(),
*DEFAULT_FORMATS))``; a format vc-led ships is added to :data:`DEFAULT_FORMATS` here, before
the catch-all of its kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._engine import DocumentFormat, Engine, Kind, VerifyRequest
from ._presentation import PRESENTATION
from .results import VerificationResult
from .sdjwt._format import SDJWT_VC
from .stapled import STAPLED

__all__ = ["CREDENTIAL", "DEFAULT_FORMATS", "CredentialFormat"]


class CredentialFormat:
    """A W3C verifiable credential (JSON, Data Integrity proofs): the catch-all of the
    credential kind, so a document no other format claims gets the ``structure`` verdict of a
    credential."""

    name = "credential"
    kind: Kind = "credential"

    def claims_text(self, text: str) -> bool:
        """JSON only."""
        return False

    def claims(self, document: Mapping[str, Any]) -> bool:
        """Every JSON document (it is the last credential format)."""
        return True

    def verify(self, engine: Engine, document: Any, request: VerifyRequest) -> VerificationResult:
        """Run the checks of :meth:`Engine.check_credential`."""
        return engine.check_credential(document, now=request.now)


#: The bare credential format.
CREDENTIAL = CredentialFormat()

#: What :class:`vc_led.Verifier` reads by default: SD-JWT VC (compact text, claimed before
#: JSON parsing), stapled credential, presentation, credential.
DEFAULT_FORMATS: tuple[DocumentFormat, ...] = (SDJWT_VC, STAPLED, PRESENTATION, CREDENTIAL)
