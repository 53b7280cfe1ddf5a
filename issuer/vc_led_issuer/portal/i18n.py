"""The portal's words in Dutch (the default) and English, and choosing the language.

The choice: a ``?lang=`` link (which the portal then remembers in the ``vcled_lang`` cookie),
else that cookie, else the best of the browser's ``Accept-Language`` preferences by q-value,
else Dutch. LED's own data (titles, institutions, categories) stays as LED has it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT", "LANGUAGES", "LANG_COOKIE", "TEXTS", "negotiate", "pick_language"]

DEFAULT = "nl"
LANGUAGES = ("nl", "en")
LANG_COOKIE = "vcled_lang"
NAMES = {"nl": "Nederlands", "en": "English"}

TEXTS: Mapping[str, Mapping[str, str]] = {
    "nl": {
        "site": "Mijn kwalificaties",
        "skip": "Naar de inhoud",
        "language": "Taal",
        "intro": "Uw diploma's, getuigschriften en andere bewijzen uit de Leer- en "
        "Ervaringsdatabank (LED), als ondertekend digitaal bewijs: om te downloaden, af te "
        "drukken of in uw wallet te zetten.",
        "login": "Aanmelden",
        "login_hint": "U meldt zich aan bij de identiteitsdienst van de overheid.",
        "login_unavailable": "Aanmelden is op deze server niet ingesteld.",
        "logout": "Afmelden",
        "hello": "Aangemeld als {name}",
        "born": "geboren op {date}",
        "none": "Er zijn geen bewijzen van u in de LED.",
        "qualifications": "Diploma's en getuigschriften",
        "competences": "Competenties en microcredentials",
        "equivalences": "Gelijkwaardigheden",
        "self-declared": "Eigen verklaringen",
        "intermediate": "Tussenbewijs: geen eindbewijs",
        "self_declared_mark": "Eigen verklaring: niet bevestigd door een onderwijsinstelling",
        "institution": "Instelling",
        "date": "Datum",
        "unknown_date": "onbekend",
        "supplier": "Bron",
        "proof_type": "Soort bewijs",
        "category": "Categorie",
        "authenticity": "Authenticiteit",
        "download_json": "Download het bewijs (JSON)",
        "download_pdf": "Download als PDF",
        "wallet": "In mijn wallet zetten",
        "not_issued": "Voor dit bewijs is (nog) geen digitaal bewijs beschikbaar.",
        "details": "Details",
        "back": "Terug naar mijn kwalificaties",
        "bearer": "Wie het bestand heeft, kan het tonen: het vermeldt uw naam en geboortedatum, "
        "maar is niet aan een sleutel gebonden. Een bewijs in uw wallet is dat wel.",
        "sd_jwt_wallet": "Voor Europese wallets (SD-JWT VC, u kiest welke gegevens u toont) "
        "bestaat dit bewijs alleen via 'In mijn wallet zetten', gebonden aan uw wallet.",
        "not_found": "Dit bewijs bestaat niet of is niet van u.",
        "verify_title": "Verificatie van een bewijs",
        "verify_valid": "Dit bewijs is uitgereikt door het LED-register en is geldig: niet "
        "ingetrokken en niet geschorst.",
        "verify_revoked": "Dit bewijs is ingetrokken. Het is niet meer geldig.",
        "verify_suspended": "Dit bewijs is geschorst. Het is voorlopig niet geldig.",
        "verify_unknown": "Het LED-register kent geen bewijs met deze code.",
        "verify_issued": "Uitgereikt op",
        "verify_issuer": "Uitgereikt door",
        "verify_id": "Code van het bewijs",
        "verify_checked": "Gecontroleerd op",
        "verify_what": "Deze pagina toont enkel of het register dit bewijs uitreikte en of het "
        "nog geldig is, geen persoonsgegevens. Controleer ook dat het bestand zelf echt is: "
        "het ondertekende bewijs zit in de PDF als bijlage. Verifieer het met "
        "\u201cvc-led verify\u201d (ook zonder netwerk, met een vertrouwensbundel) of met de "
        "web-verificatie van vc-led.",
        "error_title": "Dat lukte niet",
        "login_failed": "Het aanmelden is niet gelukt. Probeer het opnieuw.",
        "login_required": "Meld u eerst aan.",
        "csrf_failed": "Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.",
    },
    "en": {
        "site": "My qualifications",
        "skip": "Skip to the content",
        "language": "Language",
        "intro": "Your diplomas, certificates and other records from the Flemish Learning and "
        "Experience Database (LED), as signed digital credentials: to download, print or "
        "add to your wallet.",
        "login": "Log in",
        "login_hint": "You log in with the government's identity service.",
        "login_unavailable": "Logging in is not configured on this server.",
        "logout": "Log out",
        "hello": "Logged in as {name}",
        "born": "born {date}",
        "none": "The LED has no records of yours.",
        "qualifications": "Diplomas and certificates",
        "competences": "Competences and micro-credentials",
        "equivalences": "Equivalences",
        "self-declared": "Self-declared",
        "intermediate": "Intermediate proof: not a final qualification",
        "self_declared_mark": "Self-declared: not confirmed by an education institution",
        "institution": "Institution",
        "date": "Date",
        "unknown_date": "unknown",
        "supplier": "Source",
        "proof_type": "Kind of record",
        "category": "Category",
        "authenticity": "Authenticity",
        "download_json": "Download the credential (JSON)",
        "download_pdf": "Download as PDF",
        "wallet": "Add to my wallet",
        "not_issued": "No digital credential is available for this record (yet).",
        "details": "Details",
        "back": "Back to my qualifications",
        "bearer": "Whoever has the file can present it: it names you and your birth date but "
        "is not bound to a key. A credential in your wallet is.",
        "sd_jwt_wallet": "For EU wallets (SD-JWT VC, you choose which facts you show) this "
        "record exists only through 'Add to my wallet', bound to your wallet.",
        "not_found": "This record does not exist or is not yours.",
        "verify_title": "Verification of a credential",
        "verify_valid": "This credential was issued by the LED registry and is valid: not "
        "revoked and not suspended.",
        "verify_revoked": "This credential has been revoked. It is no longer valid.",
        "verify_suspended": "This credential is suspended. It is not valid for now.",
        "verify_unknown": "The LED registry knows no credential with this code.",
        "verify_issued": "Issued on",
        "verify_issuer": "Issued by",
        "verify_id": "Credential code",
        "verify_checked": "Checked at",
        "verify_what": "This page only shows whether the registry issued this credential and "
        "whether it is still valid, no personal data. Also check that the file itself is "
        "genuine: the signed credential is attached to the PDF. Verify it with "
        "\u201cvc-led verify\u201d (also without network, with a trust bundle) or with the vc-led "
        "web verifier.",
        "error_title": "That did not work",
        "login_failed": "Logging in did not work. Please try again.",
        "login_required": "Please log in first.",
        "csrf_failed": "This form has expired. Reload the page and try again.",
    },
}


def negotiate(accept_language: str | None) -> str | None:
    """The supported language the browser prefers most (by q-value; ties: first listed)."""
    best, best_q = None, 0.0
    for part in (accept_language or "").split(",")[:20]:
        tag, *params = part.strip().split(";")
        q = 1.0
        for param in params:
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        lang = tag.strip().lower().split("-")[0]
        lang = DEFAULT if lang == "*" else lang
        if lang in LANGUAGES and 0 < q <= 1 and q > best_q:
            best, best_q = lang, q
    return best


def pick_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """``nl`` or ``en``: an explicit ``?lang=``, else the remembered choice, else the
    browser's preference, else Dutch."""
    for explicit in (query, cookie):
        if explicit in LANGUAGES:
            return explicit
    return negotiate(accept_language) or DEFAULT
