"""An acronym and the name it shortens (service.text.acronyms)."""

from schemas.analysis import Span
from service.text.acronyms import (
    abbreviates,
    acronym_of,
    acronyms_in,
    shortened_around,
    spelled_out,
)


def span_of(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def test_a_name_written_out_is_found_for_its_acronym() -> None:
    text = "The National Transportation Safety Board opened an inquiry on Monday."
    assert spelled_out("ntsb", text)
    # Joiners stay inside the name; a country's capitals may lead it.
    assert spelled_out("dhsc", "Guidance from the Department of Health and Social Care changed.")
    assert spelled_out("fda", "The US Food and Drug Administration approved it.")
    assert spelled_out("usfda", "The US Food and Drug Administration approved it.")


def test_an_acronym_shortens_the_whole_name_or_its_end_never_its_start() -> None:
    text = "The National Transportation Safety Board opened an inquiry."
    assert not spelled_out("nts", text)
    assert not spelled_out("tnts", text)  # the article is no initial
    # Names side by side are two names: punctuation or a lower-case word ends the run.
    assert not spelled_out("bfg", "Britain, France and Germany signed the accord.")
    assert not spelled_out("rsa", "Russia signed an accord with South Africa.")


def test_the_acronyms_of_the_name_around_a_word() -> None:
    text = "The World Anti-Doping Agency suspended the sprinter."
    assert "wada" in shortened_around(text, span_of(text, "World Anti-Doping"))
    assert shortened_around(text, span_of(text, "sprinter")) == set()


def test_acronyms_are_three_to_six_capitals() -> None:
    assert acronym_of("NTSB") == "ntsb"
    assert acronym_of("US") is None  # two letters match too many names by chance
    assert acronym_of("Nasa") is None
    assert acronyms_in("Both WADA and the IOC said so, the BBC reported.") == {
        "wada",
        "ioc",
        "bbc",
    }


def test_a_word_abbreviates_a_name_either_way() -> None:
    statement = "The NTSB found 14 faults."
    claim = "The National Transportation Safety Board found 14 faults."
    assert abbreviates("NTSB", span_of(statement, "NTSB"), statement, claim)
    assert abbreviates("Safety", span_of(claim, "Safety"), claim, statement)
    assert not abbreviates("faults", span_of(claim, "faults"), claim, statement)
    assert not abbreviates("NTSB", span_of(statement, "NTSB"), statement, "The rail board met.")


def test_a_term_written_out_in_lower_case_is_found_for_its_acronym() -> None:
    assert spelled_out("gdp", "a deficit of 3.5 percent of gross domestic product")
    assert spelled_out("vat", "The levy joins the value-added tax on fuel.")
    # Every word counts, articles and joiners never: "the tax office" shortens to no "tto".
    assert not spelled_out("tto", "He wrote to the tax office.")
    assert not spelled_out("gdp", "gross product of the domestic sector")
