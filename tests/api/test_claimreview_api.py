"""ClaimReview round trip: import a fact-checker's review, check a statement, export JSON-LD."""

import copy
from typing import Any

from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]

LD_JSON = "application/ld+json"
REVIEW_URL = "https://www.politifact.example/factchecks/2024/nov/05/viral-image/no-100000-troops/"
POST_URL = "https://social.example/posts/8841"
STATEMENT = "North Korea sent 100,000 soldiers to fight for Russia"

# The shape fact-checkers publish (schema.org ClaimReview markup), extra properties included.
POLITIFACT_REVIEW: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "datePublished": "2024-11-05",
    "url": REVIEW_URL,
    "name": "No, North Korea has not sent 100,000 soldiers to Ukraine",
    "claimReviewed": "North Korea has sent 100,000 soldiers to fight for Russia in Ukraine.",
    "author": {
        "@type": "Organization",
        "name": "PolitiFact",
        "url": "https://www.politifact.example",
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": "1",
        "bestRating": "6",
        "worstRating": "1",
        "alternateName": "False",
        "image": "https://static.politifact.example/rulings/false.jpg",
    },
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Viral social media post"},
        "datePublished": "2024-11-01",
        "appearance": [{"@type": "CreativeWork", "url": POST_URL, "headline": "Viral post"}],
    },
    "sdPublisher": {"@type": "Organization", "name": "Google Fact Check Tools"},
}


def assert_schema_org(node: dict[str, Any], type_: str) -> None:
    assert node["@type"] == type_, node


def assert_claimreview_jsonld(doc: dict[str, Any], statement: str) -> None:
    """What a ClaimReview consumer relies on (schema.org/ClaimReview, Google's guidelines)."""
    assert doc["@context"] == "https://schema.org"
    assert_schema_org(doc, "ClaimReview")
    assert doc["claimReviewed"] == statement
    assert doc["creativeWorkStatus"] == "Draft"
    assert_schema_org(doc["reviewRating"], "Rating")
    assert doc["reviewRating"]["alternateName"]
    item = doc["itemReviewed"]
    assert_schema_org(item, "Claim")
    assert item["text"] == statement
    for work in item["appearance"]:
        assert_schema_org(work, "CreativeWork")
        assert work.get("url") or work.get("identifier")
    if "firstAppearance" in item:
        assert item["firstAppearance"] in item["appearance"]
    for work in doc["citation"]:
        assert_schema_org(work, "CreativeWork")
        if "publisher" in work:
            assert_schema_org(work["publisher"], "Organization")


async def import_review(
    client: Client, review: dict[str, Any] | list[dict[str, Any]]
) -> dict[str, Any]:
    response = await client.post("/v1/claimreviews", json=review)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_an_imported_review_is_a_claim_that_carries_its_rating(client: Client) -> None:
    imported = await import_review(client, POLITIFACT_REVIEW)

    [item] = imported["items"]
    claim = (await client.get(f"/v1/claims/{item['claim_id']}")).json()
    assert claim["text"] == POLITIFACT_REVIEW["claimReviewed"]
    assert claim["claimant"] == "Viral social media post"
    assert claim["url"] == POST_URL
    assert claim["published_at"] == "2024-11-01"
    assert claim["rating"] == {
        "reviewer": "PolitiFact",
        "name": "False",
        "value": 1.0,
        "best": 6.0,
        "worst": 1.0,
        "reviewed_at": "2024-11-05",
        "url": REVIEW_URL,
    }


async def test_round_trip_import_check_and_export_as_claimreview(client: Client) -> None:
    await import_review(client, POLITIFACT_REVIEW)

    check = (await client.post("/v1/check", json={"statement": STATEMENT})).json()
    rated = [m for m in check["matches"] if m["claim"].get("rating")]
    assert check["verdict"] == "contradicted"
    assert rated[0]["stance"] == "conflicts"
    assert rated[0]["reasons"][0] == {
        "kind": "rating",
        "effect": "conflicts",
        "message": "rating: PolitiFact rated this claim False on 2024-11-05",
    }

    response = await client.post("/v1/check/claimreview", json={"statement": STATEMENT})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(LD_JSON)
    doc = response.json()
    assert_claimreview_jsonld(doc, STATEMENT)
    assert doc["reviewRating"]["alternateName"] == "Contradicted by reports"
    assert [w["url"] for w in doc["itemReviewed"]["appearance"]] == [POST_URL]
    cited = {w.get("url") for w in doc["citation"]}
    assert REVIEW_URL in cited
    assert "PolitiFact rated this claim False on 2024-11-05" in doc["reviewBody"]


