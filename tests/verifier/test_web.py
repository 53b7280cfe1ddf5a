"""The web verifier through FastAPI's TestClient: the form, the report in both languages, the
JSON API, and bad inputs (huge, not JSON, wrong challenge...) answered 4xx, never 500."""

from __future__ import annotations

import json
import re

import pytest
from _world import TITLE, World
from fastapi.testclient import TestClient

from vc_led import KeyPair, sign_presentation, staple_status
from vc_led_verifier.app import create_app
from vc_led_verifier.settings import VerifierSettings


def post(client: TestClient, document: str | bytes, **fields: str):
    data = {"document": document if isinstance(document, str) else document.decode(), **fields}
    query = f"?lang={fields['lang']}" if "lang" in fields else ""
    return client.post(f"/verify{query}", data=data, follow_redirects=False)


def upload(client: TestClient, content: bytes, **fields: str):
    files = {"file": ("credential.json", content, "application/json")}
    return client.post("/verify", files=files, data=fields, follow_redirects=False)


def result_page(client: TestClient, response, lang: str | None = None) -> str:
    assert response.status_code == 303, response.text[:500]
    location = response.headers["location"]
    assert re.fullmatch(r"/result/[A-Za-z0-9_-]{24}\?lang=(en|nl)", location)
    if lang:
        location = location.split("?")[0] + f"?lang={lang}"
    page = client.get(location)
    assert page.status_code == 200
    return page.text


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_form_in_both_languages(client):
    en = client.get("/")
    assert en.status_code == 200 and '<html lang="en">' in en.text
    assert "Verify a Flemish education credential" in en.text
    nl = client.get("/?lang=nl")
    assert '<html lang="nl">' in nl.text and "Een Vlaams onderwijsbewijs verifiëren" in nl.text
    browser = client.get("/", headers={"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.5"})
    assert '<html lang="nl">' in browser.text
    assert "DEMO" in en.text  # the demo pin is announced


@pytest.mark.parametrize(
    ("name", "verdict", "needle"),
    [
        ("led_diploma", "VERIFIED", "Master of Science in de sociologie"),
        ("registry_ok", "VERIFIED", TITLE),
        ("revoked", "NOT VERIFIED", "status.revoked"),
        ("self_declared", "VERIFIED", "SELF-DECLARED"),
        ("out_of_scope", "NOT VERIFIED", "issuer.out_of_scope"),
        ("retired_after", "NOT VERIFIED", "proof.key_retired"),
    ],
)
def test_report_for_each_outcome(client, world: World, name, verdict, needle):
    html = result_page(client, post(client, json.dumps(world.credentials[name])))
    assert '<h1 id="verdict" data-outcome=' in html
    text = text_of(html)
    assert f" {verdict} " in text and needle in text


def test_upload_and_language_switch(client, world):
    response = upload(client, json.dumps(world.credentials["led_diploma"]).encode(), lang="nl")
    nl = text_of(result_page(client, response))
    assert "GEVERIFIEERD" in nl and "Kwalificatie" in nl and "VKS 7 (EQF 7)" in nl
    en = text_of(result_page(client, response, lang="en"))
    assert "VERIFIED" in en and "Qualification" in en


def test_result_json_download(client, world):
    location = post(client, json.dumps(world.credentials["revoked"])).headers["location"]
    data = client.get(location.split("?")[0] + ".json")
    assert data.status_code == 200 and "attachment" in data.headers["content-disposition"]
    body = data.json()
    assert body["outcome"] == "failed" and body["checks"][5]["code"] == "status.revoked"


def test_stapled_credential(client, world):
    """A snapshot newer than the bundle's decides (and says so)."""
    from datetime import timedelta

    from _world import _status_list

    fresh = _status_list(world.registry_key, world.now + timedelta(minutes=55), (7, 9))
    stapled = staple_status(world.credentials["registry_ok"], status_lists=[fresh])
    text = text_of(result_page(client, post(client, json.dumps(stapled))))
    assert "VERIFIED" in text and "delivered with the credential" in text


