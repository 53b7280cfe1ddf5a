"""The offline web verifier: a page where anyone drops or pastes a credential (or a
presentation) and reads the same report as ``vc-led verify``, in Dutch or English.

A thin shell over :mod:`vc_led`: :func:`vc_led_verifier.app.create_app` builds the FastAPI
application from :class:`vc_led_verifier.settings.VerifierSettings`; ``vc-led verifier serve`` runs
it with uvicorn. Nothing is fetched from the network: keys, accredited issuers and status lists come
from the trust bundle the server was started with. Importing this package does not import FastAPI
(the command line loads :mod:`vc_led_verifier.cli` on every run).
"""

from __future__ import annotations

__all__: list[str] = []
