"""JSON-LD 1.1 Node Map Generation (JSON-LD 1.1 API §7.2) in linear time.

pyld 3.3 checks whether a node already holds a value by comparing it with every value the
property holds so far, so an array of *n* values costs *n*\\ :sup:`2`/2 comparisons: a 190 KB
credential with 20,000 tags took 165 s to canonicalize, a 2 MB one hours. :func:`node_map`
builds the same node map (same values, same order, same blank node labels, same duplicate
rule — pyld's ``compare_values``) with a hash index of what each node's property holds, so
each value is checked in constant time.

The input is expanded JSON-LD whose depth the caller has bounded; the walk recurses once per
level of it. ``tests/unit/test_nodemap.py`` checks the canonical output equals pyld's.
"""

from __future__ import annotations

from typing import Any

from pyld.identifier_issuer import IdentifierIssuer
from pyld.jsonld import JsonLdError

__all__ = ["node_map"]

Node = dict[str, Any]


def node_map(expanded: list[Any], issuer: IdentifierIssuer) -> dict[str, dict[str, Node]]:
    """The node map of ``expanded``: graph name -> node id -> node (``@default`` first).

    Raises:
        JsonLdError: ``conflicting indexes``.
    """
    builder = _Builder(issuer)
    builder.visit(expanded, "@default")
    return builder.graphs


class _Builder:
    def __init__(self, issuer: IdentifierIssuer) -> None:
        self.issuer = issuer
        self.graphs: dict[str, dict[str, Node]] = {"@default": {}}
        # (id(node), property) -> the keys of the values it holds; nodes live in self.graphs
        self._held: dict[tuple[int, str], set[Any]] = {}

    def visit(
        self,
        element: Any,
        graph: str,
        subject: str | Node | None = None,
        prop: str | None = None,
        into: dict[str, list[Any]] | None = None,
    ) -> None:
        if isinstance(element, list):
            for item in element:
                self.visit(item, graph, subject, prop, into)
            return
        owner = self.graphs.setdefault(graph, {}).get(subject) if isinstance(subject, str) else None
        if "@value" in element:
            self._value(element, owner, prop, into)
        elif "@list" in element:
            items: dict[str, list[Any]] = {"@list": []}
            self.visit(element["@list"], graph, subject, prop, items)
            if into is not None:
                into["@list"].append(items)
            elif owner and prop is not None:
                owner.setdefault(prop, []).append(items)  # lists are never duplicates
        else:
            self._node(element, graph, owner, subject, prop, into)

    def _value(
        self, element: Node, owner: Node | None, prop: str | None, into: dict[str, Any] | None
    ) -> None:
        kind = element.get("@type")
        if isinstance(kind, str) and kind.startswith("_:"):
            element["@type"] = self.issuer.get_id(kind)
        if into is not None:
            into["@list"].append(element)
        elif owner and prop is not None:
            self._add(owner, prop, element)

    def _node(
        self,
        element: Node,
        graph: str,
        owner: Node | None,
        subject: str | Node | None,
        prop: str | None,
        into: dict[str, Any] | None,
    ) -> None:
        for kind in element.get("@type", ()):
            if kind.startswith("_:"):
                self.issuer.get_id(kind)
        if "@set" in element:  # pyld's expansion lets a set object with other keys through
            raise JsonLdError("invalid set object", "jsonld.SyntaxError", code="invalid set")
        node_id = element.get("@id")
        if node_id is None or node_id.startswith("_:"):
            node_id = self.issuer.get_id(node_id)
        node = self.graphs.setdefault(graph, {}).setdefault(node_id, {"@id": node_id})
        if isinstance(subject, dict) and prop is not None:  # the object of a reverse property
            self._add(node, prop, subject)
        elif prop is not None:
            if into is not None:
                into["@list"].append({"@id": node_id})
            elif owner:
                self._add(owner, prop, {"@id": node_id})
        for key, objects in sorted(element.items()):
            self._entry(node, node_id, graph, element, key, objects)

    def _entry(
        self, node: Node, node_id: str, graph: str, element: Node, key: str, objects: Any
    ) -> None:
        if key == "@id":
            return
        if key == "@reverse":
            for reverse_prop, items in objects.items():
                for item in items:
                    self.visit(item, graph, {"@id": node_id}, reverse_prop)
        elif key == "@graph":
            self.graphs.setdefault(node_id, {})
            self.visit(objects, graph if graph == "@merged" else node_id)
        elif key == "@included":
            self.visit(objects, graph)
        elif key.startswith("@") and key != "@type":
            if key == "@index" and "@index" in node and node["@index"] != objects:
                raise JsonLdError(
                    "conflicting @index property", "jsonld.SyntaxError", code="conflicting indexes"
                )
            node[key] = objects
        else:
            prop = self.issuer.get_id(key) if key.startswith("_:") else key
            if not objects:
                node.setdefault(prop, [])
            for item in objects:
                if prop == "@type":
                    blank = item.startswith("_:")
                    self._add(node, prop, self.issuer.get_id(item) if blank else item)
                else:
                    self.visit(item, graph, node_id, prop)

    def _add(self, node: Node, prop: str, value: Any) -> None:
        """Append ``value`` unless the property holds an equal one (pyld's compare_values)."""
        values = node.setdefault(prop, [])
        held = self._held.get((id(node), prop))
        if held is None:
            held = self._held[(id(node), prop)] = {_key(v) for v in values}
        key = _key(value)
        if key not in held:
            held.add(key)
            values.append(value)


def _key(value: Any) -> Any:
    """Equal keys exactly when pyld's ``compare_values`` calls two values equal: the same
    primitive (a boolean is not a number); value objects with equal ``@value``, ``@type``,
    ``@language`` and ``@index``; objects with the same ``@id``. Anything else is unique."""
    if not isinstance(value, dict):
        return ("primitive", _strict(value))
    if "@value" in value:
        meta = (value.get("@type"), value.get("@language"), value.get("@index"))
        return ("value", meta, _strict(value["@value"]))
    if value.get("@id") is not None:
        return ("id", value["@id"])
    return object()


def _strict(value: Any) -> Any:
    """A boolean is not equal to a number at the top (pyld's ``_strict_eq``); below it,
    Python's equality applies (``1 == 1.0 == True`` inside a JSON literal)."""
    if isinstance(value, bool):
        return ("bool", value)
    return ("other", _hashable(value))


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return ("dict", frozenset((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_hashable(v) for v in value))
    return value
