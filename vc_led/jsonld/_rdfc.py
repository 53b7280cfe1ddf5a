"""RDFC-1.0 (W3C RDF Dataset Canonicalization, 2024) with a total work budget and no recursion.

The output is the same canonical N-Quads as pyld's URDNA2015 (``tests/unit/test_canon.py`` and
``tests/unit/test_rdfc.py`` compare them byte for byte, including on random symmetric graphs);
what differs is how the work is bounded:

* **A total budget.** Hash N-Degree Quads (RDFC-1.0 §4.8) is where poisoned datasets spend
  their time: a cycle of *n* indistinguishable blank nodes costs about *n*\\ :sup:`3`, a clique
  *n*!. A per-node bound (rdf-canonize's ``maxDeepIterations``) never trips on a cycle, so every
  call, every permutation and every identifier copied is charged to one meter per document
  (``Limits.max_canonicalization_work``); the per-node bound
  (``Limits.max_deep_iterations_factor``) is kept as well.
* **A cheap refusal first.** Before any N-degree hashing, a lower bound of the work is computed
  from the first-degree hashes in linear time (each node of the first hash group that reaches a
  connected set of non-unique blank nodes walks the whole set); a dataset whose lower bound is
  over the budget is refused at once.
* **The same permutations.** A related blank node can be listed more than once (it shares
  several quads); pyld's (and rdf-canonize's) Steinhaus-Johnson-Trotter generator then yields
  only some orderings, and the chosen path depends on which. Its generator is reused so the
  output stays the same.
* **No recursion.** Hash N-Degree Quads is a generator that *yields* the recursive calls it
  needs; a driver runs them on an explicit stack, so a long chain of blank nodes cannot raise
  ``RecursionError``.

:mod:`vc_led.jsonld.canon` is the public entry point; nothing here is exported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Mapping
from typing import Any

from pyld.canon import permutations
from pyld.nquads import serialize_nquad

from ..errors import LimitExceededError
from ..results import ErrorCode

__all__ = ["CANON_TOO_COSTLY", "Rdfc"]

CANON_TOO_COSTLY = ErrorCode.CONTEXT_CANONICALIZATION_TOO_COSTLY
_POSITIONS = (("subject", "s"), ("object", "o"), ("name", "g"))

# Work units, weighted so a unit costs about the same time whatever the dataset's shape:
# a Hash N-Degree Quads call (a generator, its hashes), each of its quads, each permutation
# tried, and each identifier copied or appended to a path (1).
_CALL, _QUAD, _PERMUTATION = 16, 4, 4

Quad = dict[str, Any]
_Result = tuple[str, "_Issuer"]
_Walk = Generator[tuple[str, "_Issuer"], _Result, _Result]


class _Issuer:
    """An RDFC-1.0 identifier issuer (§4.5); issue order is the dict's insertion order."""

    __slots__ = ("existing", "prefix")

    def __init__(self, prefix: str, existing: dict[str, str] | None = None) -> None:
        self.prefix = prefix
        self.existing: dict[str, str] = existing if existing is not None else {}

    def issue(self, old: str) -> str:
        new = self.existing.get(old)
        if new is None:
            new = self.existing[old] = f"{self.prefix}{len(self.existing)}"
        return new

    def copy(self) -> _Issuer:
        return _Issuer(self.prefix, dict(self.existing))


