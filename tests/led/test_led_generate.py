"""The synthetic generator: deterministic, realistic mix, every edge case, valid output,
constant memory."""

from __future__ import annotations

import collections
import io
import json
import os
import statistics
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from vc_led.led import (
    NOT_AVAILABLE,
    HolderIdentity,
    LedRecord,
    RecordStatus,
    Severity,
    is_synthetic_insz,
    load_geef_bewijs,
    read_jsonl,
    validate_record,
)
from vc_led.led.codelists import esco_skills
from vc_led.led.synthetic import (
    DEFAULT_AS_OF,
    OutputFormat,
    generate_records,
    synthetic_enrichment,
    write_generated,
)
from vc_led.led.synthetic.generate import SUPPLIER_SHARES, generate_people
from vc_led.led.values import DatePrecision, led_text, parse_validity_period

AS_OF_NOW = datetime.combine(DEFAULT_AS_OF, datetime.min.time(), tzinfo=UTC)
PEOPLE = 4000

People = list[list[tuple[HolderIdentity, LedRecord]]]


@pytest.fixture(scope="module")
def people() -> People:
    return list(generate_people(persons=PEOPLE, seed=2026))


@pytest.fixture(scope="module")
def records(people: People) -> list[tuple[HolderIdentity, LedRecord]]:
    return [entry for person in people for entry in person]


def _share(records: list[tuple[HolderIdentity, LedRecord]], test: object) -> float:
    assert callable(test)
    return sum(1 for _, r in records if test(r)) / len(records)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.jsonl"
        write_generated(persons=150, seed="same", fmt="jsonl", out=out)
        runs.append(out.read_bytes())
    assert runs[0] == runs[1]
    other = io.StringIO()
    write_generated(persons=150, seed="other", fmt="jsonl", out=other)
    assert other.getvalue().encode() != runs[0]


def test_same_seed_same_magda_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write_generated(persons=40, seed=5, fmt=OutputFormat.MAGDA, out=tmp_path / name)
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert first == second and len(first) == 40


def test_a_person_does_not_depend_on_the_run_length() -> None:
    short = list(generate_records(persons=10, seed=9))
    long = list(generate_records(persons=50, seed=9))
    assert long[: len(short)] == short


def test_records_per_person(people: People) -> None:
    counts = [len(p) for p in people]
    assert min(counts) >= 1 and max(counts) <= 99
    assert statistics.median(counts) == 3
    assert 0.03 <= sum(c >= 15 for c in counts) / len(counts) <= 0.08


def test_synthetic_insz_unique_and_never_real(people: People) -> None:
    current = [p[-1][0].insz for p in people]
    assert len(set(current)) == len(current)
    every = {h.insz for p in people for h, _ in p}
    assert all(is_synthetic_insz(i) for i in every)
    changed = [p for p in people if p[0][0] != p[-1][0]]
    assert len(changed) / len(people) >= 0.01
    previous = {p[0][0].insz for p in changed}
    assert not previous & set(current)


def test_supplier_mix(records: list[tuple[HolderIdentity, LedRecord]]) -> None:
    suppliers = collections.Counter(r.supplier.name for _, r in records)
    self_declared = _share(records, lambda r: r.is_self_declared)
    share = {name: count / len(records) for name, count in suppliers.items()}
    targets = {
        "Secundair onderwijs": SUPPLIER_SHARES["secondary"],
        "Volwassenenonderwijs": SUPPLIER_SHARES["adult_education"],
        "Hoger onderwijs": SUPPLIER_SHARES["higher_education"],
        "VDAB": SUPPLIER_SHARES["vdab"] + SUPPLIER_SHARES["self_declared"],
        "SYNTRA Vlaanderen": SUPPLIER_SHARES["syntra"],
        "Werk en Sociale Economie": SUPPLIER_SHARES["evc"],
        "NARIC Vlaanderen": SUPPLIER_SHARES["naric"],
    }
    for name, target in targets.items():
        assert abs(share[name] - target) <= max(0.03, target * 0.35), (name, share[name])
    assert abs(self_declared - SUPPLIER_SHARES["self_declared"]) <= 0.02
    environment = share.get("VEKA", 0) + share.get("Departement Omgeving", 0)
    assert abs(environment - SUPPLIER_SHARES["environment"]) <= 0.006


def test_authenticity_mix(records: list[tuple[HolderIdentity, LedRecord]]) -> None:
    values = collections.Counter(led_text(r.basis.authenticity) for _, r in records)
    assert values["Authentiek"] / len(records) >= 0.9
    assert values["Eigen verklaring - Op eer"] > values["Eigen verklaring - Geverifieerd"] > 0
    assert all(r.supplier.name == "VDAB" for _, r in records if r.is_self_declared)


