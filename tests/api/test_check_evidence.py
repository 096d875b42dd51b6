"""A result says how much evidence its verdict weighed, and the text table says what each
reason does and who reviewed an imported claim."""

from litestar.testing import AsyncTestClient

from service.matching.checker import JUDGED, MORE_JUDGED
from tests.examples import CLAIM_REVIEW

STATEMENT = "North Korea sent 50,000 troops to Russia"
# The seeds disagree on this figure (around 10,000 by the NIS, 11,000 and 12,000 later).
DISPUTED = "North Korea has dispatched 10,000 soldiers to Russia"
REVIEW = CLAIM_REVIEW


async def test_counts_show_the_conflicts_a_short_limit_leaves_out(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    answer = (await client.post("/v1/check", json={"statement": DISPUTED, "limit": 1})).json()
    assert answer["verdict"] == "disputed"
    assert len(answer["matches"]) == 1
    counts = answer["counts"]
    assert counts["supports"] >= 1
    assert counts["conflicts"] >= 1
    # The verdict weighs the JUDGED most relevant candidates and, up to MORE_JUDGED, those the
    # search scored high: a page of MORE_JUDGED shows everything that was counted.
    page = {"statement": DISPUTED, "limit": MORE_JUDGED}
    wider = (await client.post("/v1/check", json=page)).json()
    stances = [m["stance"] for m in wider["matches"]]
    assert JUDGED <= sum(counts.values()) <= len(stances)
    for stance, counted in counts.items():
        assert counted <= stances.count(stance)


async def test_an_unmatched_statement_counts_nothing(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    answer = (await client.get("/v1/check", params={"statement": "Tomatoes are red"})).json()
    assert answer["counts"] == {"supports": 0, "conflicts": 0, "related": 0}


async def test_the_text_table_prints_each_reasons_effect(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    response = await client.get(
        "/v1/check",
        params={"statement": STATEMENT, "limit": 10},
        headers={"Accept": "text/plain"},
    )
    text = response.text
    assert "  - conflicts: quantity: statement says 50,000" in text
    assert "supporting" in text.splitlines()[1]
    conflicting = text.split("CONFLICTS", 1)[1].split("\n\n", 1)[0]
    assert "  - conflicts: " in conflicting


async def test_the_text_table_names_the_fact_checker_of_an_imported_review(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    assert (await client.post("/v1/claimreviews", json=REVIEW)).status_code == 201
    response = await client.get(
        "/v1/check",
        params={"statement": "North Korea sent 100,000 soldiers to fight for Russia"},
        headers={"Accept": "text/plain"},
    )
    assert "review: Example Fact Check rated it 'False' on 2024-11-05" in response.text