def _presentation(world: World, challenge: str, name: str = "led_diploma") -> str:
    holder = KeyPair.generate()
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.controller,
        "verifiableCredential": [world.credentials[name]],
    }
    return json.dumps(sign_presentation(vp, key=holder, challenge=challenge, domain="uni.example"))


def test_presentation_with_the_right_challenge(client, world):
    vp = _presentation(world, "nonce-42")
    text = text_of(
        result_page(client, post(client, vp, challenge="nonce-42", domain="uni.example"))
    )
    assert "VERIFIED" in text and "Credential 1: VERIFIED" in text
    assert "Master of Science in de sociologie" in text
    # a download names its holder but no holder key: the page says so, never "by the holder"
    assert "Presented by the holder" not in text
    assert "names no holder key: anyone with a copy can present it" in text
    assert "Holder key none: anyone with a copy can show this credential" in text


def test_a_stranger_presenting_a_subject_bound_credential_fails(client, world):
    vp = _presentation(world, "nonce-7", name="registry_ok")  # about did:example:holder
    page = result_page(client, post(client, vp, challenge="nonce-7", domain="uni.example"))
    text = text_of(page)
    assert "NOT VERIFIED" in text and "holder_binding.not_subject" in text
    assert "a copy of another person" in text
    nl = text_of(result_page(client, post(client, vp, challenge="nonce-7", lang="nl"), "nl"))
    assert "een kopie van het bewijs van iemand anders" in nl


def test_presentation_with_a_wrong_or_missing_challenge(client, world):
    vp = _presentation(world, "nonce-42")
    wrong = text_of(result_page(client, post(client, vp, challenge="nonce-43")))
    assert "NOT VERIFIED" in wrong and "proof.challenge_mismatch" in wrong
    assert "another challenge" in wrong
    missing = text_of(result_page(client, post(client, vp)))
    assert "UNDECIDED" in missing and "proof.challenge_not_checked" in missing


@pytest.mark.parametrize(
    ("document", "status", "needle"),
    [
        ("", 400, "Choose a file or paste a credential first"),
        ("   \n", 400, "Choose a file or paste a credential first"),
        ("this is not json", 400, "This is not a JSON credential or presentation: Expecting"),
        ('{"a": 1', 400, "This is not a JSON credential"),
        ("[1, 2, 3]", 400, "must be a JSON object"),
        ('{"NaN": NaN}', 400, "NaN is not JSON"),
        ('{"a": 1, "a": 2}', 400, "duplicate key"),
    ],
)
def test_bad_pasted_inputs_are_clear_4xx(client, document, status, needle):
    response = post(client, document)
    assert response.status_code == status and needle in response.text
    assert 'role="alert"' in response.text and '<form class="verify"' in response.text


def test_bad_input_keeps_what_was_pasted_escaped(client):
    response = post(client, "<script>alert(1)</script>", lang="nl")
    assert response.status_code == 400 and "Dit is geen bewijs" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_json_that_is_no_credential_gets_a_report(client):
    for document in ('{"hello": "world"}', "{}", '{"a":' * 5000 + "1" + "}" * 5000):
        text = text_of(result_page(client, post(client, document)))
        assert "NOT VERIFIED" in text and "structure." in text


def test_huge_upload_is_refused_before_it_is_read(client):
    huge = b'{"x": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    response = upload(client, huge)
    assert response.status_code == 413 and "too large" in response.text
    response = post(client, huge.decode(), lang="nl")
    assert response.status_code == 413 and "te groot" in response.text
    just_over = b'{"x": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    assert upload(client, just_over).status_code == 413


def test_not_utf8_upload(client):
    response = upload(client, b'{"x": "\xff\xfe"}')
    assert response.status_code == 400 and "UTF-8" in response.text


