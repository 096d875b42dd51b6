"""Modality of what the two sides share: a report that something may happen neither bears out
nor refutes a statement that it happened ("Halcyon may sell its router business" vs "Halcyon
has sold its router business").

Figures carry their own clause's modality (rules.quantities); this rule reads the clauses of
the claim that hold the words it shares with the statement. When most of those words stand in
speculative clauses and the statement asserts, the pair gets a neutral `modality` reason, and
the stance is at most related.
"""

from schemas.analysis import Span
from schemas.check import Reason
from service.matching.rules.pair import Pair, reason
from service.matching.rules.words import content_words, key
from service.text.modality import clause_modality, kept_from_speculation


def modality_reasons(pair: Pair) -> list[Reason]:
    statement = clause_modality(pair.statement)
    if not kept_from_speculation(statement.whole(Span(0, len(pair.statement)))[0]):
        return []
    wanted = {key(w) for w in content_words(pair.statement)}
    shared = [w for w in content_words(pair.claim) if key(w) in wanted]
    if not shared:
        return []
    claim = clause_modality(pair.claim)
    figures = [q.span for q in pair.claim_analysis.quantities]
    readings = [claim.word_at(w.span, figures) for w in shared]
    speculative = [cue for kind, cue in readings if kind == "speculative"]
    if 2 * len(speculative) <= len(readings):
        return []
    return [
        reason(
            "modality",
            "neutral",
            f'the report only says it may happen ("{speculative[0]}")',
        )
    ]
