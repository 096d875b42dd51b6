"""Validation errors say what is expected in words, never the regex that checks it; dates
are read by `datetime` and stored in RFC 3339 form."""

import pytest
from litestar.testing import AsyncTestClient

from service.present.wording import humane

REPORT = {"text": "Officials said 3 ships docked at the port."}


@pytest.mark.parametrize(
    ("method", "path", "body", "params", "field", "words"),
    [
        (
            "POST",
            "/v1/reports",
            {**REPORT, "published_at": "2024-13-01"},
            None,
            "published_at",
            "a date such as 2024-10-18",
        ),
        (
            "POST",
            "/v1/claims",
            {"text": "x", "published_at": "June"},
            None,
            "published_at",
            "a date such as 2024-10-18",
        ),
        ("POST", "/v1/reports", {"text": " "}, None, "text", "at least one visible character"),
        (
            "POST",
            "/v1/reports",
            {**REPORT, "language": "English"},
            None,
            "language",
            "language tag",
        ),
        (
            "POST",
            "/v1/check",
            {"statement": "x", "since": "yesterday"},
            None,
            "since",
            "a date such as 2024-10-18",
        ),
    ],
)
async def test_a_bad_value_is_explained_in_words(
    client: AsyncTestClient,  # type: ignore[type-arg]
    method: str,
    path: str,
    body: object,
    params: dict[str, str] | None,
    field: str,
    words: str,
) -> None:
    response = await client.request(method, path, json=body, params=params)
    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == field
    assert words in problem["detail"]
    assert "regex" not in problem["detail"]
    assert "(?:" not in response.text
    assert len(problem["detail"]) < 200


async def test_a_bad_item_of_a_bulk_ingest_is_explained_in_words(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    items = [{**REPORT, "published_at": "2024-02-30"}]
    answer = (await client.post("/v1/reports/bulk", json=items)).json()
    error = answer["items"][0]["error"]
    assert error["field"] == "published_at"
    assert "a date such as 2024-10-18" in error["detail"]
    assert "regex" not in error["detail"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-10-18", "2024-10-18"),
        ("2024-10-18 09:30", "2024-10-18T09:30:00"),
        ("2024-10-18T09:30:00+0900", "2024-10-18T09:30:00+09:00"),
        ("2024-10-18T09:30Z", "2024-10-18T09:30:00+00:00"),
    ],
)
async def test_dates_are_echoed_normalised(
    client: AsyncTestClient,  # type: ignore[type-arg]
    given: str,
    stored: str,
) -> None:
    answer = (await client.post("/v1/reports", json={**REPORT, "published_at": given})).json()
    assert answer["published_at"] == stored


async def test_a_date_time_that_datetime_cannot_read_is_refused_in_words(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    response = await client.post("/v1/reports", json={**REPORT, "published_at": "2024-10-18T9"})
    assert response.status_code == 422
    assert "2024-10-18T09:30:00+09:00" in response.json()["detail"]


def test_an_unknown_pattern_points_to_the_api_description() -> None:
    said = humane("Expected `str` matching regex '^[xyz]+$' - at `$.thing`")
    assert said.startswith("expected text in the form the API description (/schema/openapi")
    assert said.endswith(" - at `$.thing`")
