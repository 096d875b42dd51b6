"""Polarity: one side denies what the other asserts, by a negation or by an antonym.

- negation: exactly one of the two is negated ("have not been issued" vs "have been issued");
- antonym: one side uses only one word of an opposing pair, the other only its opposite
  ("allowed" vs "restricted"); pairs live in data/antonyms.json.
A negation and an antonym together cancel out: "did not restrict" says what "allowed" says.
"""

import json
import re
from functools import cache
from importlib import resources
from typing import NamedTuple

import msgspec

from schemas.analysis import Analysis, Cue
from schemas.check import Reason
from service.matching.rules.frames import event_words, other_events, verb_classes
from service.matching.rules.pair import Pair, overlaps, reason
from service.matching.rules.words import Word, content_words, key, stem, words

# Verbs whose meaning lies in their object or the verb after them: "take the stand", "did
# not attempt to recover".
_LIGHT_VERBS = frozenset(
    stem(w)
    for w in (
        "take", "make", "give", "have", "get", "do", "put",
        "attempt", "try", "manage", "seek", "plan", "want", "decide", "choose", "intend",
    )
)  # fmt: skip
_NEGATION_REACH_CHARS = 40
# The verb after "no" + a noun follows one of these: "No firefighters have died".
_AUXILIARY = re.compile(
    r"\b(?:was|were|is|are|has|have|had|will|would|be|been)\b", re.I
)  # "no North Korean soldiers are training": a few words, one clause

# "at the start of next year", "by the end of the month": a time, not something starting or
# ending, so its word opposes no event.
_OF_A_TIME = re.compile(
    r"(?<![ \t])[ \t]+of[ \t]+(?:(?:the|next|last|this|that)[ \t]+)?"
    r"(?:year|month|week|day|decade|century|quarter|season|term|session|summer|winter|autumn"
    r"|spring|january|february|march|april|may|june|july|august|september|october|november"
    r"|december|\d{4})\b",
    re.I,
)


def names_a_time(text: str, word: Word) -> bool:
    """Whether the word heads a time phrase ("the end of the year")."""
    return _OF_A_TIME.match(text, word.span.end) is not None


class _AntonymTable(msgspec.Struct, frozen=True):
    pairs: list[tuple[list[str], list[str]]]
    lower_case_pairs: list[tuple[list[str], list[str]]] = []


_Pairs = tuple[tuple[frozenset[str], frozenset[str]], ...]


def _stemmed(pairs: list[tuple[list[str], list[str]]]) -> _Pairs:
    return tuple(
        (frozenset(stem(w) for w in one), frozenset(stem(w) for w in other)) for one, other in pairs
    )


@cache
def _tables() -> tuple[_Pairs, _Pairs]:
    raw = resources.files("service.matching").joinpath("data/antonyms.json").read_bytes()
    table = msgspec.json.decode(raw, type=_AntonymTable)
    return _stemmed(table.pairs), _stemmed(table.lower_case_pairs)


class _Said(NamedTuple):
    keys: set[str]
    stems: frozenset[str]
    classes: frozenset[int]

    def has(self, word: Word) -> bool:
        return (
            key(word) in self.keys
            or word.stem in self.stems
            or bool(verb_classes(word.stem) & self.classes)
        )


def _bears(text: str, analysis: Analysis, cue: Cue, other: _Said) -> bool:
    """The first word the cue denies is said on the other side, and after "no" + a noun, its
    verb too ("No firefighters have died": died; "No arrests linked to the protest were made":
    made, a light verb that says nothing of its own)."""
    first = _head_denied(text, analysis, cue)
    if first is None:
        return True
    if not other.has(first):
        return False
    if not _determiner(cue):
        return True
    # The verb may lie past the reach of the denial itself: "No arrests linked to the Velgrad
    # protest were made".
    limit = first.span.end + 2 * _NEGATION_REACH_CHARS
    auxiliary = _AUXILIARY.search(text, first.span.end, limit)
    start = auxiliary.end() if auxiliary else first.span.end
    after = [
        w
        for w in content_words(text)
        if start <= w.span.start <= limit and w.stem not in _LIGHT_VERBS
    ]
    return not after or other.has(after[0])


@cache
def _reporting_verbs() -> frozenset[str]:
    table = json.loads(
        resources.files("service.text").joinpath("data", "attribution.json").read_text("utf-8")
    )
    extra = ("disclose", "disclosed", "specify", "specified", "comment", "commented", "say")
    return frozenset(stem(w) for w in (*table["verbs"], *extra))


def _unsaid(text: str, analysis: Analysis, cue: Cue) -> bool:
    """ "has not said how many ...", "did not disclose the price": a denial of the saying,
    which tells nothing about the fact."""
    following = [w for w in words(text) if w.span.start >= cue.span.end][:2]
    # "has not said", "did not yet disclose": the first word or the one after an adverb.
    return any(w.stem in _reporting_verbs() for w in following)


def _determiner(cue: Cue) -> bool:
    return cue.text.casefold() in {"no", "none", "without"}


def _head_denied(text: str, analysis: Analysis, cue: Cue) -> Word | None:
    """The word a negation denies first: the content word right after the cue ("No deaths
    linked to ...", "not to take the stand": stand), past a light verb, a figure's unit or a
    name; None when there is none."""
    for word in content_words(text):
        if word.span.start < cue.span.end:
            continue
        if word.span.start - cue.span.end > _NEGATION_REACH_CHARS:
            return None
        if word.stem in _LIGHT_VERBS or key(word).startswith("unit:"):
            continue
        if any(overlaps(e.span, word.span) for e in analysis.entities):
            continue
        return word
    return None


