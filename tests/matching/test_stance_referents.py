"""Referents: a figure about one storm, budget or company says nothing about another."""

from datetime import date

from schemas.analysis import Analysis
from service.matching.rules.pair import Pair
from service.matching.rules.referents import referent_reasons
from service.matching.rules.topic import assess
from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse
from service.text.names import known_names


def judged(statement: str, claim: str, title: str = "") -> StanceResult:
    return judge(
        statement, analyse(statement), claim, analyse(claim), relevance=80, claim_title=title
    )


def as_checked(statement: str, claim: str, title: str, context: str = "") -> StanceResult:
    """As a check judges a pair: names known from the texts at hand ("Greyford" opening a
    sentence is a name), and the other sentences of the claim's report that it read."""
    return judge(
        statement,
        analyse(statement),
        claim,
        analyse(claim),
        relevance=80,
        claim_title=title,
        known_names=known_names([statement, claim, title, context]),
        claim_context=context,
    )


def test_the_same_figure_for_another_storm_is_not_support() -> None:
    result = judged(
        "Typhoon Kalani killed 12 people in the Philippines.",
        "Typhoon Merrow killed 12 people in Taiwan, officials said.",
    )
    assert result.stance == "related"
    (found,) = [r for r in result.reasons if r.kind == "referent"]
    assert "Typhoon Merrow" in found.message
    assert "Typhoon Kalani" in found.message


def test_another_company_with_the_same_figure_is_not_support() -> None:
    result = judged(
        "Brightwell's quarterly dividend rose 10 percent.",
        "Ostrava Foods raised its quarterly dividend by 10 percent.",
    )
    assert result.stance == "related"


def test_the_same_referent_by_a_shorter_name_still_counts() -> None:
    result = judged(
        "Brightwell cut 400 jobs in March.",
        "Brightwell Retail Group cut 400 jobs in March, the company said.",
    )
    assert result.stance == "supports"


def test_a_sentence_naming_nothing_is_about_its_report_title() -> None:
    statement = "Typhoon Kalani killed 12 people."
    claim = "The storm killed 12 people, officials said."
    assert judged(statement, claim, title="Typhoon Kalani batters Luzon").stance == "supports"
    other = judged(statement, claim, title="Typhoon Merrow batters Taiwan")
    assert other.stance == "related"


def test_a_pronoun_subject_is_no_referent_of_its_own() -> None:
    pair = Pair(
        "Velmara's turnout was 61 percent.",
        analyse("Velmara's turnout was 61 percent."),
        "It said turnout was 61 percent in Rovna Province.",
        Analysis(),
    )
    assert referent_reasons(pair) == []


def test_a_namesake_anywhere_in_the_sentence_is_another_referent() -> None:
    result = judged(
        "About 900 homes were flooded after Typhoon Kalani.",
        "About 900 homes were flooded in Rovna after Typhoon Merrow, officials said.",
    )
    assert result.stance == "related"
    assert any(r.kind == "referent" for r in result.reasons)


def test_a_name_of_another_kind_defers_to_the_report_title() -> None:
    statement = "The Orbis-7 mission cost about $300 million."
    claim = "Veltra Space put the cost of the mission at $300 million."
    assert judged(statement, claim, title="Veltra's Orbis-7 reaches orbit").stance == "supports"
    assert judged(statement, claim, title="Veltra Space wins a contract").stance == "related"


def test_a_company_reporting_its_own_figures_is_what_the_sentence_is_about() -> None:
    result = judged(
        "Brightwell's quarterly sales fell 4 percent to $2.1 billion.",
        "Ostrava Foods reported quarterly sales of $900 million, up 9 percent.",
    )
    assert result.stance == "related"
    assert any(r.kind == "referent" for r in result.reasons)


def test_the_source_of_a_sentence_is_no_namesake() -> None:
    # "Port Authority" shares "Port" with "Port Talbot", but it only speaks here.
    result = judged(
        "Port Talbot's steelworks cut 300 jobs in May.",
        "The steelworks cut 300 jobs in May, Port Authority officials said.",
        title="Port Talbot steelworks sheds jobs",
    )
    assert not [r for r in result.reasons if r.kind == "referent"]