def _expired(record: LedRecord) -> bool:
    period = parse_validity_period(record.basis.validity_period)
    issued = record.basis.issue_date
    return (
        period is not None
        and not issued.is_placeholder
        and period.add_to(issued.latest()) < DEFAULT_AS_OF
    )


EDGE_CASES = {
    "intermediate proofs": lambda r: r.is_intermediate,
    "self-declared": lambda r: (
        r.is_self_declared
        and r.basis.institution.name == NOT_AVAILABLE
        and r.basis.authority_class == NOT_AVAILABLE
        and r.basis.study_programme is not None
        and r.basis.study_programme.code in ("DBG", "DTG", "TBG", "TBD", "DAG")
    ),
    "expired validity": _expired,
    "joint programme": lambda r: (
        r.basis.additional("Gezamenlijke opleiding") is not None
        and len(r.basis.alternative_authorities) == 2
    ),
    "NARIC equivalence": lambda r: (
        r.basis.proof_type == "Gelijkwaardigheid" and r.basis.country != "BEL"
    ),
    "cancelled": lambda r: r.status is RecordStatus.CANCELLED,
    "re-registered successor": lambda r: r.supplier.reference.endswith("-R1"),
    "year only": lambda r: r.basis.issue_date.precision is DatePrecision.YEAR,
    "year and month": lambda r: r.basis.issue_date.precision is DatePrecision.MONTH,
    "placeholder 1800": lambda r: r.basis.issue_date.is_placeholder,
    "title not available": lambda r: not isinstance(r.basis.full_title, str),
    "VKS not available": lambda r: not isinstance(r.derived.vks_educational.code, str),
    "pre-Bologna": lambda r: r.basis.grade in ("Licentiaat", "Kandidaat", "Gegradueerde"),
    "BuSO": lambda r: r.is_special_needs and str(r.basis.grade).startswith("OV"),
    "several study programmes": lambda r: (
        r.basis.study_programme is not None and len(r.basis.study_programme.names) > 1
    ),
    "competence record": lambda r: bool(r.basis.supplements),
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_every_edge_case_is_at_least_one_percent(
    records: list[tuple[HolderIdentity, LedRecord]], case: str
) -> None:
    assert _share(records, EDGE_CASES[case]) >= 0.01, case


def test_unparseable_validity_text_occurs(records: list[tuple[HolderIdentity, LedRecord]]) -> None:
    assert any(r.basis.validity_period == "tot herroeping" for _, r in records)


def test_module_chains_end_in_a_final_proof(people: People) -> None:
    chains = 0
    for person in people:
        by_school: dict[object, list[LedRecord]] = collections.defaultdict(list)
        for _, record in person:
            if record.supplier.name == "Volwassenenonderwijs":
                by_school[record.basis.institution].append(record)
        for group in by_school.values():
            intermediate = [r for r in group if r.is_intermediate]
            final = [r for r in group if not r.is_intermediate]
            if 3 <= len(intermediate) <= 8 and final:
                chains += 1
    assert chains / len(people) >= 0.01


def test_cancelled_records_have_a_successor(people: People) -> None:
    for person in people:
        references = {r.supplier.reference for _, r in person}
        for _, record in person:
            if record.is_cancelled and f"{record.supplier.reference[:33]}-R1" not in references:
                assert record is person[-1][1] or len(person) == 99


def test_competence_records(records: list[tuple[HolderIdentity, LedRecord]]) -> None:
    competence = [r for _, r in records if r.basis.supplements]
    sizes = [len(r.basis.supplements[0].learning_outcomes) for r in competence]
    assert min(sizes) == 3 and max(sizes) == 15
    assert 6 <= statistics.mean(sizes) <= 10
    for record in competence:
        basis = record.basis
        assert len(basis.professional_qualifications) == 1 and len(basis.supplements) == 1
        assert len(basis.partial_qualifications) <= 3
        titles = [o.title for o in basis.supplements[0].learning_outcomes]
        assert len(set(titles)) == len(titles)
        level = int(str(record.derived.vks_professional.code))
        if record.supplier.name in ("VDAB", "Werk en Sociale Economie"):
            assert 2 <= level <= 5
        else:
            assert 4 <= level <= 6
        if record.supplier.name == "Volwassenenonderwijs":
            assert (
                basis.adult_education_hours is not None and 40 <= basis.adult_education_hours <= 900
            )
    evc = [r for r in competence if r.supplier.name in ("VDAB", "Werk en Sociale Economie")]
    assert 0.15 <= sum(bool(r.basis.obtained_via_evc) for r in evc) / len(evc) <= 0.45


def test_enrichment_is_separate_flagged_and_never_invents_esco_uris(
    records: list[tuple[HolderIdentity, LedRecord]],
) -> None:
    known = set(esco_skills().values())
    real = synthetic = 0
    for _, record in records:
        enrichment = synthetic_enrichment(record)
        if not record.basis.supplements:
            assert enrichment is None
            continue
        assert enrichment is not None and enrichment.synthetic_enrichment is True
        assert enrichment == synthetic_enrichment(record)
        assert len(enrichment.skill_links) == len(record.basis.supplements[0].learning_outcomes)
        for _, uri in enrichment.skill_links:
            if uri.startswith("http://data.europa.eu/"):
                assert uri in known
                real += 1
            else:
                assert uri.startswith("urn:led-synth:competentie:")
                synthetic += 1
    assert 0.35 <= real / (real + synthetic) <= 0.8


def test_every_record_passes_the_rules(records: list[tuple[HolderIdentity, LedRecord]]) -> None:
    for holder, record in records:
        issues = validate_record(record, now=AS_OF_NOW, holder=holder)
        assert all(i.severity is Severity.WARNING for i in issues), issues
        assert record.modified_at.date() < DEFAULT_AS_OF
        assert record.basis.issue_date.earliest() < DEFAULT_AS_OF


def test_secondary_dates_and_history(records: list[tuple[HolderIdentity, LedRecord]]) -> None:
    for _, record in records:
        issued = record.basis.issue_date
        if record.supplier.name == "Secundair onderwijs":
            assert (issued.month, issued.day) in ((6, 30), (8, 31)) and issued.year >= 2001
        if record.supplier.name == "Hoger onderwijs":
            assert issued.year >= 1999
        if record.supplier.name == "Volwassenenonderwijs":
            assert issued.earliest() >= date(2013, 1, 1)


def test_jsonl_output_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "g.jsonl"
    summary = write_generated(persons=300, seed=3, fmt="jsonl", out=out)
    result = read_jsonl(out.read_text(encoding="utf-8").splitlines(), now=AS_OF_NOW)
    assert result.ok and len(result.records) == summary.records
    assert [(e.holder, e.record) for e in result.records] == list(
        generate_records(persons=300, seed=3)
    )
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"holder", "record"}


