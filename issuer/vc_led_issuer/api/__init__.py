"""The registry and gateway service (FastAPI): :func:`vc_led_issuer.api.main.create_app`.

Routes are thin (``routes/<area>.py``) and call :mod:`vc_led_issuer.crud`,
:mod:`vc_led_issuer.publish` and :mod:`vc_led_issuer.lifecycle`; dependencies are ``Annotated``
aliases in :mod:`.deps`; every error is an RFC 9457 problem document (:mod:`.problems`).
"""

from __future__ import annotations

__all__: list[str] = []
