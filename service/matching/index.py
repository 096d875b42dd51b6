"""The search engine's adapter: a BM25 index (tantivy) over normalised claim text, behind
`retrieval.SearchIndex`. The statement's terms come from `terms.py`, shared with the scorer.

The index is derived data: it can always be rebuilt from the store (see sync.py), and it records
the store revision it reflects so that a restart with an unchanged store need not rebuild it.
"""

import math
import shutil
import threading
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec
import tantivy
from rapidfuzz import process
from rapidfuzz.distance import OSA

from service.matching.retrieval import Candidate
from service.matching.terms import (
    analyzer,
    content_terms,
    is_number_term,
    normalized_statement,
    statement_terms,
)
from service.text.normalize import mask_numbers, normalize

_ID = "claim_id"
_BODY = "body"
_MASKED = "masked"
_ANALYZER = "claim_en"
# Bumped whenever the schema, the analyzer or normalize() output changes, so that an index on
# disk built the old way is rebuilt rather than silently searched with mismatched terms.
FORMAT = 1
# A statement of 2,000 characters has hundreds of terms; the rarest carry the retrieval signal
# and the common ones only lengthen posting-list scans.
MAX_QUERY_TERMS = 64
_WRITER_HEAP_BYTES = 64_000_000
# Spelling correction of words absent from the index: words this long or longer, this many at most.
_MIN_CORRECTED = 4
_MAX_CORRECTED = 3


class _Synonyms(msgspec.Struct, frozen=True):
    boost: float
    groups: list[list[str]]


@cache
def _synonyms() -> tuple[float, dict[str, tuple[str, ...]]]:
    """Each stemmed term of data/synonyms.json -> the other terms of its group, and the boost."""
    raw = resources.files("service.matching").joinpath("data", "synonyms.json").read_bytes()
    table = msgspec.json.decode(raw, type=_Synonyms)
    others: dict[str, tuple[str, ...]] = {}
    for group in table.groups:
        stems = list(dict.fromkeys(t for word in group for t in content_terms(word)))
        for stem in stems:
            others[stem] = tuple(s for s in stems if s != stem)
    return table.boost, others


def _synonym_terms(terms: list[str], searcher: Any) -> list[str]:
    """Indexed synonyms of the statement's terms that the statement does not hold itself."""
    _, others = _synonyms()
    found = dict.fromkeys(o for t in terms for o in others.get(t, ()) if o not in terms)
    return [term for term in found if searcher.doc_freq(_BODY, term) > 0]


def _schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field(_ID, indexed=True, fast=True)
    builder.add_text_field(_BODY, tokenizer_name=_ANALYZER, index_option="freq")
    builder.add_bytes_field(_MASKED, stored=True, indexed=False)
    return builder.build()


