"""A statement's terms: the words retrieval searches for and the scorer weighs.

Cleaned as people post statements (links, hashtags), normalised, then cut into stemmed content
words by the same analyzer the index applies to claims, so a statement's terms are the index's
terms. No index is needed here: the scorer reads these without the engine.
"""

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import msgspec
import tantivy

from service.text.normalize import normalize

_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S*", re.IGNORECASE)
_TAG = re.compile(r"[#@](\w+)")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_NUMBER_TERM = re.compile(r"^[\d.]+$")


def clean_statement(text: str) -> str:
    """Generic clean-up of a statement as people post it: links dropped, and hashtags or handles
    split into words ("#AustralianFires" -> "Australian Fires"), since a claim spells them out."""
    text = _URL.sub(" ", text)
    return _TAG.sub(lambda m: _CAMEL_BOUNDARY.sub(" ", m.group(1)), text)


@lru_cache(maxsize=1024)
def normalized_statement(text: str) -> str:
    """clean_statement then normalize(), cached: a check needs it for retrieval and re-ranking."""
    return normalize(clean_statement(text))


@cache
def analyzer() -> Any:
    # Stop words are dropped at both ends: they add nothing to BM25 but long posting lists.
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stopword("english"))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def content_terms(normalized: str) -> list[str]:
    """Distinct stemmed content words of normalised text, in order of first appearance."""
    terms: list[str] = analyzer().analyze(normalized)
    return list(dict.fromkeys(terms))


@cache
def _statement_stopwords() -> frozenset[str]:
    # Function words and reporting verbs (data/stopwords.json, shared with the stance rules) say
    # nothing of what a statement is about. Applied to statements only, so editing the list
    # changes no indexed term and needs no rebuild.
    raw = resources.files("service.matching").joinpath("data", "stopwords.json").read_bytes()
    words: list[str] = msgspec.json.decode(raw, type=_WordList).words
    return frozenset(term for word in words for term in content_terms(word))


class _WordList(msgspec.Struct, frozen=True):
    words: list[str]


def statement_terms(normalized: str) -> list[str]:
    """A statement's content terms for retrieval and scoring (all of them if all are common)."""
    terms = content_terms(normalized)
    stopwords = _statement_stopwords()
    return [t for t in terms if t not in stopwords] or terms


def is_number_term(term: str) -> bool:
    return _NUMBER_TERM.match(term) is not None