class Rdfc:
    """One RDFC-1.0 run over one dataset (not reusable, not thread-safe).

    Args:
        hash_name: ``sha256`` or ``sha384``.
        max_work: the total budget for Hash N-Degree Quads (calls + permutations + identifiers
            copied); over it raises ``context.canonicalization_too_costly``.
        max_calls_per_node: the per-blank-node bound on Hash N-Degree Quads calls; over it
            raises ``context.too_many_blank_nodes`` (the historical code of this bound).
    """

    def __init__(self, *, hash_name: str, max_work: int, max_calls_per_node: int) -> None:
        self._hash_name = hash_name
        self._max_work = max_work
        self._max_calls = max_calls_per_node
        self.work = 0
        self.lower_bound = 0
        self._calls: dict[str, int] = {}
        self._quads_of: dict[str, list[Quad]] = {}
        self._first: dict[str, str] = {}
        self._canonical = _Issuer("_:c14n")

    def canonicalize(self, dataset: Mapping[str, list[Quad]]) -> str:
        """The canonical N-Quads of ``dataset`` (pyld's dataset form; triples are not mutated).

        Raises:
            LimitExceededError: ``context.canonicalization_too_costly`` or
                ``context.too_many_blank_nodes``.
        """
        quads = _quads(dataset)
        for quad in quads:
            for key, _ in _POSITIONS:
                part = quad.get(key)
                if part is not None and part["type"] == "blank node":
                    self._quads_of.setdefault(part["value"], []).append(quad)
        groups: dict[str, list[str]] = {}
        for node in self._quads_of:
            groups.setdefault(self._first_degree(node), []).append(node)
        shared = []
        for _digest, nodes in sorted(groups.items()):
            if len(nodes) == 1:
                self._canonical.issue(nodes[0])
            else:
                shared.append(nodes)
        self.lower_bound = work_lower_bound(shared, self._quads_of)
        if self.lower_bound > self._max_work:
            raise _too_costly(self._max_work)
        for nodes in shared:
            self._issue_group(nodes)
        return "".join(sorted(serialize_nquad(self._relabel(q)) for q in quads))

    # ------------------------------------------------------------------ RDFC-1.0 §4.4 step 5

    def _issue_group(self, nodes: list[str]) -> None:
        results: list[_Result] = []
        for node in nodes:
            if node in self._canonical.existing:
                continue
            issuer = _Issuer("_:b")
            issuer.issue(node)
            results.append(self._run(node, issuer))
        for _, issuer in sorted(results, key=lambda r: r[0]):
            for existing in issuer.existing:
                self._canonical.issue(existing)

    def _run(self, node: str, issuer: _Issuer) -> _Result:
        """Hash N-Degree Quads of ``node`` on an explicit stack of suspended calls."""
        stack: list[_Walk] = [self._n_degree(node, issuer)]
        sent: _Result | None = None
        while True:
            try:
                request = stack[-1].send(sent)  # type: ignore[arg-type]
            except StopIteration as done:
                stack.pop()
                if not stack:
                    result: _Result = done.value
                    return result
                sent = done.value
                continue
            stack.append(self._n_degree(*request))
            sent = None

    # ------------------------------------------------------------------ RDFC-1.0 §4.6-4.8

    def _first_degree(self, node: str) -> str:
        lines = []
        for quad in self._quads_of[node]:
            copy = dict(quad)
            for key, _ in _POSITIONS:
                part = quad.get(key)
                if part is not None and part["type"] == "blank node":
                    copy[key] = {**part, "value": "_:a" if part["value"] == node else "_:z"}
            lines.append(serialize_nquad(copy))
        lines.sort()
        digest = hashlib.new(self._hash_name)
        for line in lines:
            digest.update(line.encode("utf-8"))
        self._first[node] = digest.hexdigest()
        return self._first[node]

    def _related_hash(self, related: str, quad: Quad, issuer: _Issuer, position: str) -> str:
        name = self._canonical.existing.get(related) or issuer.existing.get(related)
        digest = hashlib.new(self._hash_name)
        digest.update(position.encode("utf-8"))
        if position != "g":
            digest.update(f"<{quad['predicate']['value']}>".encode())
        digest.update((name or self._first[related]).encode("utf-8"))
        return digest.hexdigest()

    def _hash_to_related(self, node: str, issuer: _Issuer) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for quad in self._quads_of[node]:
            for key, position in _POSITIONS:
                part = quad.get(key)
                if part is not None and part["type"] == "blank node" and part["value"] != node:
                    related = part["value"]
                    digest = self._related_hash(related, quad, issuer, position)
                    out.setdefault(digest, []).append(related)
        return out

    def _n_degree(self, node: str, issuer: _Issuer) -> _Walk:
        """Hash N-Degree Quads (§4.8.3); yields ``(related, issuer)`` for each recursive call."""
        self._count_call(node)
        self._charge(_CALL + _QUAD * len(self._quads_of[node]))
        data = hashlib.new(self._hash_name)
        for related_hash, related in sorted(self._hash_to_related(node, issuer).items()):
            data.update(related_hash.encode("utf-8"))
            chosen_path, chosen = "", issuer
            for permutation in permutations(related):
                self._charge(_PERMUTATION + len(issuer.existing) + len(permutation))
                path, candidate, recursion = self._path_of(permutation, issuer.copy(), chosen_path)
                if path is None:
                    continue
                for item in recursion:
                    item_hash, candidate = yield item, candidate
                    path += f"{candidate.issue(item)}<{item_hash}>"
                    if _worse(path, chosen_path):
                        break
                else:
                    if not chosen_path or path < chosen_path:
                        chosen_path, chosen = path, candidate
            data.update(chosen_path.encode("utf-8"))
            issuer = chosen
        return data.hexdigest(), issuer

    def _path_of(
        self, permutation: tuple[str, ...], issuer: _Issuer, chosen_path: str
    ) -> tuple[str | None, _Issuer, list[str]]:
        """§4.8.3 step 5.4.4: the path of one permutation, or ``None`` when it cannot win."""
        path, recursion = "", []
        for related in permutation:
            name = self._canonical.existing.get(related)
            if name is None:
                if related not in issuer.existing:
                    recursion.append(related)
                name = issuer.issue(related)
            path += name
            if _worse(path, chosen_path):
                return None, issuer, recursion
        return path, issuer, recursion

    # ------------------------------------------------------------------ bounds and output

    def _charge(self, amount: int) -> None:
        self.work += amount
        if self.work > self._max_work:
            raise _too_costly(self._max_work)

    def _count_call(self, node: str) -> None:
        count = self._calls.get(node, 0) + 1
        if count > self._max_calls:
            raise LimitExceededError(
                ErrorCode.CONTEXT_TOO_MANY_BLANK_NODES,
                "canonicalization exceeded its work bound (possible dataset poisoning)",
                {"max_deep_iterations": self._max_calls},
            )
        self._calls[node] = count

    def _relabel(self, quad: Quad) -> Quad:
        out = dict(quad)
        for key, _ in _POSITIONS:
            part = quad.get(key)
            if part is not None and part["type"] == "blank node":
                out[key] = {**part, "value": self._canonical.issue(part["value"])}
        return out


