"""The LED vocabulary: the committed context, page, manifest entry and schemas are exactly what
``terms.json`` generates; the context is protected, JSON-LD 1.1, every term under the LED
namespace, one type-scoped context per node class, and it redefines no term of the VC 2.0 or
Open Badges 3.0 contexts it is used with."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from vc_led._jsonschema import JsonSchema
from vc_led.jsonld import default_registry
from vc_led.led.vocab import CONTEXT_URL, NAMESPACE, build_context, load_vocabulary
from vc_led.led.vocab.generate import generated_files

ROOT = Path(__file__).resolve().parent.parent.parent
CONTEXT = json.loads((ROOT / "contexts" / "led" / "v1.jsonld").read_text(encoding="utf-8"))
KEYWORDS = {"@version", "@protected", "id", "type"}


@pytest.mark.parametrize("relative", sorted(generated_files(ROOT)))
def test_committed_file_is_what_the_source_generates(relative: str) -> None:
    assert (ROOT / relative).read_bytes() == generated_files(ROOT)[relative], (
        f"{relative} is stale: run .venv/bin/python scripts/gen_led_vocab.py"
    )


def test_generator_script_check_mode_is_clean() -> None:
    script = ROOT / "scripts" / "gen_led_vocab.py"
    out = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_context_is_protected_json_ld_11_with_type_scoped_classes() -> None:
    context = CONTEXT["@context"]
    assert context["@version"] == 1.1 and context["@protected"] is True
    vocab = load_vocabulary()
    for item in vocab.classes:
        definition = context[item.term]
        if item.kind == "credential":
            assert definition == NAMESPACE + item.term
            continue
        assert definition["@id"] == NAMESPACE + item.term
        scoped = definition["@context"]
        assert scoped["@protected"] is True
        expected = {p.term for p in vocab.properties_of(item.term)}
        assert set(scoped) - {"@protected", "id", "type"} == expected, item.term


def _iris(definition: object) -> list[str]:
    if isinstance(definition, str):
        return [definition]
    assert isinstance(definition, dict)
    out = [definition["@id"]]
    for term, inner in definition.get("@context", {}).items():
        if term not in KEYWORDS:
            out += _iris(inner)
    return out


def test_every_term_is_an_iri_under_the_led_namespace() -> None:
    for term, definition in CONTEXT["@context"].items():
        if term in KEYWORDS:
            continue
        for iri in _iris(definition):
            assert iri.startswith(NAMESPACE), (term, iri)
            assert iri[len(NAMESPACE) :].isidentifier()


def test_term_count_and_both_languages() -> None:
    vocab = load_vocabulary()
    assert vocab.term_count == 95
    for item in [*vocab.classes, *vocab.properties]:
        assert set(item.label) == {"en", "nl"} and all(item.label.values()), item.term
        assert set(item.comment) == {"en", "nl"} and all(item.comment.values()), item.term


def test_page_has_an_anchor_and_both_labels_per_term() -> None:
    page = (ROOT / "contexts" / "led" / "v1.html").read_text(encoding="utf-8")
    vocab = load_vocabulary()
    for item in [*vocab.classes, *vocab.properties]:
        assert f'id="{item.term}"' in page
        assert item.label["nl"].replace("'", "&#x27;") in page, item.term
    assert f"{vocab.term_count} terms" in page


def test_manifest_entry_and_offline_registry() -> None:
    manifest = json.loads((ROOT / "contexts" / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in manifest["contexts"] if e["url"] == CONTEXT_URL]
    raw = (ROOT / "contexts" / entry["file"]).read_bytes()
    assert entry["sha256"] == hashlib.sha256(raw).hexdigest()
    assert entry["license"] == "Apache-2.0" and entry["source"].startswith("vc-led")
    assert default_registry().get(CONTEXT_URL) == build_context()


def _top_level(url: str) -> dict[str, object]:
    document = default_registry().get(url)
    assert document is not None
    return dict(document["@context"])


def test_no_led_term_redefines_a_vc_or_open_badges_term() -> None:
    """Protected terms may only be redefined identically; the LED context keeps clear of the
    VC 2.0 and OB 3.0 terms altogether (id and type are the identical keyword aliases)."""
    led = set(CONTEXT["@context"]) - KEYWORDS
    others = set(_top_level("https://www.w3.org/ns/credentials/v2"))
    others |= set(_top_level("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"))
    assert not led & others
    ob = _top_level("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
    together = {
        "Achievement": "LedCompetenceRecord",
        "AchievementSubject": "LedLearner",
        "Evidence": "LedSourceRecord",
    }
    for cls, led_cls in together.items():  # the node types that share a node
        ob_terms = set(ob[cls]["@context"]) - KEYWORDS - {"@protected"}  # type: ignore[index]
        for item in load_vocabulary().properties_of(led_cls):
            assert item.term not in ob_terms, (cls, item.term)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (ROOT / "vc_led/led/schemas").glob("*.json"))
)
def test_shipped_schemas_compile_here_and_in_jsonschema(name: str) -> None:
    schema = json.loads((ROOT / "vc_led" / "led" / "schemas" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert JsonSchema(schema).id == schema["$id"]
    assert schema["$id"] == f"https://w3id.org/vc-led/schemas/{name.removesuffix('-v1.json')}/v1"