def test_a_name_the_title_gives_is_not_missing_from_the_sentence() -> None:
    statement = "More than 900 firefighters were sent against the Alder Creek Fire."
    claim = "Over 900 firefighters were battling the blaze across rugged hills in Tolan County."
    untitled = judged(statement, claim)
    titled = judged(statement, claim, title="Alder Creek Fire doubles in size")
    assert untitled.stance == "related"
    assert titled.stance == "supports"
    # A place is where the event happened: a title naming it elsewhere does not say so.
    statement = "The fisheries pact was signed in Moscow in May."
    claim = "The fisheries pact was signed in Pyongyang in May, both governments said."
    assert judged(statement, claim).stance == "related"
    assert judged(statement, claim, title="Moscow and Pyongyang sign a pact").stance == "related"


def test_a_date_is_no_word_the_report_must_repeat() -> None:
    # "June 2" is the date rule's to compare (against "Monday", June 2 in a report of June 3).
    statement = "Ravel's inquiry opened on June 2 in Harl County Court."
    claim = "The inquiry led by Judge Ana Ravel opened on Monday in Harl County Court."
    pair = Pair(statement, analyse(statement), claim, analyse(claim, date(2025, 6, 3)), "")
    topic = assess(pair)
    assert "June" not in topic.missing
    assert "June" not in topic.shared
    assert topic.coverage == len(topic.shared) / (len(topic.shared) + len(topic.missing))


def test_a_surname_opening_the_statement_is_found_in_the_full_name() -> None:
    statement = "Okonkwo joined from Harbour City"
    claim = "Rivermouth have signed midfielder Daniel Okonkwo from Harbour City for a fee."
    topic = assess(Pair(statement, analyse(statement), claim, analyse(claim)))
    assert "Okonkwo" in topic.shared


def test_an_acronym_is_the_name_it_shortens() -> None:
    # "the NTSB" is the board the claim writes out: no other referent, and a shared term.
    statement = "The NTSB found 14 faults in the ferry's steering gear."
    claim = "The National Transportation Safety Board found 14 faults in the steering gear."
    result = judged(statement, claim)
    assert not any(r.kind == "referent" for r in result.reasons)
    assert result.stance == "supports"
    topic = assess(Pair(statement, analyse(statement), claim, analyse(claim)))
    assert "NTSB" in topic.shared
    # Another board's name is not shortened to it.
    other = "The National Rail Safety Board found 14 faults in the steering gear."
    assert "NTSB" in assess(Pair(statement, analyse(statement), other, analyse(other))).missing


def test_a_title_naming_the_subject_does_not_carry_a_stranger_the_statement_brings() -> None:
    # The report is on the match with Greyford; the statement is about the one with Kestrel
    # Town, which neither the sentence nor the title knows.
    claim = "Greyford had 61 percent of possession and nine corners."
    title = "Greyford edge Harlow Rovers at the Mill Lane ground"
    statement = (
        "Harlow Rovers dominated the ball against Kestrel Town, with 61 percent of possession."
    )
    result = as_checked(statement, claim, title)
    assert result.stance == "related"
    assert any(r.kind == "referent" for r in result.reasons)
    # A name the sentence gives as an acronym is no stranger ("GDP", "gross domestic product").
    tied = judged(
        "Veltra's Orbis-7 mission cost about 0.1 percent of GDP.",
        "Veltra Space put the mission's cost at 0.1 percent of gross domestic product.",
        title="Veltra's Orbis-7 reaches orbit",
    )
    assert tied.stance == "supports"


def test_a_sentence_naming_nothing_is_about_whom_its_report_names() -> None:
    # "Sales fell" names nobody; its report's title names another company, and the report's
    # other sentences the check read name that company and never the statement's.
    statement = "Brightwell's quarterly sales rose 6 percent to $2.1 billion."
    claim = "Sales fell 4 percent to $2.1 billion, hurt by weaker export orders."
    title = "Ostrava Foods swings to a loss"

    def stance(context: str) -> str:
        return as_checked(statement, claim, title, context).stance

    assert stance("Ostrava Foods reported a net loss of $40 million on Tuesday.") == "related"
    # A report whose other sentences name the statement's subject is about it.
    assert stance("Ostrava Foods said Brightwell's orders had slowed.") == "conflicts"
    # Nothing else read: the sentence may be about anyone the title does not rule out.
    assert stance("") == "conflicts"