async def test_a_statement_the_reports_support_exports_them_as_appearances(client: Client) -> None:
    statement = "North Korea is preparing to send about 6,000 military engineers to Russia"

    doc = (await client.post("/v1/check/claimreview", json={"statement": statement})).json()

    assert_claimreview_jsonld(doc, statement)
    publishers = {w["publisher"]["name"] for w in doc["itemReviewed"]["appearance"]}
    assert "NationPress" in publishers
    assert doc["itemReviewed"]["firstAppearance"]["datePublished"] == "2025-06-17"


async def test_importing_the_same_review_again_replaces_it(client: Client) -> None:
    first = (await import_review(client, POLITIFACT_REVIEW))["items"][0]
    changed = copy.deepcopy(POLITIFACT_REVIEW)
    changed["reviewRating"]["alternateName"] = "Pants on Fire"

    again = (await import_review(client, [changed]))["items"][0]

    assert again["replaced"] is True
    assert again["report_id"] == first["report_id"]
    claims = (await client.get("/v1/claims", params={"report_id": first["report_id"]})).json()
    assert [c["rating"]["name"] for c in claims["items"]] == ["Pants on Fire"]


async def test_a_rated_claim_reads_as_a_schema_org_claim_with_its_review(client: Client) -> None:
    claim_id = (await import_review(client, POLITIFACT_REVIEW))["items"][0]["claim_id"]

    response = await client.get(f"/v1/claims/{claim_id}", headers={"Accept": LD_JSON})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(LD_JSON)
    doc = response.json()
    assert doc["@context"] == "https://schema.org"
    assert_schema_org(doc, "Claim")
    assert doc["@id"].endswith(f"/v1/claims/{claim_id}")
    assert doc["author"] == {"@type": "Person", "name": "Viral social media post"}
    assert [w["url"] for w in doc["appearance"]] == [POST_URL]
    [review] = doc["review"]
    assert_schema_org(review, "ClaimReview")
    assert review["author"] == {"@type": "Organization", "name": "PolitiFact"}
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1.0,
        "bestRating": 6.0,
        "worstRating": 1.0,
    }


async def test_a_seed_claim_lists_every_report_that_states_it(client: Client) -> None:
    claims = (await client.get("/v1/claims", params={"limit": 200})).json()["items"]
    engineers = next(c for c in claims if c["text"].startswith("North Korea to send 6,000"))

    doc = (await client.get(f"/v1/claims/{engineers['id']}", headers={"Accept": LD_JSON})).json()

    assert_schema_org(doc, "Claim")
    assert "review" not in doc
    assert doc["appearance"][0]["identifier"].endswith(f"/v1/reports/{engineers['report_id']}")
    assert doc["appearance"][0]["publisher"] == {"@type": "Organization", "name": "NationPress"}


async def test_a_claim_asked_for_as_json_is_still_plain_json(client: Client) -> None:
    response = await client.get("/v1/claims/1", headers={"Accept": "application/json"})

    assert response.headers["content-type"].startswith("application/json")
    assert "@context" not in response.json()


async def test_a_review_with_a_rating_value_that_is_no_number_is_refused(client: Client) -> None:
    bad = copy.deepcopy(POLITIFACT_REVIEW)
    bad["reviewRating"]["ratingValue"] = "one"

    response = await client.post("/v1/claimreviews", json=bad)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == "reviewRating.ratingValue"


async def test_a_review_without_its_rating_or_of_another_type_is_refused(client: Client) -> None:
    unrated = {k: v for k, v in POLITIFACT_REVIEW.items() if k != "reviewRating"}
    other = {**POLITIFACT_REVIEW, "@type": "Review"}

    bodies: list[object] = [unrated, other, []]
    for body in bodies:
        response = await client.post("/v1/claimreviews", json=body)
        assert response.status_code == 422, body
        assert response.json()["status"] == 422


async def test_openapi_documents_the_claimreview_routes_and_media_types(client: Client) -> None:
    spec = (await client.get("/schema/openapi.json")).json()

    assert "post" in spec["paths"]["/v1/claimreviews"]
    export = spec["paths"]["/v1/check/claimreview"]["post"]["responses"]["200"]["content"]
    assert LD_JSON in export
    claim = spec["paths"]["/v1/claims/{claim_id}"]["get"]["responses"]["200"]["content"]
    assert set(claim) == {"application/json", LD_JSON}
    assert claim[LD_JSON]["schema"] == {"$ref": "#/components/schemas/ClaimLD"}
    assert "ClaimLD" in spec["components"]["schemas"]
