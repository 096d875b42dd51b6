"""What a figure counts: the words of its own clause, beyond its unit noun.

"Hurricane Delphine killed 14 people and injured 63": both figures count people, but 14 is
what was killed and 63 what was injured. A figure's *frame* is the content words of its clause
(service.text.clauses), names and the figure itself left out, folded into classes where a
class says what happened to or what is measured of the counted thing (killed, injured,
revenue, loss: data/frames.json). Two figures count different things, and so are never
compared, when:
- both frames name a class and they share none (9 killed vs 14 injured; revenue vs loss);
- both name a party and share none: the figures of two sides ("prosecutors asked for 12 years,
  while the defence sought four"); one party on both sides lets a figure whose unit was
  borrowed from its sentence ("four", years) be compared whatever its size;
- or the unit says little by itself (percent, money, people, a bare figure) and the two frames
  share no word that is not generic ("defence spending ... 9 percent" vs "VAT ... 22 percent").
"""

from functools import cache
from importlib import resources

import msgspec

from schemas.analysis import Analysis, Quantity, Span
from service.matching.rules.pair import overlaps, per_sentence
from service.matching.rules.words import content_words, key, stem
from service.text.clauses import clause_of, with_antecedent
from service.text.names import find_names

# Units that do not say what is counted: the frame has to.
_GENERIC_UNITS = frozenset({"", "percent", "person", "time", "point"})
_CURRENCY_UNITS = frozenset(
    {"usd", "eur", "gbp", "jpy", "krw", "rub", "cny", "inr", "dinar", "franc", "peso", "krona"}
)


# A frame of one or two words says too little to tell two figures apart.
MIN_FRAME = 2
MIN_EVENT = 3  # words a clause needs to tell its event from another's
SHARED_ROOT = 5  # letters two stems must share to count as one root
_TOUCHING = 6  # characters between a figure and a word beside it: a space, "of", "by"


class _Table(msgspec.Struct, frozen=True):
    classes: dict[str, list[str]]
    generic: list[str]
    outcomes: list[str]
    periods: list[str]
    parties: list[str]


class Frame(msgspec.Struct, frozen=True):
    clause: Span
    words: frozenset[str]  # keys of the informative content words of the clause
    classes: frozenset[str]
    shown: tuple[str, ...]  # the class or informative words as written, for reasons
    beside: frozenset[str] = frozenset()  # classes of the words right next to the figure


@cache
def _raw_table() -> _Table:
    raw = resources.files("service.matching").joinpath("data/frames.json").read_bytes()
    return msgspec.json.decode(raw, type=_Table)


@cache
def _table() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    table = _raw_table()
    classes: dict[str, set[str]] = {}
    for name, listed in table.classes.items():
        for word in listed:
            classes.setdefault(stem(word), set()).add(name)
    return {k: frozenset(v) for k, v in classes.items()}, frozenset(stem(w) for w in table.generic)


@cache
def outcome_classes() -> frozenset[str]:
    """The classes that say what happened to what is counted (data/frames.json `outcomes`)."""
    return frozenset(_raw_table().outcomes)


def same_outcome(mine: Frame, theirs: Frame) -> bool:
    """Both clauses say the same thing happened to what they count (killed, injured, evacuated)."""
    return bool(mine.beside & theirs.beside & outcome_classes())


def same_party(mine: Frame, theirs: Frame) -> bool:
    """Both clauses give the figure of the same side ("his lawyers asked for 12 years" and
    "while the defence sought four")."""
    return bool(mine.classes & theirs.classes & _parties())


def shares_meaning(mine: Frame, theirs: Frame) -> bool:
    """Two frames with an informative word or a class of what is counted in common."""
    return bool(counted_classes(mine) & counted_classes(theirs)) or _share_a_word(
        mine.words, theirs.words
    )


def counted_classes(frame: Frame) -> frozenset[str]:
    """The classes that say what a figure counts; a party ("the government") says whose it
    is, not what."""
    return frame.classes - _parties()


