"""find_attribution: the source a claim is attributed to."""

import pytest

from service.text.attribution import find_attribution


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to the NIS, 1,500 soldiers were moved.", "NIS"),
        ("The Russian news agency TASS reported that Shoigu met Kim.", "TASS"),
        ("The NIS says that North Korea will send troops.", "NIS"),
        ("The NIS said 10,000 troops were sent.", "NIS"),
        (
            "South Korean lawmakers revealed to Yonhap that 10,000 troops train.",
            "South Korean lawmakers",
        ),
        ("Special forces were moved to Russia, the NIS confirmed.", "NIS"),
        ("South Korea’s National Intelligence Service (NIS) confirmed on Friday that", "NIS"),
        ("North Korea has 5.7 million reservists, according to the IISS.", "IISS"),
        ("According to a press release from the NIS, it began.", "NIS"),
        ("The plan was first reported by Yonhap.", "Yonhap"),
        (
            "the deal is final,” said a Moscow-based reporter for a newspaper.",
            "Moscow-based reporter for a newspaper",
        ),
    ],
)
def test_sources(text: str, source: str) -> None:
    found = find_attribution(text)
    assert found is not None
    assert found.source == source
    assert text[found.span.start : found.span.end] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "North Korea sent troops to Russia.",
        "There have been no confirmed reports of such a trip.",
        "It adds that this is a follow-up.",
    ],
)
def test_no_source(text: str) -> None:
    assert find_attribution(text) is None
