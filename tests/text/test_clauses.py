"""Clauses: the stretch of words a figure or a hedge belongs to."""

from service.text.clauses import clause_of, clauses


def parts(text: str) -> list[str]:
    return [text[s.start : s.end].strip() for s in clauses(text)]


def test_and_before_a_verb_starts_a_clause() -> None:
    text = "The landslide buried 12 homes and damaged 40 more in the valley."
    assert parts(text) == ["The landslide buried 12 homes", "and damaged 40 more in the valley."]


def test_and_between_nouns_does_not() -> None:
    assert len(clauses("Police seized rifles and ammunition at the border.")) == 1


def test_a_comma_inside_a_place_does_not_end_a_clause() -> None:
    text = "The ferry sank near Alden, Norway, at dawn with 40 passengers aboard."
    assert len(clauses(text)) == 1


def test_comma_before_a_conjunction_or_participle_ends_one() -> None:
    text = "Turnout reached 61 percent, down from 67 percent, sparing the party a defeat."
    assert parts(text) == [
        "Turnout reached 61 percent,",
        "down from 67 percent,",
        "sparing the party a defeat.",
    ]


def test_clause_of_finds_the_clause_of_a_position() -> None:
    text = "The dam held; the levee broke."
    assert text[clause_of(text, text.index("levee")).start :].strip() == "the levee broke."


def test_and_before_a_gerund_noun_does_not_start_a_clause() -> None:
    assert len(clauses("The firm expects severance and restructuring costs of $9m.")) == 1
