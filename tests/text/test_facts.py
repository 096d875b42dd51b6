"""A statement of several facts is split into facts judged one by one."""

from service.text.facts import split_facts


def test_a_single_fact_stays_whole() -> None:
    statement = "The Velmara referendum passed with 54 percent of the vote."
    (fact,) = split_facts(statement)
    assert fact.text == statement


def test_a_later_fact_borrows_the_statement_subject() -> None:
    statement = "Typhoon Kalani flattened 300 homes and killed 12 people on Luzon."
    facts = split_facts(statement)
    assert [f.text for f in facts] == [
        "Typhoon Kalani flattened 300 homes",
        "Typhoon Kalani killed 12 people on Luzon.",
    ]
    # Spans point into the statement, for an editor to mark the part that is wrong.
    second = facts[1].span
    assert statement[second.start : second.end] == "killed 12 people on Luzon."


def test_a_fact_with_its_own_subject_keeps_it() -> None:
    statement = "Brightwell's sales rose 4 percent, and the retailer plans to open 30 stores."
    facts = split_facts(statement)
    assert len(facts) == 2
    assert "open 30 stores" in facts[1].text


def test_a_later_fact_borrows_what_leads_up_to_the_subject() -> None:
    # The opening date and place belong to both facts, not only to the first.
    statement = (
        "On March 3, in Tulsa, the Orland Council approved the levy and raised bus fares by 5%."
    )
    facts = split_facts(statement)
    assert [f.text for f in facts] == [
        "On March 3, in Tulsa, the Orland Council approved the levy",
        "On March 3, in Tulsa, the Orland Council raised bus fares by 5%.",
    ]
    assert statement[facts[1].span.start : facts[1].span.end] == "raised bus fares by 5%."


def test_a_fact_without_a_verb_borrows_the_first_verb() -> None:
    statement = "The mayor’s proposal called for 90 new buses and a 4 percent cut in fares."
    facts = split_facts(statement)
    assert [f.text for f in facts] == [
        "The mayor’s proposal called for 90 new buses",
        "The mayor’s proposal called for a 4 percent cut in fares.",
    ]


def test_a_clause_with_a_subject_of_its_own_borrows_nothing() -> None:
    statement = "The union asked for a 9 percent raise, while the employer offered three."
    facts = split_facts(statement)
    assert facts[1].text == "the employer offered three."


def test_a_possessive_pronoun_is_read_as_the_statement_name() -> None:
    statement = "Ravel was charged with fraud in 2019, and her lawyers filed 40 motions."
    assert split_facts(statement)[1].text == "Ravel's lawyers filed 40 motions."
    # A capitalised first word that is not surely a name yields to one that is.
    statement = "Auditors found 12 errors in Benton's accounts, and his office disputed nine."
    assert split_facts(statement)[1].text == "Benton's office disputed nine."


def test_a_fraction_is_one_figure_not_two_facts() -> None:
    statement = "The ferry sank two and a half hours after leaving Dover harbour."
    assert [f.text for f in split_facts(statement)] == [statement]
