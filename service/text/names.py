"""Proper names of a sentence, and which one it is about: what ties a fact to its referent.

Two storms, two budgets, two trials: reports of the same kind of event share every word but
the name. A name is a run of capitalised words ("Hurricane Delphine", "Marlow Canyon Fire",
"Lumen-1"); runs are compared as word sets, so "Halcyon" is "Halcyon Networks" and "Marovia"
is "Marovian", while "Hurricane Delphine" is not "Hurricane Corwin".

A sentence's first word is capitalised whatever it is, so it opens a *sure* name only when the
text shows it is one: a run of two or more capitalised words, a possessive ("Keel's"), a figure
or inner capital ("Lumen-1", "NV-240"), or the same word capitalised later in the text. The
subject of a sentence is its first sure name outside the attribution ("..., officials said").
Pure functions of the text: no word list beyond function words, so they carry to any topic.
"""

import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

import msgspec
from rapidfuzz import fuzz

from schemas.analysis import Span
from service.text.calendar_words import calendar

# A capitalised token: "Delphine", "Lumen-1", "NV-240", "McAllister", "O'Neill". Linear: one
# character class repeated, no nesting.
_TOKEN = re.compile(r"[A-Z][\w’'-]*")
_WORD_CHAR = re.compile(r"\w")
_POSSESSIVE = ("'s", "’s", "s'", "s’")
_WORDS = json.loads(
    resources.files("service.text").joinpath("data", "names.json").read_text("utf-8")
)
_RUN_JOINERS = frozenset({"of", "de", "da", "van", "von", "del", "la", "le", "du", "-"})
_FUNCTION_WORDS = frozenset(_WORDS["function_words"])
_NUMBER_WORDS = frozenset(_WORDS["number_words"])
_PLAIN_WORD = re.compile(r"[\w’'-]+")
_ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_PREPOSITIONS = frozenset(_WORDS["prepositions"])
_TYPO_SIMILARITY = 80  # rapidfuzz ratio, as the topic rule takes a word for a typo of another
_MIN_TYPO_LENGTH = 4
_DEMONYM_PREFIX = 5  # "Marovia"/"Marovian", "Korea"/"Korean": one stem, two forms


class Name(msgspec.Struct, frozen=True):
    text: str
    span: Span
    words: tuple[str, ...]  # folded: lower case, possessive dropped
    sure: bool  # capitalised for a reason other than opening the sentence


def fold(token: str) -> str:
    """A name's word as names are compared: case folded, possessive dropped ("Keel's")."""
    folded = token.casefold().replace("’", "'")
    for ending in _POSSESSIVE:
        if folded.endswith(ending.replace("’", "'")) and len(folded) > len(ending) + 1:
            return folded[: -len(ending) + (1 if ending.startswith("s") else 0)]
    return folded


def _sentence_start(text: str, position: int) -> bool:
    """Whether `position` opens the text or a sentence in it (after . ! ? or a quote)."""
    before = text[:position].rstrip(" \"“‘'([")
    return not before or before[-1] in ".!?:;\n"


def _ignorable(token: str) -> bool:
    folded = fold(token)
    cal = calendar()
    return (
        folded in _FUNCTION_WORDS
        or folded in _NUMBER_WORDS
        or folded in cal.months
        or folded in cal.weekdays
    )


def find_names(text: str, known: frozenset[str] = frozenset()) -> tuple[Name, ...]:
    """Runs of capitalised words, in order, with whether each is surely a name. `known` holds
    folded words seen capitalised inside sentences elsewhere (the claims a statement is judged
    against): a sentence that opens with one of them opens with a name ("Halcyon raised ...")."""
    found = _find_names(text)
    if not known:
        return found
    return tuple(
        n if n.sure or n.words[0] not in known else msgspec.structs.replace(n, sure=True)
        for n in found
    )


def capitalised_inside(text: str) -> frozenset[str]:
    """Folded words capitalised somewhere other than at a sentence start: surely names."""
    return frozenset(word for name in _find_names(text) if name.sure for word in name.words)


