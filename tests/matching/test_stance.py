"""The orchestrator weighs the rules' reasons into one stance per statement/claim pair."""

from schemas.analysis import Analysis, Cue, Entity, Qualifier, Quantity, Span
from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse


def figure(
    sentence: str, text: str, value: float, unit: str, qualifier: Qualifier = "exact"
) -> Quantity:
    start = sentence.index(text)
    return Quantity(
        text=text,
        value=value,
        span=Span(start, start + len(text)),
        unit=unit,
        unit_text=text.rsplit(" ", 1)[-1],
        qualifier=qualifier,
    )


def agent(sentence: str, text: str, canonical: str) -> Entity:
    start = sentence.index(text)
    return Entity(text=text, canonical=canonical, span=Span(start, start + len(text)), role="agent")


def target(sentence: str, text: str, canonical: str) -> Entity:
    start = sentence.index(text)
    return Entity(
        text=text, canonical=canonical, span=Span(start, start + len(text)), role="target"
    )


STATEMENT = "North Korea sent 10,000 troops to Russia."
CLAIM = "North Korea sent around 10,000 soldiers to Russia."


def troops(
    sentence: str,
    text: str,
    value: float,
    qualifier: Qualifier = "exact",
    who: tuple[str, str] = ("North Korea", "north korea"),
) -> Analysis:
    return Analysis(
        quantities=[figure(sentence, text, value, text.rsplit(" ", 1)[-1].rstrip("s"), qualifier)],
        entities=[agent(sentence, *who), target(sentence, "Russia", "russia")],
    )


def test_an_agreeing_figure_on_the_same_topic_supports() -> None:
    result = judge(
        STATEMENT,
        troops(STATEMENT, "10,000 troops", 10_000),
        CLAIM,
        troops(CLAIM, "around 10,000 soldiers", 10_000, "about"),
        relevance=80,
    )
    assert result.stance == "supports"
    assert result.reasons[0].kind == "quantity"
    assert result.hedged is False


def test_a_disagreeing_figure_conflicts() -> None:
    s = "North Korea sent 50,000 troops to Russia."
    result = judge(
        s,
        troops(s, "50,000 troops", 50_000),
        CLAIM,
        troops(CLAIM, "around 10,000 soldiers", 10_000, "about"),
        relevance=80,
    )
    assert result.stance == "conflicts"
    assert result.reasons[0].message == (
        "quantity: statement says 50,000 troops, report says around 10,000 soldiers"
    )


def test_another_actor_with_the_same_figure_is_only_related() -> None:
    s = "China sent 10,000 troops to Russia."
    result = judge(
        s,
        troops(s, "10,000 troops", 10_000, who=("China", "china")),
        CLAIM,
        troops(CLAIM, "around 10,000 soldiers", 10_000, "about"),
        relevance=80,
    )
    assert result.stance == "related"
    assert "actor" in [r.kind for r in result.reasons]


def test_another_actor_with_another_figure_is_still_only_related() -> None:
    s = "China sent 50,000 troops to Russia."
    result = judge(
        s,
        troops(s, "50,000 troops", 50_000, who=("China", "china")),
        CLAIM,
        troops(CLAIM, "around 10,000 soldiers", 10_000, "about"),
        relevance=80,
    )
    assert result.stance == "related"


def test_a_figure_in_another_unit_is_only_related() -> None:
    s = "North Korea sent 10,000 tanks to Russia."
    result = judge(
        s,
        troops(s, "10,000 tanks", 10_000),
        CLAIM,
        troops(CLAIM, "around 10,000 soldiers", 10_000, "about"),
        relevance=80,
    )
    assert result.stance == "related"
    assert result.reasons[0].kind == "unit"


def test_a_figure_the_report_lacks_is_not_support() -> None:
    s = "North Korea sent 10,000 troops to Russia."
    c = "North Korea sent troops to Russia."
    claim = Analysis(
        entities=[agent(c, "North Korea", "north korea"), target(c, "Russia", "russia")]
    )
    result = judge(s, troops(s, "10,000 troops", 10_000), c, claim, relevance=90)
    assert result.stance == "related"