def test_magda_output_validates_and_reads_back(tmp_path: Path) -> None:
    summary = write_generated(persons=120, seed=4, fmt="magda", out=tmp_path)
    files = sorted(tmp_path.glob("*.xml"))
    assert summary.files == len(files) == 120
    count = 0
    for path in files:
        result = load_geef_bewijs(path, now=AS_OF_NOW)
        assert result.ok, (path.name, result.errors[:3])
        assert result.records[-1].holder.insz == path.stem
        count += len(result.records)
    assert count == summary.records
    expected = list(generate_records(persons=120, seed=4))
    parsed = {
        (e.holder.insz, e.record) for p in files for e in load_geef_bewijs(p, now=AS_OF_NOW).records
    }
    assert parsed == {(h.insz, r) for h, r in expected}


def test_progress_and_arguments(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_generated(
        persons=2500,
        seed=1,
        fmt="jsonl",
        out=io.StringIO(),
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]
    with pytest.raises(ValueError):
        write_generated(persons=1, seed=1, fmt="csv", out=tmp_path / "x")
    with pytest.raises(ValueError):
        write_generated(persons=1, seed=1, fmt="magda", out=io.StringIO())
    with pytest.raises(ValueError):
        list(generate_records(persons=-1, seed=1))
    assert write_generated(persons=0, seed=1, fmt="jsonl", out=io.StringIO()).records == 0


def _peak(persons: int) -> int:
    tracemalloc.start()
    try:
        write_generated(persons=persons, seed=11, fmt="jsonl", out=os.devnull)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_run_grows() -> None:
    _peak(50)  # load catalogues and caches first
    small, large = _peak(150), _peak(1200)
    assert large < small * 1.5 + 512 * 1024, (small, large)


def test_references_are_unique(records: list[tuple[HolderIdentity, LedRecord]]) -> None:
    supplier_refs = [(r.supplier.name, r.supplier.reference) for _, r in records]
    assert len(set(supplier_refs)) == len(supplier_refs)
    led_refs = [r.led_reference for _, r in records] + [
        r.led_mutation_reference for _, r in records
    ]
    assert len(set(led_refs)) == len(led_refs)
    assert all(len(ref) <= 36 for _, ref in supplier_refs)


def test_scale_profiles_fit_in_one_run() -> None:
    from vc_led.led.synthetic._people import PersonSpace
    from vc_led.led.synthetic.generate import SCALE_PROFILES

    assert SCALE_PROFILES["full"] <= PersonSpace("any").capacity
    last = list(generate_records(persons=1, seed="x"))
    assert last and all(is_synthetic_insz(h.insz) for h, _ in last)
