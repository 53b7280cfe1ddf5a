"""``relatedResource`` (VC 2.0 §5.3): refused at issuance, checked in ``structure`` (issue 11).
The verifier's side is mostly in the case folders ``tests/cases/related-resource-*``."""

from __future__ import annotations

import base64
import hashlib

import pytest

from vc_led import KeyPair, SigningError, VerificationPolicy, Verifier, sign_credential
from vc_led._multibase import multibase_encode_b58, multibase_encode_b64url
from vc_led._related import check_related_resources, related_resource_details
from vc_led.errors import DocumentError
from vc_led.issue import sign_presentation
from vc_led.jsonld.loader import contexts_dir
from vc_led.results import CheckStatus, ErrorCode

V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"
IMAGE = "https://university.example/images/58473"
KEY = KeyPair.generate()
RAW_V2 = (contexts_dir() / "credentials" / "v2.jsonld").read_bytes()
INVALID = ErrorCode.STRUCTURE_RELATED_RESOURCE_INVALID
MISMATCH = ErrorCode.STRUCTURE_RELATED_RESOURCE_DIGEST_MISMATCH


def _sri(algorithm: str = "sha384", data: bytes = RAW_V2) -> str:
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


def _mh(code: int, algorithm: str, data: bytes = RAW_V2) -> bytes:
    digest = hashlib.new(algorithm, data).digest()
    return bytes([code, len(digest)]) + digest


def _credential(related: object) -> dict[str, object]:
    return {
        "@context": [V2, EXAMPLES],
        "type": ["VerifiableCredential"],
        "issuer": KEY.controller,
        "credentialSubject": {"id": "did:example:holder", "name": "Alice"},
        "relatedResource": related,
    }


def test_the_v2_context_is_the_w3c_file():
    """The shipped copy is byte-exact: its SHA-256 is the one VC 2.0 §B.1 gives."""
    assert hashlib.sha256(RAW_V2).hexdigest() == (
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"
    )


DIGEST_FORMS = {
    "sri-sha256": lambda d: {"digestSRI": _sri("sha256", d)},
    "sri-sha384": lambda d: {"digestSRI": _sri("sha384", d)},
    "sri-sha512": lambda d: {"digestSRI": _sri("sha512", d)},
    # SRI's base64-value allows the padding to be left out
    "sri-unpadded": lambda d: {"digestSRI": _sri("sha256", d).rstrip("=")},
    "sri-list": lambda d: {"digestSRI": [_sri("sha256"), _sri("sha512", d)]},
    "mb-z-sha2-256": lambda d: {"digestMultibase": multibase_encode_b58(_mh(0x12, "sha256", d))},
    "mb-u-sha2-256": lambda d: {"digestMultibase": multibase_encode_b64url(_mh(0x12, "sha256", d))},
    "mb-u-sha2-384": lambda d: {"digestMultibase": multibase_encode_b64url(_mh(0x20, "sha384", d))},
    "mb-u-sha3-256": lambda d: {
        "digestMultibase": multibase_encode_b64url(_mh(0x16, "sha3_256", d))
    },
    "mb-z-sha3-384": lambda d: {"digestMultibase": multibase_encode_b58(_mh(0x15, "sha3_384", d))},
    "mb-list": lambda d: {
        "digestMultibase": [
            multibase_encode_b58(_mh(0x12, "sha256")),
            multibase_encode_b58(_mh(0x20, "sha384", d)),
        ]
    },
}


@pytest.mark.parametrize("form", sorted(DIGEST_FORMS))
def test_every_spec_digest_form_is_checked(form):
    right = DIGEST_FORMS[form](RAW_V2)
    report = check_related_resources(_credential([{"id": V2, **right}]))
    assert report.checked == (V2,) and report.unchecked == ()
    wrong = DIGEST_FORMS[form](RAW_V2 + b" ")
    with pytest.raises(DocumentError) as err:
        check_related_resources(_credential([{"id": V2, **wrong}]))
    assert err.value.code == MISMATCH


