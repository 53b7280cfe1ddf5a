"""The human-readable LED vocabulary page (``contexts/led/v1.html``), English and Dutch.

Generated from the same source as the context (``terms.json``); every term has an anchor
equal to its name, so ``https://w3id.org/vc-led#category`` lands on its row.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from . import CONTEXT_URL, NAMESPACE, VocabClass, VocabProperty, load_vocabulary

__all__ = ["build_page"]

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;"
    "padding:.35rem .5rem;vertical-align:top;text-align:left}th{background:#f3f3f3}"
    "code{font-size:.92em}td.nl{color:#333;font-style:italic}"
)


def _both(texts: Mapping[str, str]) -> str:
    return f'{escape(texts["en"])}<br><span lang="nl">{escape(texts["nl"])}</span>'


def _range(prop: VocabProperty) -> str:
    schema: Mapping[str, Any] = prop.json
    if "$ref" in schema:
        target = str(schema["$ref"]).rsplit("/", 1)[-1]
        text = f'<a href="#{target}">{target}</a>'
    elif "enum" in schema:
        text = " | ".join(f"<code>{escape(str(v))}</code>" for v in schema["enum"])
    elif "const" in schema:
        text = f"<code>{escape(str(schema['const']).lower())}</code>"
    elif prop.ld and prop.ld.get("@type") == "@id":
        text = "IRI"
    elif "format" in schema:
        text = f"{schema['format']} (<code>xsd:{schema['format']}</code>)"
    else:
        text = str(schema.get("type", "value"))
    return f"{text} (set)" if prop.many else text


def _class_row(item: VocabClass, props: tuple[VocabProperty, ...]) -> str:
    carried = ", ".join(f'<a href="#{p.term}">{p.term}</a>' for p in props) or "—"
    return (
        f'<tr id="{item.term}"><td><code>{item.term}</code></td><td>{item.kind}</td>'
        f"<td>{_both(item.label)}</td><td>{_both(item.comment)}</td><td>{carried}</td></tr>"
    )


def _property_row(prop: VocabProperty) -> str:
    used = ", ".join(f'<a href="#{c}">{c}</a>' for c in prop.on)
    led = f"<code>{escape(prop.led)}</code>" if prop.led else "—"
    return (
        f'<tr id="{prop.term}"><td><code>{prop.term}</code></td><td>{_both(prop.label)}</td>'
        f"<td>{_both(prop.comment)}</td><td>{_range(prop)}</td><td>{used}</td>"
        f"<td>{led}</td></tr>"
    )


def build_page() -> str:
    """The vocabulary page as HTML text (deterministic)."""
    vocab = load_vocabulary()
    classes = "\n".join(_class_row(c, vocab.properties_of(c.term)) for c in vocab.classes)
    props = "\n".join(_property_row(p) for p in vocab.properties)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(vocab.title["en"])} / {escape(vocab.title["nl"])}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{escape(vocab.title["en"])} <small lang="nl">/ {escape(vocab.title["nl"])}</small></h1>
<p>{_both(vocab.description)}</p>
<p>Namespace / naamruimte: <code>{NAMESPACE}</code><br>
JSON-LD context: <code>{CONTEXT_URL}</code> (<code>@protected</code>, JSON-LD 1.1,
type-scoped contexts per class / contexten per klasse).<br>
{vocab.term_count} terms / termen. Generated from <code>vc_led/led/vocab/terms.json</code>;
do not edit this page.</p>
<h2>Classes / Klassen</h2>
<table>
<tr><th>Term</th><th>Kind</th><th>Label</th><th>Comment / Toelichting</th><th>Properties</th></tr>
{classes}
</table>
<h2>Properties / Eigenschappen</h2>
<table>
<tr><th>Term</th><th>Label</th><th>Comment / Toelichting</th><th>Value / Waarde</th>
<th>Used on / Gebruikt op</th><th>LED element</th></tr>
{props}
</table>
</body>
</html>
"""