def test_shared_words_alone_support() -> None:
    s = "North Korean workers in Russia are described as punctual and serious."
    c = "They said North Korean workers are punctual and serious, Russian builders told us."
    result = judge(s, Analysis(), c, Analysis(), relevance=70)
    assert result.stance == "supports"
    assert result.reasons[-1].kind == "topic"
    assert result.reasons[-1].effect == "supports"


def test_unrelated_sentences_are_related_at_most() -> None:
    s = "The Great Barrier Reef is the largest coral reef system in the world."
    c = "North Korean workers are punctual and serious."
    result = judge(s, Analysis(), c, Analysis(), relevance=10)
    assert result.stance == "related"


def test_a_negation_off_topic_does_not_conflict() -> None:
    s = "Bitcoin did not reach a new high this week."
    c = "North Korean workers are punctual and serious."
    cue = Cue("not", Span(s.index("not"), s.index("not") + 3))
    result = judge(s, Analysis(negations=[cue], negated=True), c, Analysis(), relevance=5)
    assert result.stance == "related"


def test_a_negation_on_topic_conflicts() -> None:
    s = "North Korean workers are not punctual and serious."
    c = "North Korean workers are punctual and serious."
    cue = Cue("not", Span(s.index("not"), s.index("not") + 3))
    result = judge(s, Analysis(negations=[cue], negated=True), c, Analysis(), relevance=90)
    assert result.stance == "conflicts"
    assert result.reasons[0].kind == "negation"


def test_a_hedged_claim_is_marked_and_named() -> None:
    c = "Some 50,000 soldiers were reportedly dispatched to Ukraine."
    s = "Some 50,000 soldiers were dispatched to Ukraine."
    start = c.index("reportedly")
    claim = Analysis(
        quantities=[figure(c, "Some 50,000 soldiers", 50_000, "soldier", "about")],
        hedges=[Cue("reportedly", Span(start, start + 10))],
        hedged=True,
    )
    statement = Analysis(quantities=[figure(s, "Some 50,000 soldiers", 50_000, "soldier", "about")])
    result = judge(s, statement, c, claim, relevance=90)
    assert result.hedged is True
    assert result.stance == "supports"
    hedge = next(r for r in result.reasons if r.kind == "hedge")
    assert hedge.message == 'hedge: the report hedges ("reportedly dispatched to")'
    assert hedge.claim_span == Span(start, start + 10)


def test_a_claim_that_something_may_happen_neither_supports_nor_refutes_that_it_did() -> None:
    claim = "Some 50,000 soldiers may be dispatched to Ukraine if the war widens."
    result = judged("Some 50,000 soldiers were dispatched to Ukraine.", claim)
    assert result.stance == "related"
    assert any(r.kind == "modality" and "may" in r.message for r in result.reasons)
    assert judged("Some 90,000 soldiers were dispatched to Ukraine.", claim).stance == "related"
    # Both speculative: the forecast is compared like a fact.
    both = judged("Up to 50,000 soldiers could be dispatched to Ukraine.", claim)
    assert both.stance == "supports"


def test_a_place_the_report_never_names_blocks_support() -> None:
    s = "The partnership treaty was signed in Moscow in June."
    c = "The partnership treaty was signed in June in Pyongyang."
    statement = Analysis(
        entities=[
            Entity(
                text="Moscow",
                canonical="moscow",
                span=Span(s.index("Moscow"), s.index("Moscow") + 6),
            )
        ]
    )
    claim = Analysis(
        entities=[
            Entity(
                text="Pyongyang",
                canonical="north korea",
                span=Span(c.index("Pyong"), c.index("Pyong") + 9),
            )
        ]
    )
    result = judge(s, statement, c, claim, relevance=90)
    assert result.stance == "related"
    assert "topic: the report does not mention Moscow" in [r.message for r in result.reasons]


def judged(statement: str, claim: str, relevance: float = 70) -> StanceResult:
    """End to end: both sentences through the real analyser."""
    return judge(statement, analyse(statement), claim, analyse(claim), relevance=relevance)


REPORT = "The agency says North Korea has decided to send around 10,000 troops to Russia."


def test_end_to_end_synonym_units_and_qualifiers_support() -> None:
    assert judged("North Korea will send roughly 10,000 soldiers to Russia.", REPORT).stance == (
        "supports"
    )
    assert judged("Pyongyang is sending some ten thousand troops to Russia.", REPORT).stance == (
        "supports"
    )


