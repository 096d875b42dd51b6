"""Dates and ordinals compare at the granularity both sides give (rules.dates, rules.ordinals)."""

from datetime import date

import msgspec

from schemas.analysis import Analysis, DateKind, DateMention, Ordinal, Span
from service.matching.rules import Pair
from service.matching.rules.dates import date_reasons
from service.matching.rules.dates import meets as meets_in
from service.matching.rules.ordinals import ordinal_reasons
from service.matching.rules.topic import assess
from service.matching.stance import ON_TOPIC_COVERAGE, StanceResult, judge
from service.text.analyse import analyse


def mention(
    text: str,
    kind: DateKind = "day",
    *,
    month: int | None = None,
    day: int | None = None,
    year: int | None = None,
    start: str | None = None,
    end: str | None = None,
) -> DateMention:
    return DateMention(
        text=text,
        span=Span(0, len(text)),
        kind=kind,
        start=start,
        end=end,
        month=month,
        day=day,
        year=year,
    )


def ordinal(text: str, value: int, noun: str) -> Ordinal:
    return Ordinal(text=text, value=value, span=Span(0, len(text)), noun=noun)


def at(date: DateMention, start: int) -> DateMention:
    """The same mention placed at `start` in a longer text."""
    return msgspec.structs.replace(date, span=Span(start, start + len(date.text)))


def meets(a: DateMention, b: DateMention) -> bool | None:
    """Compare two mentions standing alone (each span covers its own text)."""
    return meets_in(a, a.text, b, b.text)


SEPT_10 = mention("September 10", month=9, day=10, start="2023-09-10", end="2023-09-10")
SEPT_19 = mention("September 19", month=9, day=19, start="2025-09-19", end="2025-09-19")


def test_different_days_of_one_month_conflict() -> None:
    assert meets(SEPT_19, SEPT_10) is False


def test_a_filled_in_year_does_not_decide() -> None:
    # Both say September 10; the analyser resolved them against different reference dates.
    other_year = mention("September 10", month=9, day=10, start="2025-09-10", end="2025-09-10")
    assert meets(SEPT_10, other_year) is True


def test_a_day_inside_a_month_agrees() -> None:
    june = mention("June", "month", month=6)
    assert meets(mention("June 4", month=6, day=4), june) is True


def test_first_week_of_february_conflicts_with_march() -> None:
    week = mention(
        "first week of February", "period", month=2, start="2025-02-01", end="2025-02-07"
    )
    march = mention("March", "month", month=3)
    assert meets(week, march) is False
    assert meets(week, mention("February 27th", month=2, day=27)) is False
    assert meets(week, mention("February", "month", month=2)) is True


Y1992 = mention("1992", "year", year=1992, start="1992-01-01", end="1992-12-31")
Y2000 = mention("2000", "year", year=2000, start="2000-01-01", end="2000-12-31")


def test_written_years_compare_on_the_calendar() -> None:
    y2012 = mention("2012", "year", year=2012, start="2012-01-01", end="2012-12-31")
    feb_2015 = mention(
        "February 2015", "month", month=2, year=2015, start="2015-02-01", end="2015-02-28"
    )
    assert meets(y2012, feb_2015) is False
    assert meets(Y1992, Y2000) is False


def test_before_and_after_open_a_date_to_one_side() -> None:
    assert meets_in(at(Y2000, 7), "before 2000", Y1992, "1992") is True
    assert meets_in(at(Y2000, 6), "after 2000", Y1992, "1992") is False
    april_8 = mention("April 8", month=4, day=8)
    april_6 = mention("April 6", month=4, day=6)
    assert meets_in(at(april_8, 6), "after April 8", april_6, "April 6") is False
    assert meets_in(at(april_8, 3), "by April 8", april_6, "April 6") is True
    assert meets_in(at(april_6, 7), "before April 6", april_6, "April 6") is False


