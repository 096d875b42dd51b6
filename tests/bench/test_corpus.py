"""The benchmark corpus: deterministic, distinct claims, and queries with known answers."""

import re
from collections import Counter
from pathlib import Path
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from bench import variation
from bench.corpus import base_sentences, claims, read_queries, reports, write_corpus


@pytest.fixture(scope="module")
def bases() -> tuple[str, ...]:
    return base_sentences()


def _mask_figures(text: str) -> str:
    return re.sub(r"[\d.,]+", "#", text)


def test_base_sentences_are_real_distinct_sentences_from_both_sources(
    bases: tuple[str, ...],
) -> None:
    assert len(bases) > 10_000
    assert len(set(bases)) == len(bases)
    assert any("North Korea" in text for text in bases)  # from the seed articles
    assert all(text.endswith((".", "!", "?", '"', "'", "”", "’")) for text in bases)


def test_the_same_seed_writes_the_same_corpus_byte_for_byte(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 3_000, 30, seed=3)
    write_corpus(tmp_path / "b", 3_000, 30, seed=3)
    for name in ("reports.ndjson", "queries.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_another_seed_gives_another_corpus(bases: tuple[str, ...]) -> None:
    assert list(claims(200, 1, bases)) != list(claims(200, 2, bases))


def test_no_two_claims_are_identical_well_past_the_real_sentences(bases: tuple[str, ...]) -> None:
    texts = list(claims(3 * len(bases), 5, bases))
    assert len(texts) == 3 * len(bases)
    assert len(set(texts)) == len(texts)


def test_the_first_pass_is_verbatim_and_later_passes_vary(bases: tuple[str, ...]) -> None:
    texts = list(claims(2 * len(bases), 5, bases))
    assert set(texts[: len(bases)]) == set(bases)
    assert not set(texts[len(bases) :]) & set(bases)


def test_reports_hold_5_to_20_claims_in_order_and_lose_none() -> None:
    texts = [f"Claim number {n} was made by someone." for n in range(1_000)]
    made = list(reports(iter(texts), seed=4))
    at = 0
    for report in made:
        flat = report.text.replace("\n\n", " ")
        size = flat.count("Claim number")
        assert 5 <= size <= 20 or report is made[-1]
        assert flat == " ".join(texts[at : at + size])
        at += size
    assert at == len(texts)
    assert len({report.external_id for report in made}) == len(made)


def test_every_query_answer_is_a_claim_of_the_corpus(
    tmp_path: Path, bases: tuple[str, ...]
) -> None:
    write_corpus(tmp_path, 2_000, 60, seed=9)
    corpus = set(claims(2_000, 9, bases))
    queries = read_queries(tmp_path / "queries.jsonl")
    assert len(queries) == 60
    assert Counter(q.kind for q in queries) == {"typo": 20, "paraphrase": 20, "figure": 20}
    for query in queries:
        assert query.answer in corpus
        assert query.statement != query.answer


def test_figure_queries_differ_from_their_answer_in_figures_only(
    tmp_path: Path, bases: tuple[str, ...]
) -> None:
    write_corpus(tmp_path, 2_000, 60, seed=9)
    figures = [q for q in read_queries(tmp_path / "queries.jsonl") if q.kind == "figure"]
    assert figures
    for query in figures:
        assert _mask_figures(query.statement) == _mask_figures(query.answer)


def test_typo_queries_are_a_few_slips_from_their_answer(tmp_path: Path) -> None:
    write_corpus(tmp_path, 2_000, 60, seed=9)
    typos = [q for q in read_queries(tmp_path / "queries.jsonl") if q.kind == "typo"]
    assert typos
    assert all(1 <= Levenshtein.distance(q.statement, q.answer) <= 6 for q in typos)


@given(st.integers(1, 10_000_000), st.booleans(), st.integers(0, 2**32))
def test_another_figure_is_positive_different_and_written_alike(
    value: int, grouped: bool, seed: int
) -> None:
    figure = f"{value:,}" if grouped else str(value)
    changed = variation.other_figure(figure, Random(seed))
    assert changed != figure
    assert int(changed.replace(",", "")) > 0
    if not grouped:
        assert "," not in changed


@given(st.integers(0, 2**32))
def test_moving_the_leading_phrase_keeps_every_word(seed: int) -> None:
    rng = Random(seed)
    year = rng.randint(1990, 2030)
    text = f"In {year}, the city council approved a budget of {rng.randint(2, 900)} million."
    moved = variation.move_leading_phrase(text)
    assert moved.startswith("The city council")
    assert sorted(re.findall(r"\w+", moved.lower())) == sorted(re.findall(r"\w+", text.lower()))


def test_names_are_swapped_for_names_of_the_same_kind() -> None:
    words = variation.vocabulary()
    swapped = variation.swap_names("Barack Obama visited Texas.", Random(1))
    person, place = swapped.removesuffix(".").split(" visited ")
    assert person in words.people
    assert person != "Barack Obama"
    assert place in words.places
    assert place != "Texas"