def generic_unit(quantity: Quantity) -> bool:
    unit = quantity.unit
    return unit in _GENERIC_UNITS or unit in _CURRENCY_UNITS or quantity.unit_text in "$€£¥₩₽"


@per_sentence
def _name_spans(text: str, analysis: Analysis) -> tuple[Span, ...]:
    return tuple(n.span for n in find_names(text) if n.sure)


def frame(text: str, analysis: Analysis, quantity: Quantity) -> Frame:
    clause = with_antecedent(text, clause_of(text, quantity.span.start))
    classes_of, generic = _table()
    names = _name_spans(text, analysis)
    others = [q.span for q in analysis.quantities if q.span != quantity.span]
    found: set[str] = set()
    classes: set[str] = set()
    beside: set[str] = set()
    shown: list[str] = []
    in_clause = [
        w
        for w in content_words(text)
        if clause.start <= w.span.start < clause.end
        and not any(overlaps(w.span, other) for other in others)
    ]
    # "injured 63", "63 injured", "14 people killed": the words touching the figure.
    start, end = quantity.span.start, quantity.span.end
    before = [w for w in in_clause if w.span.end <= start and start - w.span.end <= _TOUCHING][-1:]
    inside = [w for w in in_clause if overlaps(w.span, quantity.span)]
    after = [w for w in in_clause if w.span.start >= end and w.span.start - end <= _TOUCHING][:1]
    for near_word in [*before, *inside, *after]:
        beside |= classes_of.get(near_word.stem, frozenset())
    for word in content_words(text):
        span = word.span
        if overlaps(span, quantity.span):
            classes |= classes_of.get(word.stem, frozenset())  # "2,208 deaths" counts deaths
            continue
        if not (clause.start <= span.start < clause.end):
            continue
        if any(overlaps(span, other) for other in others):
            continue  # another figure's unit noun says what that figure counts
        if any(overlaps(span, name) for name in names):
            continue
        word_classes = classes_of.get(word.stem, frozenset())
        if word_classes:
            classes |= word_classes
            shown.append(word.text)
        if word.stem not in generic:
            found.add(key(word))
            if not word_classes and len(shown) < 3:
                shown.append(word.text)
    return Frame(clause, frozenset(found), frozenset(classes), tuple(shown), frozenset(beside))


@cache
def _periods() -> frozenset[str]:
    return frozenset(_raw_table().periods)


@cache
def _parties() -> frozenset[str]:
    return frozenset(_raw_table().parties)


def _apart(mine: frozenset[str], theirs: frozenset[str], dimension: frozenset[str]) -> bool:
    """Both name a class of this dimension and share none: "quarterly" vs "full-year",
    prosecution vs defence."""
    mine, theirs = mine & dimension, theirs & dimension
    return bool(mine and theirs and not (mine & theirs))


def counts_differently(mine: Frame, theirs: Frame, quantity: Quantity) -> bool:
    """Whether two figures' frames show they count different things (module docstring): each
    dimension apart, the period a figure runs over ("quarterly" vs "full-year") and what it
    measures or what happened (revenue vs dividend)."""
    periods, parties = _periods(), _parties()
    if _apart(mine.classes, theirs.classes, periods):
        return True
    # Whose figure: "prosecutors asked for 12 years, while the defence sought four".
    if _apart(mine.classes, theirs.classes, parties):
        return True
    # What happened to them decides before who they are: "two firefighters were killed" and
    # "two firefighters suffered minor injuries" share the firefighters, not the outcome.
    outcomes = outcome_classes()
    if _apart(mine.classes, theirs.classes, outcomes):
        return True
    mine_rest, theirs_rest = mine.classes - periods - parties, theirs.classes - periods - parties
    if mine_rest and theirs_rest:
        return not (mine_rest & theirs_rest)
    if generic_unit(quantity) and len(mine.words) >= MIN_FRAME and len(theirs.words) >= MIN_FRAME:
        return not _share_a_word(mine.words, theirs.words)
    return False


