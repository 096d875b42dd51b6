"""Stance of a matched claim towards a statement: supports, conflicts or related, with reasons.

The rules (service.matching.rules) each contribute reasons, every one bound to the fact it is
about (a figure to what it counts in its clause, a date or an ordinal to its event); this module
weighs them:
1. another referent (another storm, company or trial), another actor or a swapped direction:
   related at most. The report says nothing about the statement's referent or actor, so it
   neither confirms nor refutes it;
2. a figure beside another date or ordinal (another period), or a report that only says the
   thing may happen (modality): related;
3. a conflicting figure, date, ordinal, negation or antonym, or the roles of one event swapped
   ("A beat B" against "B beat A"), or the same thing done somewhere else ("made landfall near
   Sabine Reach" against "near Carrow Bay"), on a pair that is on topic: conflicts;
4. a figure the claim cannot be compared with (another unit, another thing counted, only a
   part or whole of it, no figure at all), a place named where the claim names another, or a
   negation on one side only that bears on nothing both share: related, since the statement's
   point is not in the report;
5. a shared figure, date or ordinal that agrees on a pair that is on topic, or enough shared
   key terms when the statement gives no date the report lacks: supports; so does a sentence
   the embeddings find of the same meaning (SAME_MEANING_COSINE) when neither side gives a
   figure or date to compare, both assert or both deny, and no name of the statement is
   replaced by another in the claim ("No vaccine-related deaths were reported" for "No deaths
   linked to the vaccine were seen");
6. anything else: related.
A pair is on topic when the claim shares enough of the statement's key terms, the search
scored it high, two figures agree, one figure meets a figure counting the same thing in the
same words (rules.quantities.figure_anchors), or a date of each is told of the same listed
event (rules.dates.dates_anchored).
"""

from typing import Literal, Protocol

import msgspec

from schemas.analysis import Analysis
from schemas.check import Effect, Reason
from service.matching.rules import RULES, Pair
from service.matching.rules.dates import dates_anchored, label_of, periods_apart
from service.matching.rules.pair import reason
from service.matching.rules.quantities import figure_anchors
from service.matching.rules.topic import Topic, assess, topic_reasons
from service.text.names import find_names, mentioned

# Share of the statement's key terms the claim must share (rules.topic.Topic.coverage).
ON_TOPIC_COVERAGE = 0.34  # below this a disagreement is about something else
SUPPORT_COVERAGE = 0.75  # on words alone
# The caller's fused 0-100 retrieval score, which sees typos and aliases the word overlap misses.
ON_TOPIC_RELEVANCE = 60.0
SUPPORT_RELEVANCE = 75.0
# Cosine of the semantic matcher's sentence embeddings at which two sentences with nothing to
# compare (no figure, no date) say the same thing in other words. On topics_dev, pairs of that
# kind scored 0.78 for a paraphrase, and at most 0.70 for sentences on the same subject that
# say something else ("Arson has not been excluded" / "The cause of the fire has not been
# determined"); only a pair the other rules leave without a conflict is lifted. On the
# FEVER-Symmetric dev pairs with nothing to compare it turned 6 related pairs into supports: 4
# labelled SUPPORTS, 2 REFUTES with one word swapped ("juniper berries" / "cranberries").
SAME_MEANING_COSINE = 0.75

_REFUTING_KINDS = frozenset(
    {"quantity", "date", "ordinal", "negation", "antonym", "roles", "place"}
)
_OTHER_EVENT_KINDS = frozenset({"actor", "direction", "referent"})
_AGREEING_KINDS = frozenset({"quantity", "date", "ordinal", "polarity"})

StanceLabel = Literal["supports", "conflicts", "related"]


class Judged(Protocol):
    """A stance with its reasons: a StanceResult, or the Match a check shows."""

    @property
    def stance(self) -> str: ...

    @property
    def reasons(self) -> list[Reason]: ...


def agrees_on_a_figure(judged: Judged) -> bool:
    """It supports the statement, and a figure of it agrees with the statement's."""
    return judged.stance == "supports" and any(
        r.kind == "quantity" and r.effect == "supports" for r in judged.reasons
    )


class StanceResult(msgspec.Struct, frozen=True):
    stance: StanceLabel
    hedged: bool
    reasons: list[Reason]
    # A figure of each side counts the same thing, by a class of data/frames.json in common
    # (figure_anchors): "about 5,000 fans" and "a crowd of 52,114".
    counts_alike: bool = False


