"""Ordinals on the same noun: "second visit" vs "first trip" conflict, "second time" vs
"second trip" agree (visit ≈ trip ≈ time, from the unit groups). An ordinal without a noun
("the third in three months") is not compared: there is nothing to say what it counts. Nor
is one in a clause about another event ("costs ... mostly in the third quarter" says nothing of
a loss "in the second quarter").
"""

from schemas.check import Effect, Reason
from service.matching.rules.frames import event_words, other_events
from service.matching.rules.pair import Pair, reason
from service.matching.units import same_noun_group


def ordinal_reasons(pair: Pair) -> list[Reason]:
    found: list[Reason] = []
    for ordinal in pair.statement_analysis.ordinals:
        mine = event_words(pair.statement, pair.statement_analysis, ordinal.span)
        same_noun = [
            o
            for o in pair.claim_analysis.ordinals
            if same_noun_group(ordinal.noun, o.noun)
            and not other_events(mine, event_words(pair.claim, pair.claim_analysis, o.span))
        ]
        if not same_noun:
            continue
        equal = [o for o in same_noun if o.value == ordinal.value]
        effect: Effect = "supports" if equal else "conflicts"
        other = equal[0] if equal else same_noun[0]
        found.append(
            reason(
                "ordinal",
                effect,
                f"statement says {ordinal.text}, report says {other.text}",
                ordinal.span,
                other.span,
            )
        )
    return found