def _too_costly(limit: int) -> LimitExceededError:
    return LimitExceededError(
        CANON_TOO_COSTLY,
        "canonicalization needs more work than allowed (possible dataset poisoning)",
        {"limit": limit},
    )


def _worse(path: str, chosen_path: str) -> bool:
    """§4.8.3 steps 5.4.4.3 / 5.4.5.5: this path can no longer be the chosen one."""
    return bool(chosen_path) and len(path) >= len(chosen_path) and path > chosen_path


def _quads(dataset: Mapping[str, list[Quad]]) -> list[Quad]:
    quads = []
    for graph, triples in dataset.items():
        if graph == "@default":
            quads.extend(triples)
            continue
        kind = "blank node" if graph.startswith("_:") else "IRI"
        quads.extend({**t, "name": {"type": kind, "value": graph}} for t in triples)
    return quads


def work_lower_bound(shared: list[list[str]], quads_of: Mapping[str, list[Quad]]) -> int:
    """A lower bound, in :class:`Rdfc` work units, of the Hash N-Degree Quads work (linear time).

    ``shared`` lists the groups of blank nodes sharing a first-degree hash, in hash order. The
    nodes of these groups that share quads form connected sets. Each set is first reached by one
    group (the first in hash order with a member in it), and each member of that group in the
    set starts a walk before any node of the set gets a canonical identifier. A walk calls Hash
    N-Degree Quads on every node of the set (the nodes reachable without crossing an identified
    one do not depend on the order); the *j*-th call of its first permutations receives an issuer
    holding at least *j* identifiers and copies it. So a set of *s* >= 2 nodes reached by *k*
    members costs at least ``k * ((call + quad + permutation) * s + s(s+1)/2)`` units.
    """
    parent = {node: node for nodes in shared for node in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for node in parent:
        for quad in quads_of[node]:
            for key, _ in _POSITIONS:
                part = quad.get(key)
                if part is not None and part["value"] in parent and part["type"] == "blank node":
                    parent[find(part["value"])] = find(node)
    sizes: dict[str, int] = {}
    for node in parent:
        root = find(node)
        sizes[root] = sizes.get(root, 0) + 1
    reached: dict[str, int] = {}
    bound = 0
    for index, nodes in enumerate(shared):
        for node in nodes:
            root = find(node)
            if reached.setdefault(root, index) == index:
                size = sizes[root]
                walk = _CALL + _QUAD  # every node has a quad; a lone one may have no permutation
                if size > 1:
                    walk = (walk + _PERMUTATION) * size + size * (size + 1) // 2
                bound += walk
    return bound
