"""Figures: each figure of the statement against the claim figure that counts the same thing.

Alignment is by unit noun first (troops ≈ soldiers; tanks ≠ soldiers). A figure whose unit was
not written next to it (no unit, or one the analyser borrowed from a neighbour: "33 cases, of
which 24 ...") is compared only when the words around both figures share a content word, so
"24" does not line up with an unrelated "24 hours".

Figures are paired one to one, the surest pairs first (see _Candidate.rank). So in "more than
27 of the 33 cases" against "33 cases, of which 24 ...", 33 takes 33 and "more than 27" is left
to face 24 (a conflict) instead of agreeing with 33 as well.

One reason per statement figure:
- `quantity`, supports: a figure of the same kind whose range meets the statement's;
- `quantity`, conflicts: a figure of the same kind whose range does not;
- `unit`, neutral: the claim counts something else (tanks vs soldiers: not comparable);
- `quantity`, neutral: no figure of that kind in the claim, or only a part/whole of it; or a
  figure for one phase of something ("1,500 in the first phase") against a figure that is not
  for that phase (10,000 in all, or 3,000 in the second wave): a part, not a contradiction.
"""

import re
from collections.abc import Sequence

import msgspec

from schemas.analysis import Analysis, Quantity
from schemas.check import Effect, Reason
from service.matching.rules.frames import (
    Frame,
    counted_classes,
    counts_differently,
    describe,
    frame,
    generic_unit,
    outcome_classes,
    same_outcome,
    same_party,
    shares_meaning,
)
from service.matching.rules.intervals import compatible, interval
from service.matching.rules.pair import Pair, overlaps, per_sentence, reason
from service.matching.rules.words import content_words, near
from service.matching.units import Alignment, align, conversion, listed_group, qualified_unit
from service.text.modality import Modality, kept_from_speculation, modality_at
from service.text.unit_nouns import is_measure

YEARS = (1800, 2100)
PHASE_GROUP = "phase"  # data/units.json: phase, stage, wave, batch, rotation
GUESSED_UNIT_MAX_GAP = 0.5  # "2" (of "Vol. 2") is not a contradiction of "83 %"


class _Candidate(msgspec.Struct, frozen=True):
    statement_index: int
    claim_index: int
    alignment: Alignment
    compatible: bool
    gap: float  # relative difference of the figures as written, 0 when equal
    shared_context: int  # content words around both figures in common
    guessed: bool  # a unit on either side was not written next to its figure
    frame_differs: bool = False  # the clauses show they count different things (rules.frames)
    beside: bool = False  # a word right next to the claim's figure names what the statement counts

    def rank(self) -> tuple[bool, bool, bool, int, int, float]:
        """Lower is better: written units before guessed ones; then the same figure; then one
        whose neighbour word names what the statement counts ("fever by 4 percent"); then one
        group before a part and its whole, and among guessed units the figure in the most
        similar words; then the nearest figure. Compatibility plays no part: "under $258
        million" is about the $258.4 million total, not the $142.5 million share of it.
        """
        nested = self.alignment is Alignment.NESTED
        shared = self.shared_context if self.guessed else 0
        return self.guessed, self.gap > 0, not self.beside, nested, -shared, self.gap


def _looks_like_a_year(quantity: Quantity) -> bool:
    """ "the 2020 pandemic": a bare four-digit figure in the years' range is a year, not a count."""
    return (
        not quantity.unit_text
        and quantity.qualifier == "exact"
        and quantity.text.isdigit()
        and len(quantity.text) == 4
        and YEARS[0] <= quantity.value <= YEARS[1]
    )


def figures(analysis: Analysis) -> list[Quantity]:
    """The quantities that are counts, not a year or the day of a date."""
    return [
        q
        for q in analysis.quantities
        if not _looks_like_a_year(q) and not any(overlaps(q.span, d.span) for d in analysis.dates)
    ]


def _unit_written(quantity: Quantity) -> bool:
    return bool(quantity.unit and quantity.unit_text)


class _Figure(msgspec.Struct, frozen=True):
    index: int
    quantity: Quantity
    context: set[str]  # stems of the content words around it
    frame: Frame  # what it counts, from its clause
    modality: Modality
    cue: str | None
    residual: bool = False  # what is left of it later ("2,300 people were still in shelters")


# "2,300 people were still in shelters", "1,403 remain in operation", "the remaining 40
# passengers", "for all but about 1,200": a figure of what is left at a later time, not of the
# whole. The cue speaks for the figure just before it or right after it; "but still", "and
# still" mean "even so".
_RESIDUE_AFTER = re.compile(
    r"(?<![\w-])(?<!but )(?<!and )(?<!yet )(?:still|remain|remains|remained)(?![\w-])"
    r"(?![ \t]+[a-z]+ed\b)",  # "remain hospitalized" is a state, "remain in operation" a residue
    re.I,
)
_RESIDUE_BEFORE = re.compile(r"(?<![\w-])(?:still|remaining|all[ \t]+but)\W+(?:\w+\W+)?$", re.I)
_RESIDUE_REACH = 24  # characters before a figure: "the remaining", "all but about"


