"""Cursors in the API: a changed cursor, a made-up one or one of another list is a 400 problem
in words; a cursor from one replica pages on another replica of the same store."""

from pathlib import Path

from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.api.conftest import SEEDS

PROBLEM_JSON = "application/problem+json"
BASE = "http://127.0.0.1"  # a host the service answers to


def settings_for(database: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{database}", seeds_dir=str(SEEDS), semantic="off")


async def next_cursor(client: AsyncTestClient, path: str) -> str:  # type: ignore[type-arg]
    cursor: str = (await client.get(path, params={"limit": 1})).json()["next_cursor"]
    return cursor


async def test_a_changed_cursor_is_a_400_problem_in_words(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    cursor = await next_cursor(client, "/v1/reports")
    changed = cursor[:-3] + ("AAA" if cursor[-3:] != "AAA" else "BBB")
    refused = await client.get("/v1/reports", params={"cursor": changed})
    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith(PROBLEM_JSON)
    problem = refused.json()
    assert problem["field"] == "cursor"
    assert problem["type"].endswith("/invalid-cursor")
    assert "was changed" in problem["detail"]
    assert "next_cursor of the previous page unchanged" in problem["detail"]
    # The cursor as given still pages on.
    assert (await client.get("/v1/reports", params={"cursor": cursor})).status_code == 200


async def test_the_old_readable_cursor_is_refused(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    refused = await client.get("/v1/claims", params={"cursor": "YWZ0ZXI6Mg"})  # "after:2"
    assert refused.status_code == 400
    assert "is not a cursor this service issued" in refused.json()["detail"]


async def test_a_cursor_of_another_list_is_refused_naming_it(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    of_reports = await next_cursor(client, "/v1/reports")
    refused = await client.get("/v1/claims", params={"cursor": of_reports})
    assert refused.status_code == 400
    assert "another list (GET /v1/reports)" in refused.json()["detail"]
    watches = await client.get("/v1/watches", params={"cursor": of_reports})
    assert watches.status_code == 400


async def test_replicas_of_one_store_accept_each_others_cursors(tmp_path: Path) -> None:
    shared = settings_for(tmp_path / "shared.db")
    async with AsyncTestClient(base_url=BASE, app=create_app(shared)) as first:
        cursor = await next_cursor(first, "/v1/claims")
        expected = (await first.get("/v1/claims", params={"cursor": cursor})).json()
    async with AsyncTestClient(base_url=BASE, app=create_app(shared)) as second:
        paged = await second.get("/v1/claims", params={"cursor": cursor})
        assert paged.status_code == 200
        assert paged.json() == expected
    async with AsyncTestClient(
        base_url=BASE, app=create_app(settings_for(tmp_path / "other.db"))
    ) as other:
        refused = await other.get("/v1/claims", params={"cursor": cursor})
        assert refused.status_code == 400
        assert "issued by another factcheck store" in refused.json()["detail"]


async def test_every_list_documents_its_400_for_a_cursor(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    lists = ["/v1/reports", "/v1/claims", "/v1/watches", "/v1/watches/{watch_id}/events"]
    for path in lists:
        operation = document["paths"][path]["get"]
        assert PROBLEM_JSON in operation["responses"]["400"]["content"], path
        [cursor] = [p for p in operation["parameters"] if p["name"] == "cursor"]
        schema = cursor["schema"]
        options = schema.get("oneOf", schema.get("anyOf", [schema]))
        assert all("pattern" not in option for option in options), path
