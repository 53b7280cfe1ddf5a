"""vc-led's RDFC-1.0: byte-identical to pyld's URDNA2015, bounded in total work, never recursive."""

from __future__ import annotations

import copy
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld.canon import URDNA2015

from vc_led import LimitExceededError, Limits
from vc_led.jsonld import Canonicalizer
from vc_led.jsonld._rdfc import Rdfc

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
BIG = 10**9


def _bn(name: object) -> dict:
    return {"type": "blank node", "value": f"_:n{name}"}


def _iri(value: str) -> dict:
    return {"type": "IRI", "value": value}


def _literal(value: str) -> dict:
    return {"type": "literal", "value": value, "datatype": XSD_STRING}


def _triple(s: dict, p: str, o: dict) -> dict:
    return {"subject": s, "predicate": _iri(f"https://example.org/{p}"), "object": o}


def _cycle(n: int) -> dict:
    return {"@default": [_triple(_bn(i), "next", _bn((i + 1) % n)) for i in range(n)]}


def _clique(n: int) -> dict:
    edges = [_triple(_bn(i), "p", _bn(j)) for i in range(n) for j in range(n) if i != j]
    return {"@default": edges}


def _pyld(dataset: dict) -> str:
    out: str = URDNA2015().main(copy.deepcopy(dataset), {"format": "application/n-quads"})
    return out


def _ours(dataset: dict, *, max_work: int = BIG) -> Rdfc:
    rdfc = Rdfc(hash_name="sha256", max_work=max_work, max_calls_per_node=BIG)
    rdfc.nquads = rdfc.canonicalize(copy.deepcopy(dataset))  # type: ignore[attr-defined]
    return rdfc


@st.composite
def _datasets(draw: st.DrawFn) -> dict:
    """Small datasets with few predicates and literals, so indistinguishable blank nodes,
    cycles, cliques and symmetric components (the hard cases for RDFC-1.0) are common."""
    nodes = draw(st.integers(1, 7))
    node = st.integers(0, nodes - 1).map(_bn)
    term = st.one_of(node, node, st.sampled_from([_iri("https://example.org/x"), _literal("v")]))
    triples = draw(
        st.lists(st.tuples(node, st.sampled_from(["p", "q"]), term), min_size=1, max_size=14)
    )
    graphs = draw(st.lists(st.sampled_from(["@default", "_:g0", "_:g1", "https://ex.org/g"])))
    dataset: dict[str, list[dict]] = {"@default": []}
    for index, (s, p, o) in enumerate(triples):
        graph = graphs[index] if index < len(graphs) else "@default"
        dataset.setdefault(graph, []).append(_triple(s, p, o))
    return dataset


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_datasets())
def test_equals_pyld_on_random_symmetric_datasets(dataset):
    rdfc = _ours(dataset)
    assert rdfc.nquads == _pyld(dataset)  # type: ignore[attr-defined]
    assert rdfc.work >= rdfc.lower_bound  # the early refusal never refuses what would pass


@pytest.mark.parametrize(
    "dataset",
    [_cycle(2), _cycle(9), _clique(4), _clique(5)],
    ids=["cycle-2", "cycle-9", "clique-4", "clique-5"],
)
def test_equals_pyld_on_poison_shapes_within_budget(dataset):
    assert _ours(dataset).nquads == _pyld(dataset)  # type: ignore[attr-defined]


def _twin_chains(n: int) -> dict:
    """Two identical chains whose nodes are told apart by position only: every node shares
    its first-degree hash with its twin, so one walk follows the whole chain (depth n)."""
    triples = []
    for chain in "ab":
        for i in range(n):
            triples.append(_triple(_bn(f"{chain}{i}"), "label", _literal(str(i))))
            if i:
                triples.append(_triple(_bn(f"{chain}{i - 1}"), "next", _bn(f"{chain}{i}")))
    return {"@default": triples}


def test_chain_deeper_than_the_recursion_limit_does_not_recurse():
    """pyld recurses once per chain link (RecursionError past ~1,000); vc-led does not."""
    rdfc = _ours(_twin_chains(1200))
    assert rdfc.nquads.count("\n") == 2 * (1200 + 1199)  # type: ignore[attr-defined]
    short = _twin_chains(60)
    assert _ours(short).nquads == _pyld(short)  # type: ignore[attr-defined]


@pytest.mark.parametrize("n", [100, 480, 2000])
def test_blank_node_cycle_is_refused_quickly(n):
    """A cycle of indistinguishable blank nodes costs ~n^3: the per-node bound never trips,
    the total budget does, and a long one is refused before any N-degree hashing."""
    start = time.monotonic()
    with pytest.raises(LimitExceededError) as exc:
        Rdfc(
            hash_name="sha256", max_work=Limits().max_canonicalization_work, max_calls_per_node=n
        ).canonicalize(_cycle(n))
    assert exc.value.code == "context.canonicalization_too_costly"
    assert time.monotonic() - start < 20  # finishes and refuses (generous bound)


@pytest.mark.parametrize("n", [7, 9])
def test_clique_is_refused_by_the_total_budget(n):
    start = time.monotonic()
    with pytest.raises(LimitExceededError) as exc:
        Rdfc(
            hash_name="sha256", max_work=Limits().max_canonicalization_work, max_calls_per_node=BIG
        ).canonicalize(_clique(n))
    assert exc.value.code == "context.canonicalization_too_costly"
    assert time.monotonic() - start < 20


def test_cycle_in_a_credential_is_refused_through_the_canonicalizer():
    items = [
        {"@id": f"_:n{i}", "https://example.org/next": [{"@id": f"_:n{(i + 1) % 480}"}]}
        for i in range(480)
    ]
    with pytest.raises(LimitExceededError) as exc:
        Canonicalizer().canonicalize_expanded(
            [{"@id": "https://example.org/s", "https://example.org/items": items}]
        )
    assert exc.value.code == "context.canonicalization_too_costly"
