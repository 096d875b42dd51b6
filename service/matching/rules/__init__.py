"""Stance rules. Each takes the statement/claim pair and returns reasons; the orchestrator in
service.matching.stance weighs them. One module per family of evidence.
"""

from collections.abc import Callable

from schemas.check import Reason
from service.matching.rules.actors import actor_reasons
from service.matching.rules.dates import date_reasons
from service.matching.rules.hedges import hedge_reasons
from service.matching.rules.modality import modality_reasons
from service.matching.rules.ordinals import ordinal_reasons
from service.matching.rules.pair import Pair
from service.matching.rules.places import place_reasons
from service.matching.rules.polarity import polarity_reasons
from service.matching.rules.quantities import quantity_reasons
from service.matching.rules.referents import referent_reasons
from service.matching.rules.roles import role_reasons

Rule = Callable[[Pair], list[Reason]]

# Order is the order reasons are shown in: figures and dates first, as journalists look there.
RULES: tuple[Rule, ...] = (
    referent_reasons,
    quantity_reasons,
    date_reasons,
    ordinal_reasons,
    polarity_reasons,
    actor_reasons,
    role_reasons,
    place_reasons,
    modality_reasons,
    hedge_reasons,
)

__all__ = ["RULES", "Pair", "Rule"]
