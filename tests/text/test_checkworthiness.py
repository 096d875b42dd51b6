"""How worth checking a sentence is: a transparent sum of features, clipped to 0..1."""

from service.text.checkworthiness import checkworthiness, checkworthiness_features


def test_an_attributed_dated_figure_of_an_event_is_fully_checkworthy() -> None:
    sentence = "North Korea has sent 10,000 troops to Russia, officials said on Monday."
    features = checkworthiness_features(sentence)
    assert (features.figures, features.dates, features.attribution, features.event) == (
        True,
        True,
        True,
        True,
    )
    assert checkworthiness(sentence) == 1.0


def test_a_figure_makes_a_sentence_more_worth_checking() -> None:
    with_figure = checkworthiness("North Korea has sent 10,000 troops to Russia.")
    without = checkworthiness("North Korea has sent troops to Russia.")
    assert with_figure > without > 0


def test_headings_exclamations_and_lead_ins_are_not_worth_checking() -> None:
    assert checkworthiness("Troops.") == 0.0
    assert checkworthiness("What a day!") == 0.0
    assert checkworthiness_features("Read more:").boilerplate
    assert checkworthiness("Read more:") == 0.0


def test_a_question_is_capped_low() -> None:
    sentence = "Is North Korea sending troops to Russia?"
    assert checkworthiness_features(sentence).question
    assert checkworthiness(sentence) <= 0.2


def test_a_denial_is_as_worth_checking_as_an_assertion() -> None:
    # Each would be left out at the default threshold (0.4) without its denial; a statement
    # saying the opposite is contradicted only if the report's denial was kept.
    for sentence in (
        "She did not attend the hearing in person.",
        "No casualties have been reported.",
        "The cause of the derailment has not been determined.",
    ):
        assert checkworthiness_features(sentence).denial
        assert checkworthiness(sentence) >= 0.4
    assert not checkworthiness_features("She attended the hearing in person.").denial
