"""/v1/check/timeline: the seeds' troop figure grows from report to report, oldest first."""

from typing import Any

from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]


async def timeline(client: Client, statement: str) -> dict[str, Any]:
    response = await client.get("/v1/check/timeline", params={"statement": statement})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def figures_by_date(body: dict[str, Any]) -> dict[str | None, list[tuple[float, bool]]]:
    return {
        entry.get("date"): [(p["value"], p.get("earlier", False)) for p in entry["points"]]
        for entry in body["entries"]
    }


async def test_the_troop_figure_goes_from_3000_to_10000_to_11000(client: Client) -> None:
    body = await timeline(client, "North Korea has sent 10,000 troops to Russia.")

    assert body["figure"] == "10,000 troops"
    dates = [entry["date"] for entry in body["entries"]]
    assert dates == sorted(dates)
    by_date = figures_by_date(body)
    assert (10_000, False) in by_date["2024-10-18"]
    assert by_date["2024-10-24"][0] == (3_000, True)  # "the earlier estimate of 3,000"
    assert (10_000, False) in by_date["2024-10-24"]
    assert (11_000, False) in by_date["2025-02-27"]
    assert max(v for v, _ in by_date["2025-02-27"]) == 11_000


async def test_each_point_names_its_report_and_where_the_figure_is(client: Client) -> None:
    body = await timeline(client, "Pyongyang sent about 12,000 soldiers to Russia")

    points = [p for entry in body["entries"] for p in entry["points"]]
    assert points
    for point in points:
        start, end = point["figure_span"]["start"], point["figure_span"]["end"]
        assert point["claim"]["text"][start:end] == point["figure"]
        assert point["report"]["published_at"]
        assert point["stance"] in {"supports", "conflicts", "related"}


async def test_a_different_total_of_the_same_unit_is_left_out(client: Client) -> None:
    body = await timeline(client, "North Korea has sent 10,000 troops to Russia.")

    values = {p["value"] for entry in body["entries"] for p in entry["points"]}
    assert 1_280_000 not in values  # the whole army, not the troops sent


async def test_a_statement_without_a_figure_groups_its_evidence_by_date(client: Client) -> None:
    body = await timeline(client, "North Korean soldiers were sent to the Kursk region")

    assert body["figure"] is None
    assert body["entries"]
    for entry in body["entries"]:
        for point in entry["points"]:
            assert "figure" not in point
            assert point["stance"] in {"supports", "conflicts"}
            assert (point["report"].get("published_at") or "")[:10] == (entry.get("date") or "")


async def test_a_blank_statement_is_a_problem(client: Client) -> None:
    response = await client.get("/v1/check/timeline", params={"statement": "  "})

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