def _decide(
    reasons: list[Reason],
    topic: Topic,
    relevance: float,
    *,
    polarity_differs: bool,
    anchored: bool,
    dated: bool = False,
    periods_apart: bool = False,
    same_meaning: bool = False,
) -> StanceLabel:
    agreeing_figures = sum(r.kind == "quantity" and r.effect == "supports" for r in reasons)
    on_topic = (
        topic.coverage >= ON_TOPIC_COVERAGE
        or relevance >= ON_TOPIC_RELEVANCE
        or agreeing_figures >= 2  # two figures that agree are no coincidence
        or anchored  # a figure counting the same thing in the same words
    )
    if any(r.kind in _OTHER_EVENT_KINDS for r in reasons):
        return "related"
    if _another_period(reasons) or (periods_apart and _figures_disagree(reasons)):
        return "related"
    if any(r.kind == "modality" for r in reasons):
        return "related"  # the report only says it may happen: no evidence either way
    if on_topic and any(r.effect == "conflicts" and r.kind in _REFUTING_KINDS for r in reasons):
        return "conflicts"
    if topic.substituted or polarity_differs or any(r.kind == "unit" for r in reasons):
        return "related"
    if any(r.kind in {"quantity", "modality"} and r.effect == "neutral" for r in reasons):
        return "related"  # the statement's figure is its point, and the report lacks it
    agrees = any(r.effect == "supports" and r.kind in _AGREEING_KINDS for r in reasons)
    if agrees and on_topic:
        return "supports"
    if dated:
        return "related"  # the statement's date is its point, and the report does not give it
    if same_meaning and not topic.missing_entities:
        return "supports"  # "meaning" below
    if topic.coverage >= SUPPORT_COVERAGE or (on_topic and relevance >= SUPPORT_RELEVANCE):
        return "supports"
    return "related"


def _same_meaning(similarity: float | None, statement: Analysis, claim: Analysis) -> bool:
    """Nothing to compare on either side, and the embeddings say the two say one thing."""
    return (
        similarity is not None
        and similarity >= SAME_MEANING_COSINE
        and not (statement.quantities or statement.dates or claim.quantities or claim.dates)
    )


def _names_kept(pair: Pair) -> bool:
    """No name of the statement replaced by another: the embeddings hardly tell "the Harwick
    footbridge" from "the Orme Lane footbridge". A claim that names nothing is about what its
    report is about, and the referent rule has read its title."""
    known = pair.known_names
    mine = [n for n in find_names(pair.statement, known) if n.sure]
    theirs = [n for n in find_names(pair.claim, known) if n.sure]
    titled = find_names(pair.claim_title, known)
    missing = [n for n in mine if not mentioned(n, (*theirs, *titled))]
    other = [n for n in theirs if not mentioned(n, tuple(mine))]
    return not (missing and other)


def _another_period(reasons: list[Reason]) -> bool:
    """A figure beside another date or ordinal ("first quarter" vs "second quarter", 2025 vs
    2026) is the figure of another period: it neither contradicts nor bears out this one. So is
    a figure of something else ("revenue rose 2 percent in the first quarter" vs "costs of $150
    million, mostly in the third quarter"): the period is that figure's."""
    figures = any(r.kind in {"quantity", "unit"} for r in reasons)
    period = any(r.kind in {"date", "ordinal"} and r.effect == "conflicts" for r in reasons)
    return figures and period


def _figures_disagree(reasons: list[Reason]) -> bool:
    return any(r.kind == "quantity" and r.effect == "conflicts" for r in reasons)


def _topic_summary(topic: Topic, stance: StanceLabel) -> Reason:
    shared = ", ".join(topic.shared) or "nothing"
    message = f"topic: the report shares {shared}"
    if topic.missing:
        message += f"; it does not mention {', '.join(topic.missing)}"
    effect: Effect = "supports" if stance == "supports" else "neutral"
    return Reason(kind="topic", effect=effect, message=message)


def judge(
    statement: str,
    statement_analysis: Analysis,
    claim: str,
    claim_analysis: Analysis,
    *,
    relevance: float,
    claim_title: str | None = None,
    known_names: frozenset[str] = frozenset(),
    similarity: float | None = None,
    claim_context: str = "",
) -> StanceResult:
    """Weigh every rule's reasons for one statement/claim pair (see the module docstring).
    `similarity`: the cosine of the two sentences' embeddings, when semantic matching is on;
    `claim_context`: the other sentences of the claim's report that the check read."""
    pair = Pair(
        statement,
        statement_analysis,
        claim,
        claim_analysis,
        claim_title or "",
        known_names,
        claim_context,
    )
    topic = assess(pair)
    reasons = [found for rule in RULES for found in rule(pair)]
    reasons += topic_reasons(topic)
    # A denial of the opposite ("did not breach" for "held") says what the statement says.
    double_flip = any(r.kind == "polarity" and r.effect == "supports" for r in reasons)
    polarity_differs = statement_analysis.negated != claim_analysis.negated and not double_flip
    anchors = figure_anchors(pair)
    meaning = _same_meaning(similarity, statement_analysis, claim_analysis) and _names_kept(pair)
    stance = _decide(
        reasons,
        topic,
        relevance,
        polarity_differs=polarity_differs,
        anchored=anchors.same_words or dates_anchored(pair),
        # "the 2026 budget" names which budget; it is no date the report has to give.
        dated=any(label_of(statement, m) is None for m in statement_analysis.dates),
        periods_apart=periods_apart(pair),
        same_meaning=meaning,
    )
    if meaning and stance == "supports":
        reasons.append(
            reason(
                "meaning",
                "supports",
                f"the report says the same in other words (similarity {similarity:.2f})",
            )
        )
    if not any(r.kind in _REFUTING_KINDS | _AGREEING_KINDS | _OTHER_EVENT_KINDS for r in reasons):
        reasons.append(_topic_summary(topic, stance))
    return StanceResult(
        stance=stance,
        hedged=claim_analysis.hedged or statement_analysis.hedged,
        reasons=reasons,
        counts_alike=anchors.same_class,
    )