def test_two_beginnings_compare_as_they_are() -> None:
    # "since 2005" alone reaches 2015; as the start of the same tenure, 2005 is not 2015.
    y2015 = mention("2015", "year", year=2015, start="2015-01-01", end="2015-12-31")
    y2005 = mention("2005", "year", year=2005, start="2005-01-01", end="2005-12-31")
    since = "mayor since 2005"
    served = "served from 2015 until 2020"
    assert meets_in(at(y2005, since.index("2005")), since, y2015, "2015") is True
    assert meets_in(at(y2005, since.index("2005")), since, at(y2015, 12), served) is False


def test_a_possessive_date_names_its_event_rather_than_a_bound() -> None:
    # "after Monday's vote": the vote was on Monday; nothing is said of days after it.
    april_6 = mention("April 6", month=4, day=6)
    text = "Shares rallied after April 6's vote"
    assert meets_in(at(april_6, text.index("April")), text, april_6, "April 6") is True
    curly = "Shares rallied after April 6\u2019s vote"
    assert meets_in(at(april_6, curly.index("April")), curly, april_6, "April 6") is True
    plain = "Shares rallied after April 6"
    assert meets_in(at(april_6, plain.index("April")), plain, april_6, "April 6") is False


def test_a_range_known_only_by_its_start_runs_on_from_it() -> None:
    october = mention("from October 8 to 13", "range", month=10, day=8)
    assert meets(october, mention("October 13", month=10, day=13)) is True
    assert meets(october, mention("September 30", month=9, day=30)) is False


def test_relative_dates_are_not_compared() -> None:
    assert meets(mention("last week", "relative"), SEPT_10) is None


def test_date_reason_quotes_both_dates() -> None:
    p = Pair(
        "He left on September 19",
        Analysis(dates=[SEPT_19]),
        "On September 10, he left",
        Analysis(dates=[SEPT_10]),
    )
    found = date_reasons(p)
    assert [(r.kind, r.effect) for r in found] == [("date", "conflicts")]
    assert found[0].message == "date: statement says September 19, report says September 10"


def test_one_agreeing_date_outweighs_an_incidental_other() -> None:
    summit = mention("September 13", month=9, day=13)
    p = Pair(
        "summit on September 13",
        Analysis(dates=[summit]),
        "asked on September 10 ahead of the September 13 summit",
        Analysis(dates=[SEPT_10, summit]),
    )
    assert [r.effect for r in date_reasons(p)] == ["supports"]


def test_second_visit_conflicts_with_first_trip() -> None:
    p = Pair(
        "his second visit",
        Analysis(ordinals=[ordinal("second visit", 2, "visit")]),
        "his first trip",
        Analysis(ordinals=[ordinal("first trip", 1, "trip")]),
    )
    found = ordinal_reasons(p)
    assert [(r.kind, r.effect) for r in found] == [("ordinal", "conflicts")]
    assert found[0].message == "ordinal: statement says second visit, report says first trip"


def test_second_time_agrees_with_second_trip() -> None:
    p = Pair(
        "for the second time",
        Analysis(ordinals=[ordinal("second time", 2, "time")]),
        "his second trip",
        Analysis(ordinals=[ordinal("second trip", 2, "trip")]),
    )
    assert [r.effect for r in ordinal_reasons(p)] == ["supports"]


def test_ordinals_on_unrelated_nouns_are_not_compared() -> None:
    p = Pair(
        "the second phase",
        Analysis(ordinals=[ordinal("second phase", 2, "phase")]),
        "his first visit",
        Analysis(ordinals=[ordinal("first visit", 1, "visit")]),
    )
    assert ordinal_reasons(p) == []


