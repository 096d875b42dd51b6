"""Claim extraction and check-worthiness: checkable statements in, questions and opinions out."""

import pytest

from service.text.checkworthiness import checkworthiness, checkworthiness_features
from service.text.claims import (
    DEFAULT_MIN_CHECKWORTHINESS,
    ExtractedClaim,
    checkworthy_sentences,
    extract_claims,
)


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea to send 6,000 military engineers to Russia.",
        "Troops comprise 5,000 construction workers and 1,000 sappers.",
        "The central bank raised its key rate to 4.5% on Thursday.",
        "Prime Minister Jane Doe met the Chinese delegation in Geneva.",
        "According to the ministry, two ships were seized last week.",
        "Unemployment fell below five percent for the first time since 2019.",
    ],
)
def test_statements_with_figures_actors_or_attribution_are_claims(sentence: str) -> None:
    assert checkworthiness(sentence) >= DEFAULT_MIN_CHECKWORTHINESS
    assert [claim.text for claim in checkworthy_sentences(sentence)] == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Is North Korea sending 6,000 engineers to Russia?",
        "Did the ministry really confirm the 4,000 figure?",
        "I think the government will send 5,000 more troops.",
        "We believe the Kremlin made a serious mistake in 2022.",
        "You should read the full NATO report before judging.",
        "Key Takeaways",
        "Synopsis",
        "Strengthening Ties",
        "Naturally, they are talking.",
        "Click here to subscribe to our newsletter.",
        "Share on Twitter",
        "We use cookies to help you navigate efficiently and perform certain functions.",
    ],
)
def test_questions_opinions_labels_and_boilerplate_are_not_claims(sentence: str) -> None:
    assert checkworthiness(sentence) < DEFAULT_MIN_CHECKWORTHINESS
    assert checkworthy_sentences(sentence) == []


def test_a_question_scores_at_most_a_tenth_however_many_figures_it_holds() -> None:
    assert checkworthiness("Did 6,000 troops from North Korea reach Kursk on June 4?") <= 0.1


def test_an_opinion_scores_at_most_a_fifth() -> None:
    assert (
        checkworthiness("I believe 6,000 troops from North Korea reached Kursk on June 4.") <= 0.2
    )


def test_features_name_what_the_score_is_made_of() -> None:
    features = checkworthiness_features(
        "The NIS said North Korea sent 1,500 soldiers to Russia on October 8."
    )
    assert features.has_verb
    assert features.figures
    assert features.dates
    assert features.attribution
    assert features.event
    assert features.actors == 3  # NIS, North Korea, Russia; "October" is a date
    assert not features.question
    assert not features.opinion
    assert not features.imperative


def test_a_lone_capitalised_first_word_is_not_an_actor() -> None:
    assert checkworthiness_features("Troops comprise construction workers.").actors == 0
    assert checkworthiness_features("North Korean workers are punctual.").actors == 1


def test_may_the_month_is_a_date_and_may_the_verb_is_not() -> None:
    assert checkworthiness_features("The treaty was signed in May by both sides.").dates
    assert not checkworthiness_features("The treaty may be signed by both sides.").dates


def test_share_prices_fell_is_a_statement_not_an_imperative() -> None:
    assert not checkworthiness_features("Share prices fell 5% on Monday.").imperative
    assert checkworthiness_features("Share this story with your friends.").imperative


def test_a_run_on_scores_lower_than_the_same_content_in_one_sentence() -> None:
    core = "The ministry said 4,000 soldiers were sent to the border on Monday"
    padding = ", and the weather was cold and the roads were long and the people were tired" * 8
    assert checkworthiness(core + padding + ".") < checkworthiness(core + ".")


def test_scores_stay_between_zero_and_one() -> None:
    rich = (
        "According to the NIS, President Yoon said on June 4, 2024 that North Korea sent "
        "1,500 troops and 200 tanks to Russia's Kursk region."
    )
    assert 0.0 <= checkworthiness(rich) <= 1.0
    assert checkworthiness("") == 0.0


def test_extracted_claims_carry_verbatim_text_span_and_score() -> None:
    report = "Share on Twitter\n\nSeoul said 3,000 troops left on Friday.\n\nComments\n"
    claims = extract_claims(report)
    start = report.index("Seoul")
    assert claims == [
        ExtractedClaim(
            text="Seoul said 3,000 troops left on Friday.",
            start=start,
            end=start + 39,
            checkworthiness=claims[0].checkworthiness,
        )
    ]
    assert report[claims[0].start : claims[0].end] == claims[0].text


def test_a_headline_printed_twice_is_one_claim_at_its_first_place() -> None:
    headline = "Kim Jong-un holds a summit with Putin in Vladivostok."
    report = f"{headline}\n\n{headline}\n\nThe talks lasted 4 hours, Russian media reported."
    claims = extract_claims(report)
    assert [claim.text for claim in claims].count(headline) == 1
    assert claims[0].start == 0


def test_the_threshold_can_be_raised_or_lowered() -> None:
    report = "North Korean workers are punctual.\n\nSeoul said 3,000 troops left on Friday."
    assert len(extract_claims(report, min_checkworthiness=0.0)) == 2
    assert [c.text for c in extract_claims(report, min_checkworthiness=0.8)] == [
        "Seoul said 3,000 troops left on Friday."
    ]


def test_a_draft_paragraph_needs_no_article_structure() -> None:
    draft = "Comments\nThe ministry said 4,000 soldiers were sent. Was it 5,000? I think so."
    assert [claim.text for claim in checkworthy_sentences(draft)] == [
        "The ministry said 4,000 soldiers were sent."
    ]


def test_sentences_longer_than_a_statement_may_be_are_never_claims() -> None:
    sentence = "The ministry said " + ", ".join(["4,000 soldiers"] * 200) + " were sent."
    assert checkworthy_sentences(sentence) == []


def test_a_200000_character_report_extracts_with_its_claims_and_no_boilerplate() -> None:
    paragraph = (
        "Seoul, June 17 (NationPress) Reports indicate that North Korea is preparing to send "
        "approximately 6,000 military engineering personnel to Russia. Mr. Shoigu met Kim on "
        "June 4, according to TASS. Is it true? I think so.\n\nShare on Twitter\n\n"
    )
    report = (paragraph * (200_000 // len(paragraph) + 1))[:200_000]
    claims = extract_claims(report)
    assert len(claims) >= 2  # repeated sentences are one claim, at their first position
    assert all(report[c.start : c.end] == c.text for c in claims)
    assert not any("Share on" in c.text or c.text.startswith("Is it true") for c in claims)
