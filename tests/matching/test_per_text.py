"""The statement side of the stance rules is worked out once a check, not once a claim."""

from schemas.analysis import Analysis
from service.matching.rules.pair import per_text


def test_the_same_objects_are_answered_from_memory_and_others_are_not() -> None:
    calls: list[str] = []

    @per_text
    def words(text: str, analysis: Analysis) -> list[str]:
        calls.append(text)
        return text.split()

    statement, analysis = "troops sent to Russia", Analysis()
    first = words(statement, analysis)
    for i in range(20):  # a statement judged against many claims in between
        assert words(statement, analysis) is first
        words(f"claim {i}", Analysis())
    assert calls.count(statement) == 1
    # An equal text with another analysis object is not taken for the remembered one.
    assert words(statement, Analysis(negated=True)) == first
    assert calls.count(statement) == 2