def _idf(doc_freq: int, num_docs: int) -> float:
    # The same idf as tantivy's BM25, so the self-score is on the scale of the hits' scores.
    return math.log(1.0 + (num_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class _IndexMeta(msgspec.Struct, frozen=True):
    format: int
    revision: int


class TantivyIndex:
    """BM25 (tantivy) over normalised claim text with English stemming.

    `path=None` keeps the index in RAM; a directory persists it together with the revision it
    reflects. One writer per index (tantivy holds a lock file), so a directory serves one process.
    Writes are serialised by a lock; searches run concurrently and see the last commit.
    """

    def __init__(self, path: str | None = None) -> None:
        self._lock = threading.Lock()
        # Bumped after each commit has reloaded the searcher; caches derived from the index
        # (the spelling vocabulary) are kept for one generation.
        self._generation = 0
        self._vocabulary = _Vocabulary()
        self._meta_path = Path(path, "index-meta.json") if path is not None else None
        self._index = self._open(path)
        self._index.register_tokenizer(_ANALYZER, analyzer())
        self._writer: Any = None

    def _open(self, path: str | None) -> Any:
        self.revision = 0
        if path is None:
            return tantivy.Index(_schema())
        data_dir = Path(path, "tantivy")
        meta = self._read_meta()
        if meta is not None and meta.format == FORMAT and tantivy.Index.exists(str(data_dir)):
            self.revision = meta.revision
            return tantivy.Index(_schema(), str(data_dir), reuse=True)
        # Missing, foreign or older format: start empty; the sync rebuilds it from the store.
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        return tantivy.Index(_schema(), str(data_dir), reuse=False)

    def _read_meta(self) -> _IndexMeta | None:
        if self._meta_path is None or not self._meta_path.exists():
            return None
        try:
            return msgspec.json.decode(self._meta_path.read_bytes(), type=_IndexMeta)
        except msgspec.DecodeError:
            return None

    def _write_meta(self) -> None:
        if self._meta_path is None:
            return
        # Written after tantivy's commit, atomically: a crash in between leaves an older revision,
        # and replaying changes onto an index that already holds them is harmless.
        temporary = self._meta_path.with_suffix(".tmp")
        temporary.write_bytes(msgspec.json.encode(_IndexMeta(FORMAT, self.revision)))
        temporary.replace(self._meta_path)

    def _the_writer(self) -> Any:
        if self._writer is None:
            self._writer = self._index.writer(_WRITER_HEAP_BYTES, 1)
        return self._writer

    def add(self, items: Sequence[tuple[int, str]]) -> None:
        documents = []
        for claim_id, text in items:
            normalized = normalize(text)
            document = tantivy.Document()
            document.add_integer(_ID, claim_id)
            document.add_text(_BODY, normalized)
            document.add_bytes(_MASKED, mask_numbers(normalized).encode())
            documents.append((claim_id, document))
        with self._lock:
            writer = self._the_writer()
            for claim_id, document in documents:
                writer.delete_documents_by_term(_ID, claim_id)
                writer.add_document(document)

    def delete(self, claim_ids: Sequence[int]) -> None:
        with self._lock:
            writer = self._the_writer()
            for claim_id in claim_ids:
                writer.delete_documents_by_term(_ID, claim_id)

    def commit(self, revision: int | None = None) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
            self._index.reload()
            self._generation += 1
            if revision is not None:
                self.revision = revision
            self._write_meta()

    def clear(self) -> None:
        with self._lock:
            self._the_writer().delete_all_documents()

    def __len__(self) -> int:
        return int(self._index.searcher().num_docs)

    def close(self) -> None:
        """Release the writer and its lock on the directory, so another index can open it.

        Uncommitted adds and deletes are dropped: the store's change feed replays them.
        """
        with self._lock:
            if self._writer is not None:
                self._writer.rollback()
                self._writer.wait_merging_threads()
                self._writer = None

    def search(self, text: str, limit: int) -> list[Candidate]:
        terms = statement_terms(normalized_statement(text))
        # The generation is read before the searcher: a cache filled from a searcher newer
        # than its generation is dropped at once, never one older kept.
        generation = self._generation
        searcher = self._index.searcher()
        num_docs = searcher.num_docs
        if not terms or num_docs == 0 or limit <= 0:
            return []
        doc_freq = {term: searcher.doc_freq(_BODY, term) for term in terms}
        doc_freq = _corrected(
            doc_freq, lambda letter: self._vocabulary.get(searcher, generation, letter)
        )
        self_score = _self_score(doc_freq, num_docs)
        searched = sorted((t for t, df in doc_freq.items() if df > 0), key=doc_freq.__getitem__)
        if not searched:
            return []
        schema = self._index.schema
        clauses = [
            (tantivy.Occur.Should, tantivy.Query.term_query(schema, _BODY, term))
            for term in searched[:MAX_QUERY_TERMS]
        ]
        # Synonyms widen recall ("soldiers" finds "troops") at a lower weight, and stay out of
        # the self-score: a claim that needs them matches the statement less than its own words.
        boost, _ = _synonyms()
        clauses.extend(
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(tantivy.Query.term_query(schema, _BODY, term), boost),
            )
            for term in _synonym_terms(searched[:MAX_QUERY_TERMS], searcher)
        )
        query = tantivy.Query.boolean_query(clauses)
        hits = searcher.search(query, limit, count=False).hits
        addresses = [address for _, address in hits]
        claim_ids = searcher.fast_field_values(_ID, addresses)
        return [
            Candidate(
                claim_id=claim_id,
                bm25=score,
                bm25_norm=min(1.0, score / self_score),
                masked_text=searcher.doc(address).get_first(_MASKED).decode(),
            )
            for (score, address), claim_id in zip(hits, claim_ids, strict=True)
        ]


class _Vocabulary:
    """The indexed words by first letter, commonest first, with their document frequencies:
    the spelling correction's dictionary, read from the index once per generation rather than
    once per misspelt word (a walk over every term with that letter, long at a million claims)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._letters: dict[str, tuple[list[str], dict[str, int]]] = {}

    def get(self, searcher: Any, generation: int, letter: str) -> tuple[list[str], dict[str, int]]:
        with self._lock:
            if generation == self._generation and letter in self._letters:
                return self._letters[letter]
        vocabulary = dict(searcher.terms_with_prefix(_BODY, letter))
        # Commonest first, so that of two words equally near, the usual one wins.
        entry = sorted(vocabulary, key=vocabulary.__getitem__, reverse=True), vocabulary
        with self._lock:
            if generation > self._generation:
                self._generation, self._letters = generation, {}
            if generation == self._generation:
                self._letters[letter] = entry
        return entry


def _corrected(
    doc_freq: dict[str, int], vocabulary: Callable[[str], tuple[list[str], dict[str, int]]]
) -> dict[str, int]:
    """Misspelt words replaced by the indexed word one edit away ("nrth" -> "north").

    Only words no claim holds are looked up, and only a few. A word with no near neighbour is
    kept: a statement about something absent from the index is, rightly, less matched.
    `vocabulary(letter)` is the indexed words starting with `letter`, commonest first, and
    their document frequencies.
    """
    unknown = [
        t
        for t, df in doc_freq.items()
        if df == 0 and len(t) >= _MIN_CORRECTED and not is_number_term(t)
    ]
    fixed = dict(doc_freq)
    for term in unknown[:_MAX_CORRECTED]:
        words, frequencies = vocabulary(term[0])
        best = process.extractOne(
            term, words, scorer=OSA.distance, score_cutoff=1 if len(term) < 8 else 2
        )
        if best is not None:
            del fixed[term]
            fixed.setdefault(best[0], frequencies[best[0]])
    return fixed


def _self_score(doc_freq: dict[str, int], num_docs: int) -> float:
    """What a claim holding each statement word once scores: the norm for `bm25_norm`.

    Figures are left out so that a claim with another figure ("50,000 troops" against
    "10,000 troops") reads as matching the statement as fully as one with the same figure.
    Words no claim holds count in full: a statement about something absent is less matched.
    """
    words = [term for term in doc_freq if not is_number_term(term)] or list(doc_freq)
    return sum(_idf(doc_freq[term], num_docs) for term in words) or 1.0