def test_escaping_of_credential_content(client, world):
    from _world import led_document

    from vc_led import sign_credential

    doc = led_document(
        world.registry_key.controller,
        supplier="Hoger onderwijs",
        title="<img src=x onerror=alert(1)>",
        valid_from=world.now,
    )
    signed = sign_credential(doc, key=world.registry_key)
    html = result_page(client, post(client, json.dumps(signed)))
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_missing_and_unknown_pages(client):
    gone = client.get("/result/doesnotexistdoesnotexist1?lang=nl")
    assert gone.status_code == 404 and "niet (meer) beschikbaar" in gone.text
    assert client.get("/nope").status_code == 404
    wrong_method = client.get("/verify")
    assert wrong_method.status_code == 405 and "cannot be used that way" in wrong_method.text
    problem = client.get("/nope", headers={"Accept": "application/json"})
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["status"] == 404


def test_api(client, world):
    ok = client.post(
        "/api/verify",
        content=json.dumps(world.credentials["led_diploma"]),
        headers={"Content-Type": "application/json"},
    )
    assert ok.status_code == 200 and ok.json()["verified"] is True
    assert ok.json()["authenticity"] == "authentic"
    vp = _presentation(world, "n-1")
    answer = client.post(
        "/api/verify?challenge=n-2", content=vp, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 200 and answer.json()["outcome"] == "failed"


def test_api_reads_an_sd_jwt_vc(client):
    from datetime import UTC, datetime

    from vc_led import KeyPair, KeyType
    from vc_led.sdjwt import issue_sd_jwt_vc

    text = issue_sd_jwt_vc(
        vct="https://led.example.be/vct/q",
        claims={"a": 1},
        disclosable=[("a",)],
        issuer="https://unknown.example",
        key=KeyPair.generate(KeyType.P256),
        issued_at=datetime.now(UTC),
    )
    answer = client.post(
        "/api/verify", content=text, headers={"Content-Type": "application/dc+sd-jwt"}
    )
    assert answer.status_code == 200
    checks = {c["check"]: c for c in answer.json()["checks"]}
    assert checks["structure"]["status"] == "passed"  # read as an SD-JWT VC, not as JSON
    assert checks["proof"]["code"] == "proof.verification_method_unresolvable"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "slug"),
    [
        (b"{}", "text/plain", 415, "unsupported_media_type"),
        (b"", "application/json", 400, "empty"),
        (b'{"a": "' + b"b" * (3 * 1024 * 1024) + b'"}', "application/json", 413, "too_large"),
    ],
)
def test_api_problems_are_rfc9457(client, body, content_type, status, slug):
    response = client.post("/api/verify", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "https://w3id.org/vc-led/problems#" + slug
    assert problem["code"] == slug and problem["status"] == status
    assert problem["title"] and problem["detail"] and problem["instance"] == "/api/verify"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"not json", "structure.malformed_json"),
        (b"[" * 10, "structure.malformed_json"),
        (b"[1]", "structure.not_an_object"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "structure.too_deep"),
        (b"[" * 5000 + b"]" * 5000, "structure.too_deep"),
        (b"[" * 100_000, "structure.too_deep"),
    ],
)
def test_the_api_answers_unusable_json_with_a_verification_result(client, body, code):
    """The routes do not parse the document: the verifier does, once, limits first, and says
    why it cannot be verified like any other failure (issue 11), never a 400 or a 500."""
    headers = {"Content-Type": "application/json"}
    response = client.post("/api/verify", content=body, headers=headers)
    assert response.status_code == 200, response.text[:300]
    result = response.json()
    assert result["outcome"] == "failed"
    assert [c["code"] for c in result["checks"] if c.get("code")] == [code]


def test_a_document_nested_too_deeply_gets_a_report_page(client):
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    page = text_of(result_page(client, post(client, deep)))
    assert "NOT VERIFIED" in page and "structure.too_deep" in page