def test_end_to_end_a_changed_figure_conflicts_with_a_journalists_reason() -> None:
    result = judged("North Korea will send 50,000 troops to Russia.", REPORT)
    assert result.stance == "conflicts"
    assert result.reasons[0].message == (
        "quantity: statement says 50,000 troops, report says around 10,000 troops"
    )


def test_end_to_end_another_actor_or_unit_is_not_support() -> None:
    assert judged("South Korea is sending 10,000 troops to Russia.", REPORT).stance == "related"
    assert judged("North Korea will send 10,000 tanks to Russia.", REPORT).stance == "related"


def test_end_to_end_swapped_direction_is_not_support() -> None:
    result = judged("Russia has decided to send around 10,000 troops to North Korea.", REPORT)
    assert result.stance == "related"
    assert "direction" in [r.kind for r in result.reasons]


def test_end_to_end_fewer_than_500_conflicts_with_over_4000() -> None:
    claim = "Officials said over 4,000 soldiers became casualties in the Kursk region."
    result = judged("Fewer than 500 soldiers became casualties in the Kursk region.", claim)
    assert result.stance == "conflicts"


def test_end_to_end_another_day_conflicts() -> None:
    claim = "On September 10, the leader boarded the train to Russia."
    result = judged("The leader boarded the train to Russia on September 19.", claim)
    assert result.stance == "conflicts"
    assert (
        result.reasons[0].message == "date: statement says September 19, report says September 10"
    )


def test_end_to_end_a_denial_conflicts_and_a_hedge_is_marked() -> None:
    claim = "Some 5,000 workers are reportedly being sent to the plant, officials said."
    assert judged("No workers are being sent to the plant.", claim).stance == "conflicts"
    hedged = judged("Some 5,000 workers are being sent to the plant.", claim)
    assert hedged.hedged is True
    assert hedged.stance == "supports"


def test_a_figure_for_a_qualified_part_of_the_troops_does_not_conflict() -> None:
    # "engineering personnel" are military engineers, a part of the troops: 6,000 of them is
    # no contradiction of 50,000 troops, though the bare noun "personnel" would be.
    result = judged(
        "North Korea sent 50,000 troops to Russia.",
        "North Korea is preparing to send approximately 6,000 military engineering personnel "
        "to Russia.",
    )
    assert result.stance == "related"
    assert (
        judged(
            "North Korea sent 50,000 personnel to Russia.",
            "North Korea has sent around 6,000 personnel to Russia.",
        ).stance
        == "conflicts"
    )


def _with_similarity(statement: str, claim: str, similarity: float) -> StanceResult:
    return judge(
        statement, analyse(statement), claim, analyse(claim), relevance=30, similarity=similarity
    )


def test_the_same_meaning_in_other_words_supports_when_nothing_can_be_compared() -> None:
    # Few shared words and a low search score: only the embeddings tell the two apart from
    # unrelated sentences (the cosine is given here; the checker takes it from the matcher).
    statement = "Nobody was hurt when the Harwick footbridge gave way."
    claim = "No injuries were reported after the Harwick footbridge collapse, the council said."
    found = _with_similarity(statement, claim, 0.81)
    assert found.stance == "supports"
    assert any(r.kind == "meaning" and r.effect == "supports" for r in found.reasons)
    assert _with_similarity(statement, claim, 0.70).stance == "related"
    assert judge(statement, analyse(statement), claim, analyse(claim), relevance=30).stance == (
        "related"
    )


def test_the_same_meaning_never_decides_figures_polarity_or_names() -> None:
    # A figure is for the figure rules to compare, however close the sentences.
    figures = _with_similarity(
        "Nine people were hurt when the Harwick footbridge gave way.",
        "No injuries were reported after the Harwick footbridge collapse.",
        0.85,
    )
    assert figures.stance != "supports"
    # One side denies, the other asserts.
    denied = _with_similarity(
        "The Harwick footbridge was reopened.",
        "The Harwick footbridge has not been reopened, the council said.",
        0.9,
    )
    assert denied.stance != "supports"
    # The statement names a place the claim does not.
    elsewhere = _with_similarity(
        "Nobody was hurt when the Harwick footbridge gave way.",
        "No injuries were reported after the Orme Lane footbridge collapse.",
        0.82,
    )
    assert elsewhere.stance != "supports"