def _residual(text: str, quantity: Quantity, following: int) -> bool:
    """Whether a residue cue speaks for the figure: after it, before the next figure."""
    before = text[max(0, quantity.span.start - _RESIDUE_REACH) : quantity.span.start]
    if _RESIDUE_BEFORE.search(before):
        return True
    return _RESIDUE_AFTER.search(text, quantity.span.end, following) is not None


def _bare_against_measure(bare: Quantity, other: Quantity) -> bool:
    """A figure with no unit against one with a unit of measure written beside it."""
    return not bare.unit and bool(other.unit_text) and is_measure(other.unit)


@per_sentence
def _figures_in(text: str, analysis: Analysis) -> list[_Figure]:
    found = content_words(text)
    spans = [q.span for q in analysis.quantities]
    figures_found: list[_Figure] = []
    for i, q in enumerate(figures(analysis)):
        counted = frame(text, analysis, q)
        modality, cue = modality_at(text, q.span, [s for s in spans if s != q.span])
        later = [s.start for s in spans if s.start > q.span.start]
        following = min([*later, counted.clause.end])
        residual = _residual(text, q, following)
        figures_found.append(_Figure(i, q, near(found, q.span), counted, modality, cue, residual))
    return figures_found


def _converted(quantity: Quantity, unit: str) -> Quantity:
    """The figure in `unit` when both measure one dimension ("1.4 kilometres" as 1,400
    metres), else as it is."""
    factor = conversion(quantity.unit, unit)
    if factor is None:
        return quantity

    def scaled(value: float | None) -> float | None:
        return None if value is None else value * factor

    return msgspec.structs.replace(
        quantity,
        value=quantity.value * factor,
        low=scaled(quantity.low),
        high=scaled(quantity.high),
        value_high=scaled(quantity.value_high),
        unit=unit,
        unit_text=unit,
    )


def _candidate(mine: _Figure, theirs: _Figure) -> _Candidate | None:
    a, b = mine.quantity, _converted(theirs.quantity, mine.quantity.unit)
    if _bare_against_measure(a, b) or _bare_against_measure(b, a):
        return None  # "orbited 14 times" is no measure of "a slope of about 8 degrees"
    if mine.residual != theirs.residual or counts_differently(mine.frame, theirs.frame, a):
        return _Candidate(
            mine.index, theirs.index, Alignment.UNKNOWN, False, 1.0, 0, True, frame_differs=True
        )
    alignment = align(
        qualified_unit(a.text, a.unit, a.unit_text), qualified_unit(b.text, b.unit, b.unit_text)
    )
    gap = abs(a.value - b.value) / max(abs(a.value), abs(b.value), 1e-9)
    shared = len(mine.context & theirs.context)
    agrees = compatible(a, b)
    # "fever by 4 percent" is the figure for fever, not the 38 percent for pain before it.
    beside = bool(mine.frame.classes & theirs.frame.beside & outcome_classes())
    if _unit_written(a) and _unit_written(b):
        return _Candidate(
            mine.index, theirs.index, alignment, agrees, gap, shared, False, beside=beside
        )
    # A unit nobody wrote next to the figure is a guess: the surrounding words must agree, a
    # guessed unit cannot make figures incomparable, and a figure of a very different size
    # more likely counts something else than contradicts.
    # Frames that name the same outcome ("injured 14 people" vs "and injured 63") say what a
    # bare figure counts better than its size does.
    # So does the side whose figure it is, when both count in one unit: "the defence sought
    # four" (years, from the sentence's "12 years") is the defence's figure of years.
    outcome = same_outcome(mine.frame, theirs.frame) or (
        bool(a.unit) and a.unit == b.unit and same_party(mine.frame, theirs.frame)
    )
    if not outcome and (not shared or (not agrees and gap > GUESSED_UNIT_MAX_GAP)):
        return None
    shared = max(shared, int(outcome))
    if alignment is not Alignment.SAME:
        alignment = Alignment.UNKNOWN
    return _Candidate(mine.index, theirs.index, alignment, agrees, gap, shared, True, beside=beside)


def _assign(candidates: list[_Candidate]) -> dict[int, _Candidate]:
    """Best pairs first, each claim figure used once; leftovers get their best pair anyway."""
    chosen: dict[int, _Candidate] = {}
    taken: set[int] = set()
    ranked = sorted(
        (c for c in candidates if c.alignment is not Alignment.DIFFERENT and not c.frame_differs),
        key=_Candidate.rank,
    )
    for candidate in ranked:
        if candidate.statement_index not in chosen and candidate.claim_index not in taken:
            chosen[candidate.statement_index] = candidate
            taken.add(candidate.claim_index)
    for candidate in ranked:
        chosen.setdefault(candidate.statement_index, candidate)
    return chosen


@per_sentence
def _phases_in(text: str, analysis: Analysis) -> frozenset[int]:
    """The phases a text is about: {1} for "in the first phase" or "the first batch"."""
    # Any noun the ordinal binds counts ("second wave brought": the analyser may take the
    # last word of a compound as its noun).
    return frozenset(
        o.value
        for o in analysis.ordinals
        if any(listed_group(word) == PHASE_GROUP for word in [o.noun, *o.text.split()[1:]])
    )


