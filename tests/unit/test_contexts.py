"""The shipped contexts: byte-exact, hash-checked, served only offline."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _imports import loaded_by

from vc_led import ContextError
from vc_led.jsonld import ContextRegistry, StrictDocumentLoader, default_registry
from vc_led.jsonld.loader import contexts_dir

ROOT = Path(__file__).resolve().parent.parent.parent
MANIFEST = json.loads((ROOT / "contexts" / "manifest.json").read_text())
REQUIRED = {
    "https://www.w3.org/2018/credentials/v1",
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/ns/credentials/examples/v2",
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://www.w3.org/ns/did/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
}
# Digests published by the specifications themselves.
SPEC_DIGESTS = {
    # VC Data Model 2.0, §B.1
    "https://www.w3.org/ns/credentials/v2": "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    # VC Data Integrity 1.0, §2.4
    "https://w3id.org/security/data-integrity/v2": "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    "https://w3id.org/security/multikey/v1": "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597",
}


@pytest.mark.parametrize("entry", MANIFEST["contexts"], ids=lambda e: e["url"])
def test_every_file_matches_its_manifest_hash(entry):
    raw = (ROOT / "contexts" / entry["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    assert entry["source"] and entry["license"]


def test_required_contexts_present_and_spec_digests():
    urls = {e["url"]: e["sha256"] for e in MANIFEST["contexts"]}
    assert REQUIRED <= set(urls)
    for url, digest in SPEC_DIGESTS.items():
        assert urls[url] == digest


def test_tampered_context_refused(tmp_path):
    import shutil

    shutil.copytree(ROOT / "contexts", tmp_path / "contexts")
    target = tmp_path / "contexts" / "credentials" / "v2.jsonld"
    target.write_bytes(
        target.read_bytes().replace(b"VerifiableCredential", b"VerifiableCredentiaI", 1)
    )
    from vc_led import ConfigurationError

    with pytest.raises(ConfigurationError):
        ContextRegistry.from_directory(tmp_path / "contexts")


def test_loader_serves_known_and_refuses_anything_else():
    loader = StrictDocumentLoader()
    doc = loader("https://www.w3.org/ns/credentials/v2")
    assert doc["document"]["@context"]["@protected"] is True
    with pytest.raises(ContextError) as exc:
        loader("https://example.com/context.jsonld")
    assert exc.value.code == "context.not_available_offline"


def test_loader_copies_so_registry_cannot_be_mutated():
    loader = StrictDocumentLoader()
    served = loader("https://www.w3.org/ns/credentials/v2")["document"]
    served["@context"]["VerifiableCredential"] = "tampered"
    assert (
        default_registry().get("https://www.w3.org/ns/credentials/v2")["@context"][
            "VerifiableCredential"
        ]
        != "tampered"
    )


def test_registered_context_is_served_only_by_that_registry():
    registry = default_registry().copy()
    registry.register("https://example.org/led/v1", {"@context": {"x": "https://example.org/x"}})
    assert StrictDocumentLoader(registry)("https://example.org/led/v1")
    with pytest.raises(ContextError):
        StrictDocumentLoader()("https://example.org/led/v1")


def test_contexts_dir_is_the_repository_folder_in_development():
    assert contexts_dir() in {ROOT / "contexts", ROOT / "vc_led" / "_contexts"}


def test_no_process_wide_loader_or_network_client():
    bad = {"fastapi", "sqlmodel", "sqlalchemy", "httpx", "requests", "urllib3", "aiohttp"}
    assert not loaded_by("import vc_led, vc_led.cli") & bad
    code = (
        "import vc_led, vc_led.cli; from pyld import jsonld;"
        "print(jsonld._default_document_loader is jsonld.get_document_loader())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    for path in (ROOT / "vc_led").rglob("*.py"):
        assert "set_document_loader(" not in path.read_text(), path
