"""Golden reports of LED SD-JWT VCs (``report-sdjwt-*``): the SD-JWT VC rendition of a LED
record (:func:`vc_led.led.issuing_sdjwt.issue_sd_jwt_credential`, ES256 with the
deterministic P-256 test key, salts from a counter), shown in full and as presentations that
disclose a few claims. The report must show the disclosed claims with the labels of the W3C
report, say "not disclosed" where a reader expects a withheld fact, and never show what was
withheld -- a BuSO attest's grade and school type included."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from _build import CREATED, ED_OTHER, NOW, P256, Case, case, passing
from _defs_led import HOLDER, sample

from vc_led.jose import jwk_of_public
from vc_led.led.issuing_sdjwt import issue_sd_jwt_credential
from vc_led.sdjwt import present_sd_jwt

ISS = "https://led.example.be"
AUD = "https://hospital.example"
NONCE = "n-led-0001"
WHEN = datetime.fromisoformat(NOW.replace("Z", "+00:00"))


def _rng() -> Callable[[int], bytes]:
    counter = iter(range(1_000_000))
    return lambda n: hashlib.sha256(b"led-%d" % next(counter)).digest()[:n]


def _issue(name: str, index: int) -> str:
    return issue_sd_jwt_credential(
        record=sample(name, index),
        holder=HOLDER,
        issuer_key=P256,
        issuer=ISS,
        holder_key=ED_OTHER.public,
        now=CREATED,
        rng=_rng(),
    )


def _present(text: str, disclose: list[str]) -> str:
    return present_sd_jwt(
        text,
        disclose=disclose,
        holder_key=ED_OTHER,
        aud=AUD,
        nonce=NONCE,
        now=WHEN - timedelta(seconds=30),
    )


def _case(name: str, description: str, text: str, **options: Any) -> Case:
    bound = "challenge" in options
    environment = {
        "sd_jwt_issuer_keys": {ISS: [jwk_of_public(P256.public).export_public(as_dict=True)]}
    }
    return Case(
        name,
        description,
        (text + "\n").encode("ascii"),
        "verified",
        [],
        passing(
            context="skipped", status="skipped", holder_binding="passed" if bound else "skipped"
        ),
        options={"trusted_issuers": [ISS], **options},
        environment=environment,
        input_file="input.sdjwt",
        report=True,
    )


@case
def report_sdjwt_full() -> Case:
    return _case(
        "report-sdjwt-qualification-full",
        "report: the SD-JWT VC of an ASO diploma (sample 88642199886, record 6), every claim "
        "disclosed: the facts and labels of the W3C report",
        _issue("88642199886.xml", 6),
    )


@case
def report_sdjwt_partial() -> Case:
    text = _present(
        _issue("88642199886.xml", 6),
        [
            "given_name",
            "family_name",
            "qualification.description",
            "qualification.awarding_body.name",
        ],
    )
    return _case(
        "report-sdjwt-qualification-partial",
        "report: a presentation of the same diploma disclosing the holder's name, the description and "
        "the institution only: no birth date, the award date 'not disclosed'",
        text,
        challenge=NONCE,
        domain=AUD,
    )


@case
def report_sdjwt_special_needs_withheld() -> Case:
    text = _present(
        _issue("98692551911.xml", 1),
        [
            "given_name",
            "family_name",
            "qualification.proof_type",
            "qualification.awarded_on",
            "qualification.awarded_on_precision",
        ],
    )
    return _case(
        "report-sdjwt-special-needs-withheld",
        "report: a BuSO (OV3) attest presented without its education, title or institution: "
        "nothing in the report reveals special-needs education",
        text,
        challenge=NONCE,
        domain=AUD,
    )
