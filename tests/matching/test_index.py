"""The tantivy search index: normalised BM25 retrieval, upserts, deletes, persistence."""

import threading
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching.index import MAX_QUERY_TERMS, TantivyIndex
from service.matching.retrieval import Candidate
from service.matching.terms import clean_statement

CLAIMS = {
    1: "North Korea sent 10,000 troops to Russia in October.",
    2: "The central bank raised interest rates by half a point.",
    3: "Heavy rain flooded the coastal town for a second week.",
    4: "The football club signed a striker for a record fee.",
}


@pytest.fixture
def index() -> TantivyIndex:
    built = TantivyIndex()
    built.add(list(CLAIMS.items()))
    built.commit()
    return built


@cache
def _shared_index() -> TantivyIndex:
    # Hypothesis reruns a test body many times; one index for all its runs keeps it fast.
    built = TantivyIndex()
    built.add(list(CLAIMS.items()))
    built.commit()
    return built


def ids(candidates: list[Candidate]) -> list[int]:
    return [c.claim_id for c in candidates]


def test_an_alias_and_a_number_word_find_the_claim_written_otherwise(index: TantivyIndex) -> None:
    hits = index.search("Pyongyang dispatched ten thousand soldiers and troops to Russia", 3)
    assert ids(hits)[0] == 1


def test_stemming_matches_other_forms_of_a_word(index: TantivyIndex) -> None:
    assert ids(index.search("floods in coastal towns", 2))[0] == 3


def test_results_are_best_first_and_capped_at_the_limit(index: TantivyIndex) -> None:
    hits = index.search("the club raised the rates for a record striker", 2)
    assert len(hits) == 2
    assert hits[0].bm25 >= hits[1].bm25


def test_bm25_norm_is_a_share_between_0_and_1(index: TantivyIndex) -> None:
    hits = index.search("central bank interest rates and unrelated zebra words", 4)
    assert hits
    assert all(0.0 <= c.bm25_norm <= 1.0 for c in hits)
    exact = index.search(CLAIMS[2], 1)[0]
    assert exact.bm25_norm > hits[0].bm25_norm - 1e-9
    assert exact.bm25_norm == pytest.approx(1.0, abs=0.2)


def test_a_candidate_carries_the_claim_normalised_with_numbers_masked(index: TantivyIndex) -> None:
    hit = index.search("troops sent to Russia", 1)[0]
    assert hit.masked_text == "north korea sent # troops to russia in october"


def test_a_statement_without_content_words_finds_nothing(index: TantivyIndex) -> None:
    assert index.search("the of and it", 5) == []
    assert index.search("", 5) == []


def test_adds_are_invisible_until_commit_then_found(index: TantivyIndex) -> None:
    index.add([(5, "A volcano erupted near the capital overnight.")])
    assert index.search("volcano erupted", 1) == []
    index.commit()
    assert ids(index.search("volcano erupted", 1)) == [5]
    assert len(index) == 5


def test_adding_a_known_id_replaces_its_text(index: TantivyIndex) -> None:
    index.add([(3, "Snow closed the mountain pass.")])
    index.commit()
    assert len(index) == len(CLAIMS)
    assert ids(index.search("snow mountain pass", 5)) == [3]
    assert 3 not in ids(index.search("coastal town flooded rain", 5))


def test_a_deleted_claim_is_no_longer_matched(index: TantivyIndex) -> None:
    index.delete([1, 99])
    index.commit()
    assert 1 not in ids(index.search("North Korea troops Russia", 5))
    assert len(index) == len(CLAIMS) - 1


def test_clear_empties_the_index_at_the_next_commit(index: TantivyIndex) -> None:
    index.commit(7)
    index.clear()
    assert len(index) == len(CLAIMS)  # searches still see the last commit
    assert index.revision == 7
    index.commit(0)
    assert len(index) == 0
    assert index.revision == 0


