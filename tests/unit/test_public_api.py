"""Public API snapshot, documentation, and the README/examples that users copy."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

from _imports import loaded_by

import vc_led

ROOT = Path(__file__).resolve().parent.parent.parent

PUBLIC_API = [
    "AccreditationScope",
    "AccreditedIssuer",
    "Authenticity",
    "BundleError",
    "CheckResult",
    "CheckStatus",
    "ConfigurationError",
    "ContextError",
    "ContextRegistry",
    "DidResolver",
    "DocumentError",
    "ErrorCode",
    "Holder",
    "IssuerKey",
    "IssuerStatus",
    "KeyFormatError",
    "KeyPair",
    "KeyType",
    "LimitExceededError",
    "Limits",
    "ListStatusProvider",
    "OnlineStatusProvider",
    "Outcome",
    "PublicKey",
    "SigningError",
    "StatusPolicy",
    "TrustBundle",
    "TrustListError",
    "TrustRegistry",
    "VcLedError",
    "VerificationError",
    "VerificationPolicy",
    "VerificationResult",
    "Verifier",
    "__version__",
    "default_led_registry",
    "did_key_document",
    "did_web_document",
    "issue_credential",
    "load_key_file",
    "load_trust_list",
    "sign_credential",
    "sign_presentation",
    "staple_status",
    "verify_credential",
    "verify_presentation",
]


def test_public_api_snapshot():
    assert sorted(vc_led.__all__) == sorted(PUBLIC_API)


VERIFIER_API = {
    "__init__": "(self, policy=None, *, resolver=None, contexts=None, status_provider=None, "
    "trust=None, scope_extractor=None, formats=DEFAULT_FORMATS, x509_anchors=None, "
    "issuer_keys=None, token_status=None)",
    "from_bundle": "(bundle, *, policy=None, resolver=None, contexts=None, "
    "status_provider=None, scope_extractor=None, formats=DEFAULT_FORMATS, x509_anchors=None, "
    "issuer_keys=None, token_status=None)",
    "verify": "(self, document, *, challenge=None, domain=None, now=None)",
    "verify_credential": "(self, credential, *, now=None)",
    "verify_presentation": "(self, presentation, *, challenge=None, domain=None, now=None)",
}


def test_verifier_api_snapshot():
    """Verifier's methods (issue 11 added ``verify`` and ``formats``, and ``from_bundle``'s
    ``resolver``/``status_provider``; ``trust`` takes a TrustRegistry only; issue 12 added
    ``x509_anchors``, ``issuer_keys`` and ``token_status`` for SD-JWT VCs)."""

    def shown(signature: inspect.Signature) -> str:
        bare = signature.replace(
            parameters=[p.replace(annotation=p.empty) for p in signature.parameters.values()],
            return_annotation=signature.empty,
        )
        return re.sub(r"\(<vc_led\..*?>, <.*?>, <.*?>, <.*?>\)", "DEFAULT_FORMATS", str(bare))

    methods = {
        name: shown(inspect.signature(getattr(vc_led.Verifier, name))) for name in VERIFIER_API
    }
    assert methods == VERIFIER_API
    public = {n for n in vars(vc_led.Verifier) if not n.startswith("_")}
    assert public == set(VERIFIER_API) - {"__init__"} | {
        "policy",
        "resolver",
        "status_provider",
        "trust",
    }


def test_released_error_codes_snapshot():
    codes = {c.value for c in vc_led.ErrorCode}
    snapshot = (ROOT / "tests" / "unit" / "error_codes.txt").read_text().split()
    assert set(snapshot) <= codes, "a released error code was renamed or removed"
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", c) for c in codes)
    assert {c.split(".")[0] for c in codes} <= {
        "structure",
        "context",
        "proof",
        "issuer",
        "validity",
        "status",
        "holder_binding",
    }


def _public_callables():
    for name in vc_led.__all__:
        obj = getattr(vc_led, name)
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, member in vars(obj).items():
                if inspect.isfunction(member) and not attr.startswith("_"):
                    yield f"{name}.{attr}", member


def test_public_functions_have_docstrings_with_sections():
    missing = []
    for name, func in _public_callables():
        doc = inspect.getdoc(func) or ""
        if not doc:
            missing.append(name)
            continue
        params = [p for p in inspect.signature(func).parameters if p not in ("self", "cls")]
        if len(params) > 2 and "Args:" not in doc and "Takes the keyword arguments" not in doc:
            missing.append(f"{name} (Args)")
        if "raise " in inspect.getsource(func) and "Raises:" not in doc:
            missing.append(f"{name} (Raises)")
    assert not missing, missing


def test_functions_with_many_parameters_are_keyword_only():
    for name, func in _public_callables():
        positional = [
            p
            for p in inspect.signature(func).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            and p.name not in ("self", "cls")
        ]
        assert len(positional) <= 2, name


def test_import_pulls_in_no_web_database_or_http_library():
    assert not loaded_by("import vc_led") & {
        "fastapi",
        "starlette",
        "sqlmodel",
        "sqlalchemy",
        "httpx",
        "requests",
        "aiohttp",
        "urllib3",
        "jinja2",
    }


def test_readme_example_runs(tmp_path):
    """The README's verify example, run on the W3C vector re-signed by its own key."""
    block = re.search(
        r"## Verify a credential offline\n\n```python\n(.*?)```",
        (ROOT / "README.md").read_text(),
        re.S,
    ).group(1)
    from vc_led import load_key_file, sign_credential

    vectors = ROOT / "tests" / "vectors" / "w3c" / "vc-di-eddsa"
    key = load_key_file(vectors / "keyPair.json")
    import json

    doc = json.loads((vectors / "unsigned.json").read_text())
    doc["issuer"] = "did:web:led.vlaanderen.be"
    key = key.with_id(
        id=f"did:web:led.vlaanderen.be#{key.public.multibase}",
        controller="did:web:led.vlaanderen.be",
    )
    (tmp_path / "diploma.json").write_text(json.dumps(sign_credential(doc, key=key)))
    from vc_led import did_web_document

    did_doc = did_web_document("did:web:led.vlaanderen.be", keys=[key.public])
    code = block.replace(
        "Verifier(VerificationPolicy(",
        "Verifier(resolver=vc_led.DidResolver({'did:web:led.vlaanderen.be': DID_DOC}), policy=VerificationPolicy(",
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import vc_led, json\nDID_DOC = json.loads(" + repr(json.dumps(did_doc)) + ")\n" + code,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "True"


def test_examples_verify_offline_script(tmp_path):
    vectors = ROOT / "tests" / "vectors" / "w3c" / "vc-di-eddsa"
    import json

    from vc_led import load_key_file, sign_credential

    key = load_key_file(vectors / "keyPair.json")
    doc = json.loads((vectors / "unsigned.json").read_text())
    doc["issuer"] = key.controller
    (tmp_path / "vc.json").write_text(json.dumps(sign_credential(doc, key=key)))
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "verify_offline.py"), str(tmp_path / "vc.json")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "verified"
