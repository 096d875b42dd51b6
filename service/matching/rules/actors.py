"""Who does what to whom: another actor in the same role, or the roles swapped.

- direction: the statement's agent is the claim's target and its target the claim's agent
  ("Russia sent troops to North Korea" vs "North Korea sent troops to Russia");
- actor: both name an agent and a shared target, and neither side's agent appears anywhere
  in the other ("China is sending engineers to Russia" vs "North Korea to send engineers to
  Russia"); or both name the same agent and targets the other never names.
Without a shared target, two agents may be doing different things altogether ("Book Club
earned..." vs "released by Paramount Pictures"); the topic rule still keeps a claim that
names another actor instead from supporting.

Neither makes the report deny the statement: it says nothing about what China did. Both reasons
therefore argue against the statement (effect "conflicts") without making the match a
conflict; the match is at most related.
"""

from schemas.analysis import Analysis, Entity
from schemas.check import Reason
from service.matching.rules.pair import Pair, mentions, reason


def _named(analysis: Analysis, role: str) -> dict[str, Entity]:
    """Canonical name -> first mention, for one role."""
    found: dict[str, Entity] = {}
    for entity in analysis.entities:
        if entity.role == role:
            found.setdefault(entity.canonical, entity)
    return found


def _names(entities: dict[str, Entity]) -> str:
    return " and ".join(e.text for e in entities.values())


def _direction(
    s_agents: dict[str, Entity],
    s_targets: dict[str, Entity],
    c_agents: dict[str, Entity],
    c_targets: dict[str, Entity],
) -> Reason | None:
    swapped = s_targets.keys() & c_agents.keys()
    if not swapped or not (s_agents.keys() & c_targets.keys() or not c_targets):
        return None
    report_side = f"report has {_names(c_agents)} sending"
    if c_targets:
        report_side += f" to {_names(c_targets)}"
    return reason(
        "direction",
        "conflicts",
        f"statement has {_names(s_agents)} sending to {_names(s_targets)}, {report_side}",
        next(iter(s_agents.values())).span,
        c_agents[next(iter(swapped))].span,
    )


def _first(entities: dict[str, Entity]) -> Entity:
    return next(iter(entities.values()))


def actor_reasons(pair: Pair) -> list[Reason]:
    statement, claim = pair.statement_analysis, pair.claim_analysis
    s_agents, s_targets = _named(statement, "agent"), _named(statement, "target")
    c_agents, c_targets = _named(claim, "agent"), _named(claim, "target")
    if not s_agents or not c_agents:
        return []
    if not s_agents.keys() & c_agents.keys():
        if direction := _direction(s_agents, s_targets, c_agents, c_targets):
            return [direction]
        same_actors_elsewhere = any(
            mentions(pair.claim, claim, e) for e in s_agents.values()
        ) or any(mentions(pair.statement, statement, e) for e in c_agents.values())
        if same_actors_elsewhere or not s_targets.keys() & c_targets.keys():
            return []
        return [
            reason(
                "actor",
                "conflicts",
                f"statement names {_names(s_agents)} where the report names {_names(c_agents)}",
                _first(s_agents).span,
                _first(c_agents).span,
            )
        ]
    if (
        s_targets
        and c_targets
        and not s_targets.keys() & c_targets.keys()
        and not any(mentions(pair.claim, claim, e) for e in s_targets.values())
    ):
        return [
            reason(
                "actor",
                "conflicts",
                f"statement names {_names(s_targets)} as the target where the report names "
                f"{_names(c_targets)}",
                _first(s_targets).span,
                _first(c_targets).span,
            )
        ]
    return []