def test_the_revision_moves_only_when_the_commit_makes_claims_searchable(
    index: TantivyIndex,
) -> None:
    index.commit(3)
    index.add([(99, "A new claim about 12 submarines in the harbour")])
    assert index.revision == 3
    assert 99 not in ids(index.search("submarines harbour", 5))
    index.commit(4)
    assert index.revision == 4
    assert 99 in ids(index.search("submarines harbour", 5))


def test_a_persisted_index_reopens_with_its_claims_and_revision(tmp_path: Path) -> None:
    first = TantivyIndex(str(tmp_path))
    first.add(list(CLAIMS.items()))
    first.commit(42)
    del first
    reopened = TantivyIndex(str(tmp_path))
    assert reopened.revision == 42
    assert len(reopened) == len(CLAIMS)
    assert ids(reopened.search("football striker", 1)) == [4]


def test_an_index_of_another_format_is_started_afresh(tmp_path: Path) -> None:
    first = TantivyIndex(str(tmp_path))
    first.add(list(CLAIMS.items()))
    first.commit(42)
    del first
    (tmp_path / "index-meta.json").write_text('{"format": 0, "revision": 42}')
    reopened = TantivyIndex(str(tmp_path))
    assert reopened.revision == 0
    assert len(reopened) == 0


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_statement_searches_without_error(statement: str) -> None:
    hits = _shared_index().search(statement, 3)
    assert len(hits) <= 3
    assert all(c.claim_id in CLAIMS for c in hits)


def test_query_syntax_characters_are_plain_text(index: TantivyIndex) -> None:
    statement = 'bank: "rates" AND (interest OR -point) body:* title:[a TO z] ^2 ~'
    assert ids(index.search(statement, 1)) == [2]


def test_a_long_statement_is_searched_on_its_rarest_words(index: TantivyIndex) -> None:
    # More distinct words than the query cap: the words found in the index still decide.
    filler = " ".join(f"word{n}" for n in range(3 * MAX_QUERY_TERMS))
    statement = f"{filler} striker football club record fee"[:2000]
    assert ids(index.search(statement, 1)) == [4]


def test_deletes_and_adds_run_safely_beside_concurrent_searches() -> None:
    index = TantivyIndex()
    index.add([(n, f"claim number {n} about harbour cranes") for n in range(200)])
    index.commit()
    errors: list[BaseException] = []
    done = threading.Event()

    def search_until_done() -> None:
        try:
            while not done.is_set():
                assert len(index.search("harbour cranes", 50)) <= 50
        except BaseException as exc:  # pragma: no cover - only on failure
            errors.append(exc)

    searchers = [threading.Thread(target=search_until_done) for _ in range(3)]
    for thread in searchers:
        thread.start()
    for n in range(0, 200, 10):
        index.delete(list(range(n, n + 5)))
        index.add([(1000 + n, "harbour cranes stood idle")])
        index.commit()
    done.set()
    for thread in searchers:
        thread.join()
    assert errors == []
    assert len(index) == 200 - 100 + 20


def test_cleaning_drops_links_and_splits_hashtags_and_handles() -> None:
    cleaned = clean_statement(
        "Look at this #AustralianFires https://t.co/abc pic.twitter.com/xyz via @RealNewsDesk"
    )
    assert "http" not in cleaned
    assert "pic.twitter" not in cleaned
    assert "Australian Fires" in cleaned
    assert "Real News Desk" in cleaned


def test_a_misspelt_word_counts_as_the_indexed_word_one_edit_away(index: TantivyIndex) -> None:
    right = index.search("North Korea sent troops", 1)[0]
    misspelt = index.search("Nrth Korea sent troosp", 1)[0]
    assert misspelt.claim_id == right.claim_id == 1
    assert misspelt.bm25_norm == pytest.approx(right.bm25_norm)


def test_reporting_words_do_not_dilute_what_a_statement_is_about(index: TantivyIndex) -> None:
    plain = index.search("central bank raised interest rates", 1)[0]
    reported = index.search("reportedly, they said the central bank raised interest rates", 1)[0]
    assert reported.bm25_norm == pytest.approx(plain.bm25_norm)