def _share_a_word(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """One stem in common, or one root: "produced" and "production" stem apart."""
    if mine & theirs:
        return True
    return any(_root(a) is not None and _root(a) == _root(b) for a in mine for b in theirs)


def _root(word_key: str) -> str | None:
    """The first letters of a stem; a unit group's key ("unit:troop") has no root."""
    if ":" in word_key or len(word_key) < SHARED_ROOT:
        return None
    return word_key[:SHARED_ROOT]


def describe(frame: Frame) -> str:
    return " ".join(frame.shown[:3]) or "something else"


@per_sentence
def _content_in_clauses(text: str, analysis: Analysis) -> tuple[tuple[Span, str], ...]:
    """(span, key) of the informative content words of a text: names and figures left out
    ("million" in "$214 million" tells no event)."""
    _, generic = _table()
    # Names are left out: who acts is the referent rule's question, not what happened. A
    # sentence's opening word stays unless it is surely a name ("Revenue fell ...").
    skipped = [*_name_spans(text, analysis), *(q.span for q in analysis.quantities)]
    return tuple(
        (w.span, key(w))
        for w in content_words(text)
        if w.stem not in generic and not any(overlaps(w.span, n) for n in skipped)
    )


def event_words(text: str, analysis: Analysis, span: Span) -> frozenset[str]:
    """What happens in the clause of a date, an ordinal or an opposite word: its informative
    words. A fragment too short to tell an event (", ending weeks of debate") is read with the
    clause before it."""
    clause = clause_of(text, span.start)
    content = _content_in_clauses(text, analysis)

    def inside(stretch: Span) -> frozenset[str]:
        return frozenset(
            word
            for where, word in content
            if stretch.start <= where.start < stretch.end and not overlaps(where, span)
        )

    found = inside(clause)
    if len(found) < MIN_EVENT and clause.start > 0:
        found = inside(Span(clause_of(text, clause.start - 1).start, clause.end))
    return found


def other_events(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether two clauses tell of different events: both say enough, and they have nothing in
    common ("landed near the south pole on March 4" vs "lifted off early on
    Thursday")."""
    if len(mine) < MIN_EVENT or len(theirs) < MIN_EVENT:
        return False
    return not _share_a_word(mine, theirs)


class _Predicates(msgspec.Struct, frozen=True):
    classes: list[list[str]]


@cache
def _predicate_classes() -> dict[str, frozenset[int]]:
    raw = resources.files("service.matching").joinpath("data/predicates.json").read_bytes()
    table = msgspec.json.decode(raw, type=_Predicates)
    found: dict[str, set[int]] = {}
    for index, words in enumerate(table.classes):
        for word in words:
            found.setdefault(stem(word), set()).add(index)
    return {k: frozenset(v) for k, v in found.items()}


def verb_classes(word_stem: str) -> frozenset[int]:
    """The event classes a verb's stem belongs to ("lift" and "launch" share one)."""
    return _predicate_classes().get(word_stem, frozenset())


def event_predicates(text: str, span: Span) -> frozenset[int]:
    """The event classes the verbs of a date's or ordinal's clause name ("arrested on Monday":
    arrest; "opened on Monday": open); empty when none is listed."""
    clause = clause_of(text, span.start)
    classes = _predicate_classes()
    found: set[int] = set()
    for word in content_words(text):
        if clause.start <= word.span.start < clause.end and not overlaps(word.span, span):
            found |= classes.get(word.stem, frozenset())
    return frozenset(found)


def event_verbs(text: str, span: Span) -> frozenset[str]:
    """Stems of the past-tense verbs ("sailed", "reopened") in the clause of a date."""
    clause = clause_of(text, span.start)
    return frozenset(
        word.stem
        for word in content_words(text)
        if clause.start <= word.span.start < clause.end
        and word.text[:1].islower()
        and len(word.text) > 4
        and word.text.casefold().endswith("ed")
    )


def other_predicates(mine: frozenset[int], theirs: frozenset[int]) -> bool:
    """Both clauses name a listed event and none in common."""
    return bool(mine) and bool(theirs) and not (mine & theirs)
