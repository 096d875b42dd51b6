"""Matches carry what fact-check consumers expect (the claimant, an imported review's rating
and date), and the ClaimReview export cites each work once, never the fact-checker's page as
an appearance, counts claims and reports apart, and has author, date and language."""

from collections import Counter

from litestar.testing import AsyncTestClient

from tests.examples import CLAIM_REVIEW, REVIEW_URL

NIS = "North Korea sent 50,000 troops to Russia"
REVIEW = {**CLAIM_REVIEW, "external_id": "example-1"}


async def test_a_match_names_its_claimant(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    result = (await client.post("/v1/check", json={"statement": NIS, "limit": 20})).json()
    claimants = {m["claim"].get("claimant") for m in result["matches"]}
    assert "NIS" in claimants


async def test_a_match_on_an_imported_review_carries_its_rating_and_date(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    await client.post("/v1/claimreviews", json=REVIEW)
    statement = "North Korea sent 100,000 soldiers to fight for Russia"
    result = (await client.post("/v1/check", json={"statement": statement})).json()
    [rated] = [m for m in result["matches"] if "rating" in m["claim"]]
    assert rated["claim"]["rating"]["name"] == "False"
    assert rated["claim"]["rating"]["reviewed_at"] == "2024-11-05"
    assert rated["claim"]["rating"]["reviewer"] == "Example Fact Check"


async def test_the_claimreview_export_is_complete_and_cites_each_work_once(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    await client.post("/v1/claimreviews", json=REVIEW)
    statement = "North Korea sent 100,000 soldiers to fight for Russia"
    doc = (
        await client.post("/v1/check/claimreview", json={"statement": statement, "limit": 10})
    ).json()
    assert doc["author"]["@type"] == "Organization"
    assert len(doc["datePublished"]) == 10
    assert doc["inLanguage"] == "en"
    appearances = [w.get("url") for w in doc["itemReviewed"].get("appearance", [])]
    assert REVIEW_URL not in appearances
    cited = [w.get("url") or w.get("identifier") for w in doc["citation"]]
    assert Counter(cited).most_common(1)[0][1] == 1
    assert REVIEW_URL in cited
    explanation = doc["reviewRating"]["ratingExplanation"]
    assert "matching claims (from " in explanation
    assert "reports)" in explanation or "report)" in explanation


async def test_the_claimed_author_is_whoever_the_restating_report_attributes_it_to(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    statement = "The NIS says North Korea decided to send around 10,000 troops to Russia"
    doc = (await client.post("/v1/check/claimreview", json={"statement": statement})).json()
    assert doc["itemReviewed"]["author"]["name"] == "NIS"


async def test_each_match_says_the_language_of_its_report(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    # The claim is English enough to match, but its report was posted as French: the match
    # says so, rather than passing it off as English evidence.
    report = {
        "text": "Officials in Paris said North Korea sent 12,000 troops to Russia in October.",
        "language": "fr",
        "source": "Le Monde",
    }
    assert (await client.post("/v1/reports", json=report)).status_code == 201
    statement = "North Korea sent 12,000 troops to Russia"
    result = (await client.post("/v1/check", json={"statement": statement, "limit": 20})).json()
    languages = {m["report"].get("source"): m["claim"]["language"] for m in result["matches"]}
    assert languages["Le Monde"] == "fr"
    assert {language for source, language in languages.items() if source != "Le Monde"} == {"en"}
    timeline = await client.get("/v1/check/timeline", params={"statement": statement})
    points = [p for entry in timeline.json()["entries"] for p in entry["points"]]
    assert points
    assert all(p["claim"]["language"] in {"en", "fr"} for p in points)
    assert "fr" in {p["claim"]["language"] for p in points}
