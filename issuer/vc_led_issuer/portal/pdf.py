"""The readable PDF of a credential (fpdf2), with a QR code and the credential attached.

The page shows the record in the chosen language: what it is, who it names, the awarding
institution and the issuer, and how to verify it offline (the signed credential is attached
to the PDF as an embedded file, PDF/A-3 ``AFRelationship /Data``) and online (the QR code, a
segno image, opens the credential's public verification page: the credential itself, 3-12 KB,
is too big for a QR code). PDF/A-3B needs embedded fonts: DejaVu Sans from the system
(Debian ``fonts-dejavu-core``); without it the PDF uses a built-in font and is not PDF/A.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import segno
from fpdf import FPDF

from .i18n import TEXTS
from .records import RecordCard

__all__ = ["FONT_DIR", "PdfInput", "render_pdf"]

log = logging.getLogger("issuer.portal.pdf")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

PDF_TEXTS: Mapping[str, Mapping[str, str]] = {
    "nl": {
        "heading": "Bewijs uit de Leer- en Ervaringsdatabank (LED)",
        "holder": "Op naam van",
        "birth": "Geboortedatum",
        "issuer": "Uitgereikt door",
        "issued": "Geldig vanaf",
        "verify": "Hoe controleert u dit bewijs?",
        "offline": "Zonder netwerk: het ondertekende digitale bewijs zit als bijlage in deze PDF "
        "({file}). Haal het eruit en verifieer het met \u201cvc-led verify {file} --bundle "
        "<vertrouwensbundel> --pinned-key <sleutel van het LED-register>\u201d: de handtekening, "
        "de erkenning van de uitgever en de meegeleverde statuslijst (niet ingetrokken op "
        "{stapled}). Het LED-register publiceert de bundel en zijn sleutel; neem de sleutel uit "
        "een bron die u vertrouwt, niet uit dit document.",
        "online": "Online: scan de QR-code of open {url} om te zien of het register dit bewijs "
        "uitreikte en of het nog geldig is.",
        "bearer": "Dit document en zijn bijlage zijn niet aan een sleutel gebonden: wie ze heeft, "
        "kan ze tonen. Vergelijk naam en geboortedatum met een identiteitsbewijs.",
        "qr": "QR-code naar de verificatie van dit bewijs",
    },
    "en": {
        "heading": "Record from the Flemish Learning and Experience Database (LED)",
        "holder": "In the name of",
        "birth": "Birth date",
        "issuer": "Issued by",
        "issued": "Valid from",
        "verify": "How to verify this credential",
        "offline": "Without network: the signed digital credential is attached to this PDF "
        "({file}). Extract it and verify it with \u201cvc-led verify {file} --bundle "
        "<trust bundle> --pinned-key <LED registry key>\u201d: the signature, the issuer's "
        "accreditation and the stapled status list (not revoked as of {stapled}). The LED "
        "registry publishes the bundle and its key; take the key from a source you trust, not "
        "from this document.",
        "online": "Online: scan the QR code or open {url} to see whether the registry issued "
        "this credential and whether it is still valid.",
        "bearer": "This document and its attachment are not bound to a key: whoever has them "
        "can present them. Compare the name and birth date with an identity document.",
        "qr": "QR code to the verification of this credential",
    },
}


@dataclass(frozen=True, slots=True)
class PdfInput:
    """What the PDF shows and carries."""

    card: RecordCard
    stapled: Mapping[str, Any]  # the downloadable file: credential + status lists
    file_name: str  # the attachment's name (``<stem>.json``)
    verify_url: str
    lang: str
    created: datetime


def _credential(stapled: Mapping[str, Any]) -> Mapping[str, Any]:
    inner = stapled.get("credential")
    return inner if isinstance(inner, Mapping) else stapled


def _holder(credential: Mapping[str, Any]) -> tuple[str, str]:
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    name = " ".join(str(subject.get(k, "")) for k in ("givenName", "familyName")).strip()
    return name, str(subject.get("birthDate", ""))


def _issuer(credential: Mapping[str, Any]) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        return f"{issuer.get('name', '')} ({issuer.get('id', '')})".strip()
    return str(issuer)


def _new_pdf() -> tuple[FPDF, str, bool]:
    """A PDF/A-3B document with DejaVu embedded, or a plain one with a core font."""
    if all((FONT_DIR / f).is_file() for f in _FONTS.values()):
        pdf = FPDF(enforce_compliance="PDF/A-3B")
        for style, file in _FONTS.items():
            pdf.add_font("DejaVu", style, str(FONT_DIR / file))
        return pdf, "DejaVu", True
    log.warning("DejaVu fonts not found in %s: the PDF is not PDF/A", FONT_DIR)
    return FPDF(), "helvetica", False


def _qr_png(url: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=4, dark="black", light="white")
    out.seek(0)
    return out


def _text(text: str, *, unicode: bool) -> str:
    return text if unicode else text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(data: PdfInput) -> bytes:
    """The PDF (PDF/A-3B when the fonts are available) as bytes."""
    pdf, family, unicode = _new_pdf()
    t, words = PDF_TEXTS[data.lang], TEXTS[data.lang]
    credential = _credential(data.stapled)
    name, birth = _holder(credential)
    card = data.card

    def write(text: str, *, size: float = 11, bold: bool = False, gap: float = 2) -> None:
        pdf.set_font(family, "B" if bold else "", size)
        pdf.multi_cell(
            0, size * 0.5, _text(text, unicode=unicode), new_x="LMARGIN", new_y="NEXT", align="L"
        )
        pdf.ln(gap)

    pdf.set_title(_text(card.title, unicode=unicode))
    pdf.set_author(_text(_issuer(credential), unicode=unicode))
    pdf.set_lang("nl-BE" if data.lang == "nl" else "en")
    pdf.set_creation_date(data.created)
    pdf.add_page()
    write(t["heading"], size=10)
    write(card.title, size=18, bold=True, gap=3)
    if card.intermediate:
        write("\u26a0 " + words["intermediate"] if unicode else words["intermediate"], bold=True)
    if card.self_declared:
        write(words["self_declared_mark"], bold=True)
    rows = [
        (t["holder"], name),
        (t["birth"], birth),
        (words["proof_type"], card.proof_type),
        (words["category"], card.category),
        (words["institution"], card.institution),
        (words["date"], card.date or words["unknown_date"]),
        (words["supplier"], card.supplier),
        (words["authenticity"], card.authenticity),
        (t["issuer"], _issuer(credential)),
        (t["issued"], str(credential.get("validFrom", ""))[:10]),
    ]
    for label, value in rows:
        pdf.set_font(family, "B", 10)
        pdf.cell(62, 6, _text(label, unicode=unicode))
        pdf.set_font(family, "", 10)
        pdf.multi_cell(
            0, 6, _text(value, unicode=unicode), new_x="LMARGIN", new_y="NEXT", align="L"
        )
    pdf.ln(4)
    write(t["verify"], size=13, bold=True)
    stapled_at = str(data.stapled.get("stapledAt", ""))[:10]
    write(t["offline"].format(file=data.file_name, stapled=stapled_at), size=10)
    write(t["online"].format(url=data.verify_url), size=10)
    pdf.image(_qr_png(data.verify_url), w=45, h=45, alt_text=t["qr"])
    pdf.ln(2)
    write(t["bearer"], size=9)
    body = json.dumps(data.stapled, ensure_ascii=False, indent=2).encode("utf-8")
    pdf.embed_file(
        bytes=body,
        basename=data.file_name,
        modification_date=data.created,
        mime_type="application/json",
        associated_file_relationship="Data",
        desc="LED credential (W3C VC 2.0) with stapled status",
    )
    return bytes(pdf.output())