def _denied_words(text: str, analysis: Analysis, cue: Cue, other_keys: set[str]) -> list[Word]:
    """Content words in the cue's reach that the other side also uses, names left out: "not to
    be produced by Illumination" denies nothing a statement about box-office takings says."""
    reach = [w for w in content_words(text) if w.span.start >= cue.span.end]
    reach = [w for w in reach if w.span.start - cue.span.end <= _NEGATION_REACH_CHARS]
    return [
        w
        for w in reach
        if key(w) in other_keys and not any(overlaps(e.span, w.span) for e in analysis.entities)
    ]


def negation_reasons(pair: Pair, *, head: bool = True) -> list[Reason]:
    """One side negated, and the negation bears on words both sides use: with `head`, the word
    it denies first among them (see _head_denied)."""
    statement, claim = pair.statement_analysis, pair.claim_analysis
    if statement.negated == claim.negated:
        return []
    if statement.negated:
        text, analysis, other_text = pair.statement, statement, pair.claim
        who = "the statement denies what the report asserts"
    else:
        text, analysis, other_text = pair.claim, claim, pair.statement
        who = "the report denies what the statement asserts"
    other_words = content_words(other_text)
    other_keys = {key(w) for w in other_words}
    other = _Said(
        other_keys,
        frozenset(w.stem for w in other_words),
        frozenset(c for w in other_words for c in verb_classes(w.stem)),
    )
    for cue in analysis.negations:
        # What is denied must be said on the other side: "is not part of the budget" denies
        # nothing "approved the budget" says, "No firefighters have died" nothing "3,100
        # firefighters were deployed" says; "would not close" meets "will shut" (one class).
        if head and (_unsaid(text, analysis, cue) or not _bears(text, analysis, cue, other)):
            continue
        denied = [
            w
            for w in _denied_words(text, analysis, cue, other_keys)
            if not head or w.stem not in _LIGHT_VERBS
        ]
        # "no soldiers are training" denies training; sharing "soldiers" alone denies nothing
        if any(not key(w).startswith("unit:") for w in denied):
            quoted = text[cue.span.start : denied[-1].span.end]
            span = cue.span
            return [
                reason(
                    "negation",
                    "conflicts",
                    f'{who} ("{quoted}")',
                    span if statement.negated else None,
                    None if statement.negated else span,
                )
            ]
    return []


def _first(found: list[Word], stems: frozenset[str]) -> Word | None:
    return next((w for w in found if w.stem in stems), None)


def antonym_reasons(pair: Pair) -> list[Reason]:
    """Opposite words; compass words only in lower case ("north pole", not "North Korea")."""
    every, lower_case = _tables()
    found = _opposed(pair, words(pair.statement), words(pair.claim), every)
    if lower_case:
        found += _opposed(
            pair,
            [w for w in words(pair.statement) if w.text[:1].islower()],
            [w for w in words(pair.claim) if w.text[:1].islower()],
            lower_case,
        )
    return found


def _opposed(
    pair: Pair, statement_words: list[Word], claim_words: list[Word], pairs: _Pairs
) -> list[Reason]:
    statement_stems = {w.stem for w in statement_words}
    claim_stems = {w.stem for w in claim_words}
    found: list[Reason] = []
    for one, other in pairs:
        for said, opposite in ((one, other), (other, one)):
            if (
                statement_stems & said
                and not statement_stems & opposite
                and claim_stems & opposite
                and not claim_stems & said
            ):
                mine, theirs = _first(statement_words, said), _first(claim_words, opposite)
                if mine is None or theirs is None:
                    continue
                if names_a_time(pair.statement, mine) or names_a_time(pair.claim, theirs):
                    continue
                # "at the start of next year" vs "..., ending weeks of debate": opposite words
                # in clauses about different things oppose nothing.
                if other_events(
                    event_words(pair.statement, pair.statement_analysis, mine.span),
                    event_words(pair.claim, pair.claim_analysis, theirs.span),
                ):
                    continue
                found.append(
                    reason(
                        "antonym",
                        "conflicts",
                        f"statement says {mine.text}, report says {theirs.text}",
                        mine.span,
                        theirs.span,
                    )
                )
    return found


def polarity_reasons(pair: Pair) -> list[Reason]:
    antonyms = antonym_reasons(pair)
    # "did not breach the levee" denies breaching, which "the levee held" never says: the
    # double flip is read from any shared word the negation reaches.
    negations = negation_reasons(pair, head=False) if len(antonyms) % 2 == 1 else []
    if negations:
        # "did not breach the levee" vs "the levee held": two flips say the same thing.
        denial, opposite = negations[0], antonyms[0]
        said, _, reported = opposite.message.removeprefix("antonym: statement says ").partition(
            ", report says "
        )
        word = said if denial.claim_span is not None else reported
        quoted = denial.message.partition("(")[2].rstrip(")")
        return [
            reason(
                "polarity",
                "supports",
                f'{quoted} and "{word}" say the same thing',
                opposite.statement_span,
                opposite.claim_span,
            )
        ]
    return negation_reasons(pair) + antonyms
