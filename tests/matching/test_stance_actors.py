"""Another actor in the same role, or swapped roles, is not support (rules.actors)."""

from typing import Literal

from schemas.analysis import Analysis, Entity, Span
from service.matching.rules import Pair
from service.matching.rules.actors import actor_reasons

Role = Literal["agent", "target", "other"]


def entity(sentence: str, text: str, canonical: str, role: Role) -> Entity:
    start = sentence.index(text)
    return Entity(text=text, canonical=canonical, span=Span(start, start + len(text)), role=role)


def sends(sentence: str, agent: tuple[str, str], target: tuple[str, str]) -> Analysis:
    return Analysis(
        entities=[entity(sentence, *agent, "agent"), entity(sentence, *target, "target")]
    )


NK = ("North Korea", "north korea")
RU = ("Russia", "russia")


def test_another_agent_in_the_same_role_is_an_actor_reason() -> None:
    s = "China is sending 6,000 engineers to Russia."
    c = "North Korea to send 6,000 engineers to Russia."
    found = actor_reasons(Pair(s, sends(s, ("China", "china"), RU), c, sends(c, NK, RU)))
    assert [(r.kind, r.effect) for r in found] == [("actor", "conflicts")]
    assert found[0].message == "actor: statement names China where the report names North Korea"
    assert found[0].statement_span == Span(0, 5)
    assert found[0].claim_span == Span(0, 11)


def test_swapped_roles_are_a_direction_reason() -> None:
    s = "Russia sent troops to North Korea."
    c = "North Korea sent troops to Russia."
    found = actor_reasons(Pair(s, sends(s, RU, NK), c, sends(c, NK, RU)))
    assert [(r.kind, r.effect) for r in found] == [("direction", "conflicts")]
    assert found[0].message == (
        "direction: statement has Russia sending to North Korea, "
        "report has North Korea sending to Russia"
    )


def test_the_same_agent_and_target_give_no_reason() -> None:
    s = "Pyongyang sent troops to Russia."
    c = "North Korea sent troops to Russia."
    assert (
        actor_reasons(Pair(s, sends(s, ("Pyongyang", "north korea"), RU), c, sends(c, NK, RU)))
        == []
    )


def test_another_target_for_the_same_agent_is_an_actor_reason() -> None:
    s = "North Korea sent troops to Ukraine."
    c = "North Korea sent troops to Russia."
    found = actor_reasons(Pair(s, sends(s, NK, ("Ukraine", "ukraine")), c, sends(c, NK, RU)))
    assert found[0].message == (
        "actor: statement names Ukraine as the target where the report names Russia"
    )


def test_a_claim_without_an_agent_gives_no_reason() -> None:
    s = "China is sending engineers to Russia."
    c = "Engineers are being sent to Russia."
    claim = Analysis(entities=[entity(c, "Russia", "russia", "target")])
    assert actor_reasons(Pair(s, sends(s, ("China", "china"), RU), c, claim)) == []


def test_agents_without_a_shared_target_are_left_to_the_topic_rule() -> None:
    s = "Book Club earned $83 million."
    c = "The film was released by Paramount Pictures."
    statement = Analysis(entities=[entity(s, "Book Club", "book club", "agent")])
    claim = Analysis(entities=[entity(c, "Paramount Pictures", "paramount pictures", "agent")])
    assert actor_reasons(Pair(s, statement, c, claim)) == []


def test_an_agent_named_elsewhere_in_the_claim_is_the_same_actor() -> None:
    s = "The Hidden World has over 243 reviews on Rotten Tomatoes."
    c = "On Rotten Tomatoes, the film holds 244 reviews of The Hidden World."
    statement = Analysis(
        entities=[
            entity(s, "Hidden World", "hidden world", "agent"),
            entity(s, "Rotten Tomatoes", "rotten tomatoes", "target"),
        ]
    )
    claim = Analysis(
        entities=[
            entity(c, "Rotten Tomatoes", "rotten tomatoes", "agent"),
            entity(c, "Hidden World", "hidden world", "target"),
        ]
    )
    assert [r.kind for r in actor_reasons(Pair(s, statement, c, claim))] != ["actor"]


def test_a_mistyped_name_is_still_the_same_actor() -> None:
    s = "Nrth Korea sent troops to Russia."
    c = "North Korean troops were sent to Russia by the regime."
    statement = sends(s, ("Nrth Korea", "nrth korea"), RU)
    claim = Analysis(
        entities=[
            entity(c, "North Korean", "north korea", "agent"),
            entity(c, "Russia", "russia", "target"),
        ]
    )
    assert actor_reasons(Pair(s, statement, c, claim)) == []