def test_a_weekday_compares_with_the_day_a_report_resolved() -> None:
    import datetime as dt

    from service.matching.stance import judge
    from service.text.analyse import analyse

    claim = "The ferry sank off Alden at about 4am on Wednesday, the coastguard said."
    claim_analysis = analyse(claim, dt.date(2025, 3, 6))  # a Thursday: Wednesday is 5 March
    wrong = "The ferry sank off Alden on Tuesday."
    result = judge(wrong, analyse(wrong), claim, claim_analysis, relevance=80)
    assert any(r.kind == "date" and r.effect == "conflicts" for r in result.reasons)
    right = "The ferry sank off Alden on Wednesday."
    result = judge(right, analyse(right), claim, claim_analysis, relevance=80)
    assert any(r.kind == "date" and r.effect == "supports" for r in result.reasons)


def test_a_date_of_another_event_in_the_story_is_not_compared() -> None:
    from service.matching.stance import judge
    from service.text.analyse import analyse

    statement = "The Orbis-7 probe landed near the crater rim on March 4."
    claim = "The Vega rocket lifted off early on February 13 from Kourou with its payload."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=80)
    assert not any(r.kind == "date" for r in result.reasons)


def test_an_expected_date_does_not_refute_the_date_it_happened() -> None:
    from service.matching.stance import judge
    from service.text.analyse import analyse

    statement = "The Velmara bridge reopened to traffic on June 2."
    claim = "The Velmara bridge could reopen to traffic on May 28, engineers said."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=80)
    assert not any(r.kind == "date" and r.effect == "conflicts" for r in result.reasons)


def test_a_date_of_last_year_does_not_meet_a_date_with_no_year() -> None:
    import datetime as dt

    from service.matching.stance import judge
    from service.text.analyse import analyse

    claim = "The councils mark the anniversary of the pact signed in May of last year."
    claim_analysis = analyse(claim, dt.date(2025, 5, 20))
    statement = "The mayor visited Rovna on May 14."
    result = judge(statement, analyse(statement), claim, claim_analysis, relevance=90)
    assert not any(r.kind == "date" for r in result.reasons)
    assert result.stance == "related"  # the statement's date is its point; the report lacks it


def test_a_date_of_another_listed_event_is_not_compared() -> None:
    from service.matching.stance import judge
    from service.text.analyse import analyse

    statement = "Former mayor Ines Duarte was arrested on March 3 on fraud charges."
    claim = "The fraud trial of former mayor Ines Duarte opened on March 9 in Rovna."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=80)
    assert not any(r.kind == "date" for r in result.reasons)


def judged_on(statement: str, claim: str, published: str) -> StanceResult:
    return judge(
        statement,
        analyse(statement),
        claim,
        analyse(claim, date.fromisoformat(published)),
        relevance=30,
    )


def test_the_day_something_was_said_is_not_the_day_it_happened() -> None:
    # The bridge reopened on the 2nd; the ministry said so on Friday the 5th.
    result = judged_on(
        "The Harl bridge reopened on March 2.",
        "The ministry said on Friday that the Harl bridge had reopened.",
        "2027-03-05",
    )
    assert not [r for r in result.reasons if r.kind == "date"]
    later = judged_on(
        "The Harl bridge reopened on March 2.",
        "The Harl bridge reopened on Friday, the transport ministry said.",
        "2027-03-05",
    )
    assert [r.effect for r in later.reasons if r.kind == "date"] == ["conflicts"]


def test_a_weekday_before_its_date_is_compared_as_the_date() -> None:
    result = judged_on(
        "The Harl bridge reopened on Tuesday, March 2.",
        "The Harl bridge reopened by Friday, the ministry said.",
        "2027-03-05",
    )
    # "by Friday" reaches back over March 2 (the weekday alone would have said Tuesday !=
    # Friday), so it holds the date without bearing it out.
    assert [r.message for r in result.reasons if r.kind == "date"] == [
        "date: statement says March 2, report says only by Friday"
    ]