def test_a_wrong_digest_of_another_file_is_a_mismatch():
    with pytest.raises(DocumentError) as err:
        check_related_resources(_credential({"id": V2, "digestSRI": _sri(data=b"other")}))
    assert err.value.code == MISMATCH
    assert err.value.details == {"entry": 0, "id": V2, "algorithm": "sha384"}


@pytest.mark.parametrize(
    "related",
    [
        "https://example.org/x",
        [],
        [7],
        [{"digestSRI": _sri()}],
        [{"id": "not a url", "digestSRI": _sri()}],
        [{"id": V2}],
        [{"id": V2, "mediaType": "application/ld+json"}],
        [{"id": V2, "digestSRI": _sri()}, {"id": V2, "digestSRI": _sri("sha256")}],
        [{"id": V2, "digestSRI": []}],
        [{"id": V2, "digestSRI": 12}],
        [{"id": V2, "digestSRI": _sri("sha1")}],
        [{"id": V2, "digestSRI": _sri() + "?ct=application/ld+json"}],  # options: not hash-expr
        [{"id": V2, "digestSRI": "sha384-" + _sri()[7:].replace("+", "-")}],  # base64url
        [{"id": V2, "digestSRI": "sha256-" + _sri()[7:]}],  # a sha384 digest called sha256
        [{"id": V2, "digestMultibase": "z" + _sri()[7:]}],
        [{"id": V2, "digestMultibase": multibase_encode_b58(_mh(0x12, "sha256")[2:])}],
        [{"id": V2, "digestMultibase": multibase_encode_b58(_mh(0x13, "sha512"))}],  # not in CID
        [{"id": V2, "digestMultibase": multibase_encode_b58(b"\x12\x20" + bytes(31))}],
        [{"id": V2, "digestMultibase": "uAA!!AA"}],
        [{"id": V2, "digestSRI": _sri(), "mediaType": "json"}],
        [{"id": V2, "digestSRI": _sri(), "mediaType": 5}],
    ],
)
def test_malformed_is_refused_at_issuance_and_verification(related):
    doc = _credential(related)
    with pytest.raises(SigningError) as err:
        sign_credential(doc, key=KEY)
    assert err.value.code == INVALID
    signed_anyway = {
        **sign_credential({**doc, "relatedResource": {"id": IMAGE, "digestSRI": _sri()}}, key=KEY),
        "relatedResource": related,
    }
    result = Verifier(VerificationPolicy(trusted_issuers={KEY.controller})).verify_credential(
        signed_anyway
    )
    assert result.codes == (INVALID,)
    assert related_resource_details(doc) == {}


def test_wrong_digest_is_refused_at_issuance():
    with pytest.raises(SigningError) as err:
        sign_credential(_credential([{"id": V2, "digestSRI": _sri(data=b"x")}]), key=KEY)
    assert err.value.code == MISMATCH


def test_presentation_is_checked_at_issuance():
    vp = {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "relatedResource": [{"id": V2}],
    }
    with pytest.raises(SigningError) as err:
        sign_presentation(vp, key=KEY)
    assert err.value.code == INVALID


def test_unshipped_resource_is_passed_but_named_unchecked():
    doc = _credential(
        [
            {"id": V2, "digestSRI": _sri()},
            {"id": IMAGE, "digestSRI": _sri(data=b"image"), "mediaType": "image/png"},
        ]
    )
    signed = sign_credential(doc, key=KEY)
    result = Verifier(VerificationPolicy(trusted_issuers={KEY.controller})).verify_credential(
        signed
    )
    assert result.verified, result.codes
    structure = result.checks[0]
    assert structure.status is CheckStatus.PASSED
    assert structure.details["related_resources_checked"] == V2
    assert structure.details["related_resources_unchecked"] == IMAGE


def test_no_related_resource_no_details():
    doc = _credential([])
    del doc["relatedResource"]
    assert related_resource_details(doc) == {}
    assert check_related_resources(doc).checked == ()
