"""/v1/check and /v1/check/text against the seeded index."""

from typing import Any

from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]


async def test_a_changed_figure_is_contradicted_by_the_nis_figure(client: Client) -> None:
    response = await client.get(
        "/v1/check", params={"statement": "North Korea sent 50,000 troops to Russia"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] in {"contradicted", "disputed"}
    conflicts = [m for m in body["matches"] if m["stance"] == "conflicts"]
    nis = [m for m in conflicts if "10,000" in m["claim"]["text"]]
    assert nis, "the NIS figure of around 10,000 troops conflicts"
    reasons = " ".join(r["message"] for r in nis[0]["reasons"])
    assert "50,000" in reasons
    assert "10,000" in reasons
    assert nis[0]["report"]["published_at"]


async def test_matches_are_ranked_and_carry_their_report(client: Client) -> None:
    body = (
        await client.post(
            "/v1/check",
            json={
                "statement": "North Korea to send 6,000 military engineers to Russia",
                "limit": 3,
            },
        )
    ).json()
    assert body["verdict"] in {"supported", "disputed"}
    scores = [m["score"] for m in body["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) <= 3
    top = body["matches"][0]
    assert top["stance"] == "supports"
    assert top["report"]["source"] == "NationPress"
    assert isinstance(body["index_revision"], int)
    assert body["took_ms"] >= 0


async def test_an_unrelated_statement_is_unverified(client: Client) -> None:
    body = (
        await client.get("/v1/check", params={"statement": "The Eiffel Tower is 330 metres tall"})
    ).json()
    assert body["verdict"] == "unverified"
    assert all(m["stance"] == "related" for m in body["matches"])


async def test_plain_text_answers_a_table_for_curl(client: Client) -> None:
    response = await client.get(
        "/v1/check",
        params={"statement": "North Korea sent 50,000 troops to Russia"},
        headers={"Accept": "text/plain"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "verdict:" in response.text
    assert "CONFLICTS" in response.text


async def test_a_posted_claim_is_matched_at_once_and_not_after_delete(
    empty_client: Client,
) -> None:
    statement = "The harbour authority counted 412 container ships in Example Bay in March."
    before = (await empty_client.post("/v1/check", json={"statement": statement})).json()
    assert before["matches"] == []
    claim = (await empty_client.post("/v1/claims", json={"text": statement})).json()
    during = (await empty_client.post("/v1/check", json={"statement": statement})).json()
    assert [m["claim"]["id"] for m in during["matches"]] == [claim["id"]]
    assert during["matches"][0]["stance"] == "supports"
    await empty_client.delete(f"/v1/claims/{claim['id']}")
    after = (await empty_client.post("/v1/check", json={"statement": statement})).json()
    assert after["matches"] == []
    assert after["index_revision"] > during["index_revision"]


async def test_source_and_date_filters_restrict_matches(client: Client) -> None:
    statement = "North Korea has decided to send around 10,000 troops to Russia"
    only = await client.post(
        "/v1/check", json={"statement": statement, "sources": ["NationPress"], "min_score": 0}
    )
    assert all(m["report"]["source"] == "NationPress" for m in only.json()["matches"])
    dated = await client.post(
        "/v1/check", json={"statement": statement, "since": "2025-01-01", "min_score": 0}
    )
    assert all(m["report"]["published_at"] >= "2025-01-01" for m in dated.json()["matches"])


async def test_check_text_gives_offsets_in_code_points_and_utf16(client: Client) -> None:
    text = (
        "🇰🇵 Draft: Pyongyang has decided to send 50,000 troops to Russia. "
        "What a week it was! "
        "Approximately 1,500 North Korean soldiers were transported in the first phase."
    )
    response = await client.post("/v1/check/text", json={"text": text})
    assert response.status_code == 200
    sentences = response.json()["sentences"]
    assert len(sentences) >= 2
    for sentence in sentences:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        encoded = text.encode("utf-16-le")
        piece = encoded[sentence["start_utf16"] * 2 : sentence["end_utf16"] * 2]
        assert piece.decode("utf-16-le") == sentence["text"]
    verdicts = {s["text"]: s["result"]["verdict"] for s in sentences}
    changed = next(v for t, v in verdicts.items() if "50,000" in t)
    assert changed in {"contradicted", "disputed"}
    assert not any("What a week" in t for t in verdicts)
