"""``POST /wallet/offer/{record_id}``: "add to wallet" on the portal. A logged-in citizen gets
a fresh single-use offer for one of her records (the pre-authorized code in the
``openid-credential-offer://`` QR code and link, the PIN beside it, valid for
``VCLED_OID4VCI_OFFER_MINUTES``). The page is answered directly (``no-store``): only hashes of
the code and PIN are kept, so it cannot be shown again. CSRF-protected.

The offer holds the record in both formats, and the page lists them: the W3C credential
(``ldp_vc``) and the SD-JWT VC (``dc+sd-jwt``, selective disclosure, for EU wallets). The SD-JWT
rendition is offered only this way, bound to the wallet's key (``cnf``), never as a download:
HAIP 1.0 wants SD-JWT VCs key-bound, and an unbound one would let anyone who once saw it show
it again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from ...context import Registry
from ...oid4vci.config import Oid4vciSettings
from ...oid4vci.metadata import CONFIGURATIONS
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
        "formats": "Uw wallet krijgt dit bewijs in twee vormen; ze neemt wat ze kent:",
        "ldp_vc": "W3C Verifiable Credential (JSON-LD), zoals de download",
        "dc+sd-jwt": "SD-JWT VC voor Europese wallets: u kiest telkens welke gegevens u toont",
        "sd_jwt_only_wallet": "De SD-JWT-vorm bestaat alleen in uw wallet, gebonden aan de sleutel "
        "van uw wallet. Als bestand zou ze niet gebonden zijn: wie ze ooit zag, kon ze tonen.",
    },
    "en": {
        "title": "Add to your wallet",
        "scan": "Scan this QR code with your wallet app, or open the link on this device.",
        "link": "Open in my wallet",
        "pin": "Your PIN",
        "pin_hint": "The wallet asks for this PIN. Do not share it.",
        "valid": "Valid until {until} (UTC), for one use.",
        "back": "Back to the record",
        "formats": "Your wallet gets this record in two formats; it takes the ones it knows:",
        "ldp_vc": "W3C Verifiable Credential (JSON-LD), as the download",
        "dc+sd-jwt": "SD-JWT VC for EU wallets: you choose each time which facts you show",
        "sd_jwt_only_wallet": "The SD-JWT format exists only in your wallet, bound to your "
        "wallet's key. As a file it would be unbound: whoever once saw it could present it.",
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
    formats = [
        (dict(CONFIGURATIONS[cid].names).get(lang, cid), TEXTS[lang][CONFIGURATIONS[cid].format])
        for cid in created.offer["credential_configuration_ids"]
    ]
    context = {
        "w": TEXTS[lang],
        "formats": formats,
        "record_id": record_id,
        "offer_uri": created.uri,
        "qr": qr_svg_data_uri(created.uri),
        "pin": created.tx_code,
        "until": created.expires_at.strftime("%Y-%m-%d %H:%M"),
    }
    return render_page(request, "wallet_offer.html", context)
