"""The page's own words in English and Dutch (the report's words are in :mod:`vc_led.report`),
and choosing the language: ``?lang=``, else the browser's ``Accept-Language``, else English."""

from __future__ import annotations

from vc_led.report import LANGUAGES, language

__all__ = ["UI", "pick_language"]

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "Verify a Flemish education credential",
        "intro": "Check a diploma, certificate or other credential from the Flemish LED: "
        "whether it is genuine, from an accredited issuer, not revoked, and what it says.",
        "offline": "Nothing is fetched from the internet: keys, accredited issuers and "
        "revocation lists come from the signed trust bundle this verifier was started with.",
        "skip": "Skip to the form",
        "file_label": "Credential or presentation file (.json)",
        "file_hint": "Choose a file, or drop it on this field.",
        "paste_label": "Or paste the credential here",
        "paste_hint": "The JSON text of a credential, a stapled credential or a presentation.",
        "vp_legend": "Presentation options (only for a presentation)",
        "challenge_label": "Challenge",
        "challenge_hint": "The challenge you gave the holder, so an old presentation cannot "
        "be replayed.",
        "domain_label": "Domain",
        "submit": "Verify",
        "again": "Verify another credential",
        "print": "Print this result",
        "json": "Download the result (JSON)",
        "result_title": "Verification result",
        "verified_at": "Verified at",
        "kept": "This result is kept on the server for {minutes} minutes, then forgotten.",
        "bundle": "Trust bundle: registry {registry}, made {created} ({age} old), "
        "{issuers} accredited issuers.",
        "bundle_demo": "This verifier uses the DEMO registry key: for demonstrations only.",
        "bundle_old": "It is older than its maximum age: revocation can no longer be decided. "
        "Load a fresh trust bundle.",
        "no_bundle": "No trust bundle is loaded: issuers cannot be checked against the LED "
        "registry and revocation cannot be decided.",
        "language": "Language",
        "check": "Check",
        "outcome": "Outcome",
        "explanation": "What it means",
        "error_title": "This could not be verified",
        "empty": "Choose a file or paste a credential first.",
        "too_large": "The file is too large: at most {limit} can be verified.",
        "not_json": "This is not a JSON credential or presentation: {reason}",
        "not_found": "This result is not available (any more). Results are kept for "
        "{minutes} minutes.",
        "bad_request": "The request could not be understood.",
        "not_allowed": "This page cannot be used that way.",
        "unsupported": "Send the credential as JSON.",
        "server_error": "Something went wrong on the server. Nothing was verified.",
        "timeout": "Verifying this document took longer than the {seconds} seconds this "
        "verifier allows, so it was stopped. Nothing was decided about it.",
        "aborted": "This document could not be verified: the verification stopped with an "
        "error. Nothing was decided about it.",
        "busy": "The verifier is busy. Try again in {seconds} seconds.",
        "stopping": "The verifier is shutting down. Try again later.",
        "rate_limited": "Too many verifications from your address. Try again in {seconds} seconds.",
        "slow_body": "The document did not arrive within {seconds} seconds.",
        "code": "Code",
    },
    "nl": {
        "title": "Een Vlaams onderwijsbewijs verifiëren",
        "intro": "Controleer een diploma, getuigschrift of ander bewijs uit de Vlaamse LED: "
        "of het echt is, van een erkende uitgever komt, niet ingetrokken is, en wat het "
        "vermeldt.",
        "offline": "Er wordt niets van het internet opgehaald: sleutels, erkende uitgevers en "
        "intrekkingslijsten komen uit de ondertekende vertrouwensbundel waarmee deze "
        "verificatie gestart werd.",
        "skip": "Naar het formulier",
        "file_label": "Bestand met bewijs of presentatie (.json)",
        "file_hint": "Kies een bestand, of sleep het op dit veld.",
        "paste_label": "Of plak het bewijs hier",
        "paste_hint": "De JSON-tekst van een bewijs, een bewijs met statuslijst of een "
        "presentatie.",
        "vp_legend": "Opties voor een presentatie (enkel voor een presentatie)",
        "challenge_label": "Uitdaging (challenge)",
        "challenge_hint": "De uitdaging die u de houder gaf, zodat een oude presentatie niet "
        "opnieuw gebruikt kan worden.",
        "domain_label": "Domein",
        "submit": "Verifiëren",
        "again": "Nog een bewijs verifiëren",
        "print": "Dit resultaat afdrukken",
        "json": "Het resultaat downloaden (JSON)",
        "result_title": "Resultaat van de verificatie",
        "verified_at": "Geverifieerd op",
        "kept": "Dit resultaat blijft {minutes} minuten op de server bewaard en wordt dan "
        "vergeten.",
        "bundle": "Vertrouwensbundel: register {registry}, gemaakt op {created} ({age} oud), "
        "{issuers} erkende uitgevers.",
        "bundle_demo": "Deze verificatie gebruikt de DEMO-sleutel van het register: enkel "
        "voor demonstraties.",
        "bundle_old": "Ze is ouder dan haar maximale leeftijd: intrekking kan niet meer beslist "
        "worden. Laad een recente vertrouwensbundel.",
        "no_bundle": "Er is geen vertrouwensbundel geladen: uitgevers kunnen niet aan het "
        "LED-register getoetst worden en intrekking kan niet beslist worden.",
        "language": "Taal",
        "check": "Controle",
        "outcome": "Uitkomst",
        "explanation": "Wat het betekent",
        "error_title": "Dit kon niet geverifieerd worden",
        "empty": "Kies eerst een bestand of plak een bewijs.",
        "too_large": "Het bestand is te groot: hoogstens {limit} kan geverifieerd worden.",
        "not_json": "Dit is geen bewijs of presentatie in JSON: {reason}",
        "not_found": "Dit resultaat is niet (meer) beschikbaar. Resultaten worden {minutes} "
        "minuten bewaard.",
        "bad_request": "De aanvraag kon niet begrepen worden.",
        "not_allowed": "Deze pagina kan niet zo gebruikt worden.",
        "unsupported": "Stuur het bewijs als JSON.",
        "server_error": "Er ging iets mis op de server. Er werd niets geverifieerd.",
        "timeout": "Dit document verifiëren duurde langer dan de {seconds} seconden die deze "
        "verificatie toestaat, dus werd ze gestopt. Er werd niets over beslist.",
        "aborted": "Dit document kon niet geverifieerd worden: de verificatie stopte met een "
        "fout. Er werd niets over beslist.",
        "busy": "De verificatie is bezet. Probeer het opnieuw over {seconds} seconden.",
        "stopping": "De verificatie wordt afgesloten. Probeer het later opnieuw.",
        "rate_limited": "Te veel verificaties vanaf uw adres. Probeer het opnieuw over "
        "{seconds} seconden.",
        "slow_body": "Het document kwam niet binnen {seconds} seconden aan.",
        "code": "Code",
    },
}


def pick_language(query: str | None, accept_language: str | None) -> str:
    """``en`` or ``nl``: the ``lang`` query parameter if it names one, else the first of the
    browser's preferences that does, else English."""
    if query and language(query) == query.strip().lower()[:2]:
        return language(query)
    for part in (accept_language or "").split(",")[:10]:
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return LANGUAGES[0]
