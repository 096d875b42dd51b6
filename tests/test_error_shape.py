"""Every error is RFC 9457 problem+json with type, title, status and detail."""

from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings

Client = AsyncTestClient[Any]


@pytest.fixture
async def small_body_client(tmp_path: Path) -> Any:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/e.db", seeds_dir=None, max_body_bytes=4096
    )
    async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
        yield client


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert "type" in body
    assert "detail" in body
    assert body["request_id"] == response.headers["x-request-id"]
    return body


async def test_unknown_route_is_a_problem(small_body_client: Client) -> None:
    assert_problem(await small_body_client.get("/v1/nothing-here"), 404)


async def test_missing_report_is_a_problem(small_body_client: Client) -> None:
    body = assert_problem(await small_body_client.get("/v1/reports/999"), 404)
    assert "999" in body["detail"]


async def test_wrong_method_is_a_problem(small_body_client: Client) -> None:
    assert_problem(await small_body_client.put("/v1/reports", json={}), 405)


async def test_validation_errors_name_the_field(small_body_client: Client) -> None:
    body = assert_problem(
        await small_body_client.post("/v1/check", json={"statement": "x", "limit": 51}), 422
    )
    assert body["field"] == "limit"
    assert body["invalid_params"][0]["name"] == "limit"


async def test_unknown_fields_are_rejected(small_body_client: Client) -> None:
    body = assert_problem(
        await small_body_client.post("/v1/reports", json={"text": "A report.", "colour": "red"}),
        422,
    )
    assert "colour" in body["detail"]


async def test_a_blank_statement_is_rejected(small_body_client: Client) -> None:
    body = assert_problem(await small_body_client.post("/v1/check", json={"statement": "  "}), 422)
    assert body["field"] == "statement"


async def test_query_parameters_are_validated(small_body_client: Client) -> None:
    body = assert_problem(await small_body_client.get("/v1/reports", params={"limit": 0}), 422)
    assert body["field"] == "limit"
    # A cursor has the right form but is not one the service signed: a 400, not a 422.
    body = assert_problem(
        await small_body_client.get("/v1/reports", params={"cursor": "nope"}), 400
    )
    assert body["field"] == "cursor"


async def test_malformed_json_is_a_problem(small_body_client: Client) -> None:
    response = await small_body_client.post(
        "/v1/reports", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code in {400, 422}
    assert_problem(response, response.status_code)


async def test_a_body_over_the_limit_gets_413_and_nothing_is_stored(
    small_body_client: Client,
) -> None:
    big = {"text": "Officials said 12 ships docked. " * 400}
    assert_problem(await small_body_client.post("/v1/reports", json=big), 413)
    assert (await small_body_client.get("/v1/reports")).json()["items"] == []


async def test_nul_characters_are_refused(small_body_client: Client) -> None:
    body = assert_problem(
        await small_body_client.post("/v1/reports", json={"text": "Ten ships\x00 docked."}), 422
    )
    assert body["field"] == "text"


async def test_the_openapi_document_declares_problem_responses(small_body_client: Client) -> None:
    document = (await small_body_client.get("/schema/openapi.json")).json()
    create = document["paths"]["/v1/reports"]["post"]["responses"]
    assert "application/problem+json" in create["422"]["content"]
    assert "/v1/check" in document["paths"]


async def test_a_problem_carries_the_request_id_the_client_sent(small_body_client: Client) -> None:
    response = await small_body_client.get("/v1/reports/999", headers={"X-Request-ID": "cms-42"})
    assert assert_problem(response, 404)["request_id"] == "cms-42"