def test_security_headers_and_no_external_assets(client, world):
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    html = result_page(client, post(client, json.dumps(world.credentials["registry_ok"])))
    for text in (page.text, html, client.get("/static/verifier.css").text,
                 client.get("/static/verifier.js").text):  # fmt: skip
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
        assert "@import" not in text and "url(http" not in text
    assert client.get("/result/x").headers["cache-control"] == "no-store"


def test_health_and_without_a_bundle(world):
    bare = TestClient(create_app(VerifierSettings()))
    assert bare.get("/health").json() == {"status": "ok", "bundle": None}
    assert "No trust bundle is loaded" in bare.get("/").text
    text = text_of(result_page(bare, post(bare, json.dumps(world.credentials["registry_ok"]))))
    assert "UNDECIDED" in text and "proof.verification_method_unresolvable" in text


def test_results_expire(world):
    from datetime import timedelta

    moments = [world.now]
    app = create_app(VerifierSettings(result_ttl=timedelta(minutes=1), clock=lambda: moments[0]))
    client = TestClient(app)
    location = post(client, json.dumps(world.credentials["registry_ok"])).headers["location"]
    assert client.get(location).status_code == 200
    moments[0] = world.now + timedelta(minutes=2)
    assert client.get(location).status_code == 404


def test_an_old_bundle_is_announced_and_status_goes_stale(world, bundle):
    from datetime import timedelta

    later = bundle.created + timedelta(days=8)
    client = TestClient(create_app(VerifierSettings(bundle=bundle, clock=lambda: later)))
    assert "older than its maximum age" in client.get("/").text
    assert "ouder dan haar maximale leeftijd" in client.get("/?lang=nl").text
    text = text_of(result_page(client, post(client, json.dumps(world.credentials["led_diploma"]))))
    assert "UNDECIDED" in text and "status.stale" in text


def test_claims_of_a_credential_that_did_not_verify_are_labelled(client, world):
    """Issue 11: under NOT VERIFIED the page shows no claim as a fact, the issuer's name
    included; in Dutch too."""
    page = result_page(client, post(client, json.dumps(world.credentials["out_of_scope"])))
    facts = re.findall(r'<div class="fact[^"]*" data-field="([a-z_]+)"([^>]*)>', page)
    assert facts and all('data-claimed="true"' in attrs for _, attrs in facts)
    assert "issuer" in [key for key, _ in facts]
    text = text_of(page)
    assert "What the credential claims (NOT verified" in text
    assert "What the credential says" not in text
    assert text.count("(claimed, not verified)") == len(facts)
    response = post(client, json.dumps(world.credentials["out_of_scope"]), lang="nl")
    nl = text_of(result_page(client, response, "nl"))
    assert nl.count("(beweerd, niet geverifieerd)") == len(facts)


def test_verified_facts_self_declaration_and_glossary(client, world):
    page = result_page(client, post(client, json.dumps(world.credentials["led_diploma"])))
    assert "data-claimed" not in page and '<li data-term="VKS">' in page
    assert "Terms used" in text_of(page) and "claimed, not verified" not in page
    declared = text_of(
        result_page(client, post(client, json.dumps(world.credentials["self_declared"])))
    )
    assert "Every check passed, but this is a SELF-DECLARATION" in declared
    assert "may be relied on" not in declared


def test_a_presentation_that_failed_labels_its_credentials_claims(client, world):
    vp = _presentation(world, "nonce-42")
    page = result_page(client, post(client, vp, challenge="nonce-43"))
    assert 'data-field="title" data-claimed="true"' in page
    assert "Master of Science in de sociologie" in text_of(page)


def test_a_stapled_credential_shows_what_it_says(client, world):
    from datetime import timedelta

    from _world import _status_list

    fresh = _status_list(world.registry_key, world.now + timedelta(minutes=55), (7, 9))
    stapled = staple_status(world.credentials["registry_ok"], status_lists=[fresh])
    page = result_page(client, post(client, json.dumps(stapled)))
    assert 'data-field="title"' in page and TITLE in page and "data-claimed" not in page