def _counted(quantity: Quantity) -> str:
    return quantity.unit_text or quantity.unit or "a bare figure"


def _explain(
    figure: _Figure,
    chosen: _Candidate | None,
    unlike: Sequence[Quantity],
    claim_figures: Sequence[_Figure],
    phases: tuple[frozenset[int], frozenset[int]],
    elsewhere: Sequence[_Figure],
) -> Reason:
    mine = figure.quantity
    theirs = [f.quantity for f in claim_figures]
    if chosen is not None:
        other = theirs[chosen.claim_index]
        says = f"statement says {mine.text}, report says {other.text}"
        claim_side = claim_figures[chosen.claim_index]
        if claim_side.modality == "speculative" and kept_from_speculation(figure.modality):
            return reason(
                "modality",
                "neutral",
                f'the report only says it may happen ("{claim_side.cue}"): {says}',
                mine.span,
                other.span,
            )
        if chosen.alignment is Alignment.NESTED and not chosen.compatible:
            says += ": one counts a part of the other, so they do not compare"
            return reason("quantity", "neutral", says, mine.span, other.span)
        if phases[0] != phases[1] and not chosen.compatible:
            says += f": {_phase_note(*phases)}, so they do not compare"
            return reason("quantity", "neutral", says, mine.span, other.span)
        effect: Effect = "supports" if chosen.compatible else "conflicts"
        return reason("quantity", effect, says, mine.span, other.span)
    if elsewhere:
        other_figure = elsewhere[0]
        return reason(
            "quantity",
            "neutral",
            f"the statement's {mine.text} is about {describe(figure.frame)}; the report's "
            f"{other_figure.quantity.text} is about {describe(other_figure.frame)}, "
            "so they do not compare",
            mine.span,
            other_figure.quantity.span,
        )
    if unlike:
        other = min(unlike, key=lambda q: interval(mine).distance(interval(q)))
        return reason(
            "unit",
            "neutral",
            f"statement counts {_counted(mine)}, report counts {_counted(other)} (not comparable)",
            mine.span,
            other.span,
        )
    return reason(
        "quantity", "neutral", f"the report gives no figure to compare with {mine.text}", mine.span
    )


def _phase_note(statement: frozenset[int], claim: frozenset[int]) -> str:
    if not statement:
        return "the report counts one phase only"
    if not claim:
        return "the statement counts one phase only"
    return "they count different phases"


def quantity_reasons(pair: Pair) -> list[Reason]:
    mine = _figures_in(pair.statement, pair.statement_analysis)
    theirs = _figures_in(pair.claim, pair.claim_analysis)
    phases = (
        _phases_in(pair.statement, pair.statement_analysis),
        _phases_in(pair.claim, pair.claim_analysis),
    )
    candidates = [found for s in mine for c in theirs if (found := _candidate(s, c)) is not None]
    chosen = _assign(candidates)
    claim_quantities = [f.quantity for f in theirs]
    reasons: list[Reason] = []
    for figure in mine:
        unlike = [
            claim_quantities[c.claim_index]
            for c in candidates
            if c.statement_index == figure.index and c.alignment is Alignment.DIFFERENT
        ]
        elsewhere = [
            theirs[c.claim_index]
            for c in candidates
            if c.statement_index == figure.index and c.frame_differs
        ]
        reasons.append(
            _explain(figure, chosen.get(figure.index), unlike, theirs, phases, elsewhere)
        )
    return reasons


class Anchors(msgspec.Struct, frozen=True):
    """How a figure of the statement meets a figure of the claim counting the same thing."""

    same_words: bool  # a class or an informative word in common, or one side's unit
    same_class: bool  # a class of data/frames.json in common ("fans", "a crowd")


def figure_anchors(pair: Pair) -> Anchors:
    """Whether a figure of the statement meets a figure of the claim that counts the same
    thing in the same words ("defence spending ... 12%" and "defence spending ... about 12
    percent": the pair is on topic whatever else the sentences say), and whether by a class of
    what is counted (fans and a crowd: attendance), which a word in common is not."""
    mine = _figures_in(pair.statement, pair.statement_analysis)
    theirs = _figures_in(pair.claim, pair.claim_analysis)
    same_words = False
    for s_figure in mine:
        for c_figure in theirs:
            found = _candidate(s_figure, c_figure)
            if found is None or found.frame_differs or found.alignment is Alignment.DIFFERENT:
                continue
            if counted_classes(s_figure.frame) & counted_classes(c_figure.frame):
                return Anchors(same_words=True, same_class=True)
            # One side's figure in a unit that says what it counts: "his lawyers asked for 12
            # years" and "the defence sought four" (years); a percentage says too little.
            one_side = same_party(s_figure.frame, c_figure.frame)
            same_words = same_words or (
                shares_meaning(s_figure.frame, c_figure.frame)
                or (one_side and not generic_unit(s_figure.quantity))
            )
    return Anchors(same_words=same_words, same_class=False)