def test_a_bound_holds_a_date_but_does_not_bear_it_out() -> None:
    # "by Saturday" fits the statement's day, and any day before it: no evidence of the day.
    result = judged_on(
        "The Tern Valley dam was finished on Thursday, May 6.",
        "The Tern Valley dam had been finished by Saturday, the engineers' union said.",
        "2027-05-10",
    )
    assert [(r.effect, r.message) for r in result.reasons if r.kind == "date"] == [
        ("neutral", "date: statement says May 6, report says only by Saturday")
    ]
    assert result.stance == "related"
    # A day inside the statement's bound bears the bound out, and a later one refutes it.
    within = judged_on(
        "The Tern Valley dam was finished by May 9.",
        "The Tern Valley dam was finished on Thursday, May 6.",
        "2027-05-10",
    )
    assert [r.effect for r in within.reasons if r.kind == "date"] == ["supports"]
    after = judged_on(
        "The Tern Valley dam was finished by May 4.",
        "The Tern Valley dam was finished on Thursday, May 6.",
        "2027-05-10",
    )
    assert [r.effect for r in after.reasons if r.kind == "date"] == ["conflicts"]


def test_a_date_of_the_same_event_puts_a_pair_on_topic() -> None:
    # Few words in common, but both tell when the ferry sailed: the dates may disagree.
    statement = "The Morna sailed on Monday, April 12, as the island council had first planned."
    claim = "After two days of gales the Morna finally sailed on Wednesday."
    pair = Pair(statement, analyse(statement), claim, analyse(claim, date(2027, 4, 15)), "")
    assert assess(pair).coverage < ON_TOPIC_COVERAGE
    assert judged_on(statement, claim, "2027-04-15").stance == "conflicts"


def test_a_year_that_names_a_thing_is_no_date() -> None:
    same = judged_on(
        "Velland's 2027 budget cuts the school meals programme.",
        "Lawmakers approved the 2027 budget on Thursday after a long debate.",
        "2026-11-20",
    )
    assert not [r for r in same.reasons if r.kind == "date"]
    other = judged_on(
        "Velland's 2027 budget cuts the school meals programme.",
        "Velland's 2026 budget cut the school meals programme by a third.",
        "2025-11-20",
    )
    assert other.stance == "related"
    (found,) = [r for r in other.reasons if r.kind == "referent"]
    assert "2026 budget" in found.message


def test_a_year_label_is_no_date_the_report_must_give() -> None:
    # The report says what the statement says of "the 2027 budget" without naming the year.
    result = judged_on(
        "The school meals programme is not part of Velland's 2027 budget.",
        "The budget does not include the school meals programme that Velland promised.",
        "2026-11-20",
    )
    assert result.stance == "supports"


def test_a_month_holds_a_day_but_does_not_bear_it_out() -> None:
    result = judged_on(
        "The Harl bridge reopened on March 2.",
        "The Harl bridge reopened in March after a year of repairs.",
        "2027-04-01",
    )
    (found,) = [r for r in result.reasons if r.kind == "date"]
    assert (found.effect, found.message) == (
        "neutral",
        "date: statement says March 2, report says only March",
    )
    assert result.stance == "related"
    # The other way round the day bears the month out.
    result = judged_on(
        "The Harl bridge reopened in March.",
        "The Harl bridge reopened on March 2 after a year of repairs.",
        "2027-04-01",
    )
    assert result.stance == "supports"


def test_a_figure_of_a_day_and_one_of_a_stretch_are_of_different_periods() -> None:
    # 6 percent on one day and 30 percent over the year both hold.
    result = judged_on(
        "Brannock shares ended Tuesday's session 6% higher.",
        "Brannock shares have gained about 30 percent this year.",
        "2027-05-12",
    )
    assert any(r.kind == "quantity" and r.effect == "conflicts" for r in result.reasons)
    assert result.stance == "related"
    # Two figures of one day still disagree.
    result = judged_on(
        "Brannock shares ended Tuesday's session 6% higher.",
        "Brannock shares closed 9 percent higher on Tuesday.",
        "2027-05-12",
    )
    assert result.stance == "conflicts"
