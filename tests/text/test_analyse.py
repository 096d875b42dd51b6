"""analyse(): one pass over a claim fills every part of Analysis, fast."""

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.analysis import Analysis, Attribution, Cue, DateMention, Entity, Ordinal, Quantity
from service.text.analyse import analyse

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_sentences() -> list[str]:
    return [
        sentence
        for path in sorted(SEEDS.glob("*.txt"))
        for sentence in path.read_text("utf-8").split(". ")
        if sentence.strip()
    ]


Spanned = Quantity | DateMention | Ordinal | Entity | Cue | Attribution


def spanned(result: Analysis) -> list[Spanned]:
    items: list[Spanned] = [*result.quantities, *result.dates, *result.ordinals]
    items += [*result.entities, *result.negations, *result.hedges]
    items += [result.attribution] if result.attribution else []
    return items


def test_a_seed_claim_is_analysed_in_full() -> None:
    text = "The NIS says that North Korea has decided to send around 10,000 troops to Russia."
    result = analyse(text)
    assert [(q.value, q.unit, q.qualifier) for q in result.quantities] == [
        (10_000, "troop", "about")
    ]
    assert [(e.canonical, e.role) for e in result.entities] == [
        ("nis", "other"),
        ("north korea", "agent"),
        ("russia", "target"),
    ]
    assert result.attribution is not None
    assert result.attribution.source == "NIS"
    assert not result.negated
    assert not result.hedged


def test_hedged_negated_and_dated_claim() -> None:
    text = (
        "With the June 19 anniversary approaching, Kim may visit Russia, "
        "and there have been no confirmed reports of such a trip."
    )
    result = analyse(text, dt.date(2025, 6, 17))
    assert [d.start for d in result.dates] == ["2025-06-19"]
    assert result.hedged
    assert result.negated
    assert result.attribution is None


def test_the_month_may_is_not_a_hedge() -> None:
    assert not analyse("North Korea sent troops in May 2024.").hedged


def test_ordinals_inside_dates_are_left_to_the_date() -> None:
    result = analyse("The deployment began in the first week of February.")
    assert result.ordinals == []
    assert [d.kind for d in result.dates] == ["period"]


def test_every_span_matches_its_text_on_the_seed_reports() -> None:
    for sentence in seed_sentences():
        result = analyse(sentence, dt.date(2025, 6, 17))
        for item in spanned(result):
            assert sentence[item.span.start : item.span.end] == item.text


@settings(max_examples=60)
@given(st.text(max_size=120))
def test_any_text_gives_a_consistent_analysis(text: str) -> None:
    result = analyse(text)
    assert isinstance(result, Analysis)
    for item in spanned(result):
        assert text[item.span.start : item.span.end] == item.text
