"""``POST /wallet/offer/{record_id}``: "add to wallet" on the portal. A logged-in citizen gets
a fresh single-use offer for one of her records (the pre-authorized code in the
``openid-credential-offer://`` QR code and link, the PIN beside it, valid for
``VCLED_OID4VCI_OFFER_MINUTES``). The page is answered directly (``no-store``): only hashes of
the code and PIN are kept, so it cannot be shown again. CSRF-protected.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from ...context import Registry
from ...oid4vci.config import Oid4vciSettings
from ...oid4vci.offers import create_offer, qr_svg_data_uri
from ..citizen import RequiredCitizenDep
from ..csrf import require_csrf
from ..pages import page_language, render_page
from .portal import not_found_page

__all__ = ["router"]

router = APIRouter(tags=["portal"], include_in_schema=False)

TEXTS = {
    "nl": {
        "title": "In uw wallet zetten",
        "scan": "Scan deze QR-code met uw wallet-app, of open de link op dit toestel.",
        "link": "Openen in mijn wallet",
        "pin": "Uw pincode",
        "pin_hint": "De wallet vraagt deze pincode. Deel ze met niemand.",
        "valid": "Geldig tot {until} (UTC), één keer te gebruiken.",
        "back": "Terug naar het bewijs",
    },
    "en": {
        "title": "Add to your wallet",
        "scan": "Scan this QR code with your wallet app, or open the link on this device.",
        "link": "Open in my wallet",
        "pin": "Your PIN",
        "pin_hint": "The wallet asks for this PIN. Do not share it.",
        "valid": "Valid until {until} (UTC), for one use.",
        "back": "Back to the record",
    },
}


@router.post("/wallet/offer/{record_id}", dependencies=[Depends(require_csrf)])
def wallet_offer(
    request: Request,
    record_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)],
    citizen: RequiredCitizenDep,
) -> Response:
    registry: Registry = request.app.state.registry
    settings: Oid4vciSettings = request.app.state.oid4vci
    try:
        with registry.write() as session:
            created = create_offer(
                session,
                issuer=registry.settings.public_url,
                holder_id=citizen.holder_id,
                record_ids=[record_id],
                pepper=registry.settings.pepper_bytes(),
                now=registry.now(),
                valid_for=timedelta(minutes=settings.offer_minutes),
                tx_length=settings.tx_code_length,
            )
    except LookupError:  # not hers, cancelled or unknown: one 404 for all
        return not_found_page(request)
    lang = page_language(request)
    context = {
        "w": TEXTS[lang],
        "record_id": record_id,
        "offer_uri": created.uri,
        "qr": qr_svg_data_uri(created.uri),
        "pin": created.tx_code,
        "until": created.expires_at.strftime("%Y-%m-%d %H:%M"),
    }
    return render_page(request, "wallet_offer.html", context)
