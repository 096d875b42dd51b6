"""Topic: how much of what the statement is about the claim also talks about.

The statement's content words are looked up in the claim after folding what should not count
as a difference: inflections (stems), aliases ("Pyongyang" and "North Korea" are one entity),
unit synonyms ("soldiers" and "troops" are one group) and typos ("Nrth", "reigon").
A place or actor the statement names and neither the claim nor its report's title mentions is a
missing key term; when
the claim names another one instead, it may be about the same kind of event somewhere else
("signed in Moscow" vs "in Pyongyang").
"""

import msgspec
from rapidfuzz import fuzz, process

from schemas.analysis import Analysis, Entity
from schemas.check import Reason
from service.matching.rules.pair import Pair, mentions, overlaps, per_text, reason
from service.matching.rules.words import Word, content_words, key
from service.text.acronyms import abbreviates
from service.text.names import fold

TYPO_SIMILARITY = 80  # rapidfuzz ratio at which two words are taken for one word mistyped
_MIN_TYPO_LENGTH = 4  # shorter words differ by one letter too easily ("war", "was")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to", "into", "outside", "across"})


class Topic(msgspec.Struct, frozen=True):
    coverage: float  # share of the statement's key terms found in the claim, 0-1
    shared: list[str]  # the statement's words found, as written
    missing: list[str]  # the statement's words not found, as written
    missing_entities: list[Entity]  # named by the statement, not by the claim
    extra_entities: list[Entity]  # named by the claim, not by the statement

    @property
    def substituted(self) -> bool:
        """The claim names a place or actor where the statement names another."""
        return bool(self.missing_entities and self.extra_entities)


def _key(word: Word, analysis: Analysis) -> str:
    for entity in analysis.entities:
        if overlaps(entity.span, word.span):
            return f"{_ENTITY}{entity.canonical}"
    return key(word)


@per_text
def _keys(text: str, analysis: Analysis) -> dict[str, Word]:
    """Key -> first word that gave it, for the content words of a text."""
    found: dict[str, Word] = {}
    for word in content_words(text):
        found.setdefault(_key(word, analysis), word)
    return found


def _mistyped(word: Word, claim_words: list[str]) -> bool:
    """`claim_words`: the claim's words of typo length, lower case (_typo_candidates)."""
    if len(word.text) < _MIN_TYPO_LENGTH:
        return False
    # One call into rapidfuzz for the whole list, not a Python loop of pairs.
    best = process.extractOne(
        word.text.lower(), claim_words, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY
    )
    return best is not None


def _attributed(entity: Entity, analysis: Analysis) -> bool:
    """The source of the statement ("the NIS said") is who says it, not what is said."""
    source = analysis.attribution
    return source is not None and overlaps(source.span, entity.span)


def _unnamed(analysis: Analysis, other_text: str, other: Analysis) -> list[Entity]:
    """Places and other non-acting entities of one side the other side never names (sources of
    attribution left out)."""
    found: dict[str, Entity] = {}
    for entity in analysis.entities:
        if entity.role == "agent":
            continue  # who acts is the actor rule's question, which also weighs the target
        # An actor's aliases are the same actor ("Pyongyang has decided" is North Korea), but a
        # place where something happened is that place: "in Moscow" is not "Russian".
        by_alias = entity.role == "target"
        if not _attributed(entity, analysis) and not mentions(
            other_text, other, entity, by_alias=by_alias
        ):
            found.setdefault(entity.canonical, entity)
    return list(found.values())


_ENTITY = "entity:"


def _within(term: str, word: Word, claim_entities: list[set[str]]) -> bool:
    """ "Keel" of the statement in "Martin Keel" of the claim: one name's words in the other's.
    A capitalised word the analyser did not take for a name ("Ferraz arrived ...", opening the
    sentence) is found in a claim's name the same way."""
    if term.startswith(_ENTITY):
        words = set(term.removeprefix(_ENTITY).split())
    elif word.text[:1].isupper():
        words = {fold(word.text)}
    else:
        return False
    return any(words <= entity for entity in claim_entities)


def _titled(entity: Entity, title: str) -> bool:
    """The report's title names it: "the blaze" of a report titled "Marlow Canyon Fire ..." is
    that fire, though the sentence does not say so."""
    folded = title.casefold()
    return bool(folded) and (entity.text.casefold() in folded or entity.canonical in folded)


def _placed(text: str, entity: Entity) -> bool:
    """ "signed in Moscow": where the event happened, which a title naming the place elsewhere
    does not say."""
    before = text[max(0, entity.span.start - 8) : entity.span.start].split()
    return bool(before) and before[-1].casefold() in _PLACE_PREPOSITIONS


def assess(pair: Pair) -> Topic:
    statement_keys = _keys(pair.statement, pair.statement_analysis)
    claim_keys = _keys(pair.claim, pair.claim_analysis)
    claim_words = [w.text.lower() for w in claim_keys.values() if len(w.text) >= _MIN_TYPO_LENGTH]
    shared: list[str] = []
    missing: list[str] = []
    claim_entities = [
        set(k.removeprefix(_ENTITY).split()) for k in claim_keys if k.startswith(_ENTITY)
    ]
    dates = [d.span for d in pair.statement_analysis.dates]
    for term, word in statement_keys.items():
        if any(overlaps(word.span, d) for d in dates):
            continue  # "June 2" is the date rule's to compare, not a word to find
        if (
            term in claim_keys
            or _mistyped(word, claim_words)
            or _within(term, word, claim_entities)
            or abbreviates(word.text, word.span, pair.statement, pair.claim)
        ):
            shared.append(word.text)
        else:
            missing.append(word.text)
    total = len(shared) + len(missing)
    return Topic(
        coverage=len(shared) / total if total else 0.0,
        shared=shared,
        missing=missing,
        missing_entities=[
            entity
            for entity in _unnamed(pair.statement_analysis, pair.claim, pair.claim_analysis)
            if not _titled(entity, pair.claim_title) or _placed(pair.statement, entity)
        ],
        extra_entities=_unnamed(pair.claim_analysis, pair.statement, pair.statement_analysis),
    )


def topic_reasons(topic: Topic) -> list[Reason]:
    """A neutral reason for each place or actor of the statement the claim never mentions."""
    return [
        reason("topic", "neutral", f"the report does not mention {entity.text}", entity.span)
        for entity in topic.missing_entities
    ]
