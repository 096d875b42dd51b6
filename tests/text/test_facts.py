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