_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][\w’'-]*")


def known_names(texts: Iterable[str]) -> frozenset[str]:
    """Words that are names in these texts: capitalised inside a sentence somewhere, or
    capitalised at a sentence start and never written in lower case ("Halcyon said ..." with no
    "halcyon" anywhere), where a common word ("Revenue fell ...") shows up in lower case too."""
    inside: set[str] = set()
    lower: set[str] = set()
    openers: set[str] = set()
    for text in texts:
        found = _spellings(text)
        inside |= found[0]
        lower |= found[1]
        openers |= found[2]
    return frozenset(inside | {w for w in openers if w not in lower and w not in _FUNCTION_WORDS})


@lru_cache(maxsize=8_192)
def _spellings(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Words capitalised inside sentences, words written in lower case, and opening words."""
    return (
        capitalised_inside(text),
        frozenset(fold(m.group(0)) for m in _LOWER_WORD.finditer(text)),
        frozenset(word for name in _find_names(text) if not name.sure for word in name.words),
    )


@lru_cache(maxsize=8_192)
def _find_names(text: str) -> tuple[Name, ...]:
    tokens = [m for m in _TOKEN.finditer(text) if not _word_char_before(text, m.start())]
    later_capitalised = {fold(m.group(0)) for m in tokens if not _sentence_start(text, m.start())}
    names: list[Name] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if not run:
            return
        first = run[0]
        words = tuple(part for m in run for part in _parts(fold(m.group(0))))
        opens = _sentence_start(text, first.start())
        token = first.group(0)
        sure = (
            not opens
            or len(run) > 1
            or token.endswith(_POSSESSIVE)
            or any(c.isdigit() for c in token)
            or any(c.isupper() for c in token[1:])
            or words[0] in later_capitalised
        )
        names.append(
            Name(
                text[first.start() : run[-1].end()], Span(first.start(), run[-1].end()), words, sure
            )
        )
        run.clear()

    for match in tokens:
        if _ignorable(match.group(0)):
            close()
            continue
        if run and not _joined(text[run[-1].end() : match.start()]):
            close()
        run.append(match)
        if match.group(0).endswith(_POSSESSIVE):
            close()  # "Marovia's VAT" is Marovia and its VAT: two names
    close()
    return tuple(names)


def _parts(word: str) -> list[str]:
    """ "jong-un" is "jong un"; "lumen-1" and "nv-240" stay whole, the figure names the thing."""
    if any(c.isdigit() for c in word):
        return [word]
    return [part for part in word.split("-") if part]


def _word_char_before(text: str, position: int) -> bool:
    return position > 0 and bool(_WORD_CHAR.match(text[position - 1]))


def _joined(gap: str) -> bool:
    """Two capitalised words belong to one name when only a space (or "of") lies between."""
    stripped = gap.strip()
    return gap.startswith(" ") and (not stripped or stripped.casefold() in _RUN_JOINERS)


@lru_cache(maxsize=65_536)
def same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if (
        len(shorter) >= _DEMONYM_PREFIX
        and longer.startswith(shorter[:-1])
        and len(longer) - len(shorter) <= 2
    ):
        return True
    if any(c.isdigit() for c in a + b):
        return False  # "Lumen-1" is not "Lumen-2"
    return len(shorter) >= _MIN_TYPO_LENGTH and fuzz.ratio(a, b) >= _TYPO_SIMILARITY


def same_referent(a: Name, b: Name) -> bool:
    """One name's words all in the other's: "Halcyon" and "Halcyon Networks"."""
    small, big = sorted((a.words, b.words), key=len)
    return all(any(same_word(w, v) for v in big) for w in small)


def mentioned(name: Name, names: tuple[Name, ...]) -> bool:
    return any(same_referent(name, other) for other in names)


def _after_preposition(text: str, name: Name) -> bool:
    """ "in Russia", "to the Kursk region", "by Russian ships": a place or an agent of a passive,
    not what the sentence is about."""
    before = _PLAIN_WORD.findall(text[: name.span.start])[-3:]
    # "in southeast Texas", "over the southern coast": a preposition up to two words back.
    for word in reversed(before):
        folded = word.casefold()
        if folded in _PREPOSITIONS:
            return True
        if not word.islower() and folded not in _ARTICLES:
            return False
    return False


def after_preposition(text: str, name: Name) -> bool:
    return _after_preposition(text, name)


@cache
def _verbs() -> frozenset[str]:
    table = json.loads(
        resources.files("service.text").joinpath("data", "entities.json").read_text("utf-8")
    )
    return frozenset(table["verbs"])


def first_verb(text: str, skip: Span | None = None) -> int:
    """Where the first verb-like word lies (outside `skip`): what comes before it is the
    subject. A listed verb, or a lower-case word ending in -ed."""
    verbs = _verbs()
    for match in _PLAIN_WORD.finditer(text):
        if skip is not None and skip.start <= match.start() < skip.end:
            continue
        word = match.group(0)
        folded = word.casefold()
        if word[:1].islower() and (folded in verbs or (len(folded) > 4 and folded.endswith("ed"))):
            return match.start()
    return len(text)


def subjects(
    text: str, *, skip: Span | None = None, known: frozenset[str] = frozenset()
) -> list[Name]:
    """The sure names before the main verb, outside `skip` (the attribution) and outside
    prepositional phrases ("in Florida", "by Russian ships"): who or what the sentence is
    about. A sentence whose subject is a pronoun or a description ("It", "The film") names
    none: it is about what its context is about."""
    verb = first_verb(text, skip)
    return [
        name
        for name in find_names(text, known)
        if name.sure
        and name.span.start < verb
        and not (skip is not None and skip.start <= name.span.start < skip.end)
        and not _after_preposition(text, name)
    ]
