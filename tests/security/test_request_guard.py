"""Before routing: only our Host names are answered, writes must say they are JSON, paths that
name nothing are 404, malformed Accept weights are ignored, refused preflights are problem+json.
"""

from typing import Any

import httpx
import pytest

from service.settings import Settings
from tests.edge_apps import KEYS, READ_WRITE_KEY, Client, ClientFactory, bearer

PROBLEM_JSON = "application/problem+json"
REPORT = {"text": "The ministry said 300 engineers arrived in Kursk on Monday.", "source": "Wire"}
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "claimReviewed": "North Korea sent 6,000 engineers to Kursk.",
    "author": {"@type": "Organization", "name": "Checkers"},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}


def assert_problem(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body


async def stored_reports(client: Client) -> int:
    return len((await client.get("/v1/reports", params={"limit": 500})).json()["items"])


@pytest.mark.parametrize(
    ("path", "body"),
    [("/v1/reports", REPORT), ("/v1/claims", {"text": "Kursk received 300 engineers."})],
)
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        None,
    ],
)
async def test_a_write_a_browser_could_send_cross_site_is_415_and_writes_nothing(
    make_client: ClientFactory, path: str, body: dict[str, str], content_type: str | None
) -> None:
    """The content types a page may post without a CORS preflight are refused."""
    import msgspec

    headers = {"Content-Type": content_type} if content_type else {}
    async with make_client() as client:
        before = await stored_reports(client)
        response = await client.post(path, content=msgspec.json.encode(body), headers=headers)
        problem = assert_problem(response, 415)
        assert "application/json" in problem["detail"]
        assert "application/json" in response.headers["accept"]
        assert await stored_reports(client) == before


async def test_bulk_refuses_form_encoding_but_takes_json_and_ndjson(
    make_client: ClientFactory,
) -> None:
    line = b'{"text": "Officials said 40 ships docked in Nampo.", "external_id": "b1"}\n'
    async with make_client() as client:
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        response = await client.post("/v1/reports/bulk", content=line, headers=form)
        assert "application/x-ndjson" in assert_problem(response, 415)["detail"]
        ndjson = {"Content-Type": "application/x-ndjson"}
        assert (await client.post("/v1/reports/bulk", content=line, headers=ndjson)).is_success
        as_json = {"Content-Type": "application/json; charset=utf-8"}
        response = await client.post(
            "/v1/reports/bulk", content=b"[" + line + b"]", headers=as_json
        )
        assert response.is_success


async def test_a_claimreview_cannot_be_posted_as_text_plain(make_client: ClientFactory) -> None:
    import msgspec

    async with make_client() as client:
        body = msgspec.json.encode(REVIEW)
        plain = {"Content-Type": "text/plain"}
        assert_problem(await client.post("/v1/claimreviews", content=body, headers=plain), 415)
        ld = {"Content-Type": "application/ld+json"}
        response = await client.post("/v1/claimreviews", content=body, headers=ld)
        assert response.status_code != 415


async def test_a_host_not_on_the_allow_list_is_refused(make_client: ClientFactory) -> None:
    """DNS rebinding: the page's own name arrives as Host, and is not ours."""
    async with make_client() as client:
        evil = {"Host": "attacker.example"}
        assert_problem(await client.get("/v1/reports", headers=evil), 400)
        assert_problem(await client.post("/v1/reports", json=REPORT, headers=evil), 400)
        for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"):
            assert (await client.get("/v1/reports", headers={"Host": host})).status_code == 200
        # Probes are answered whatever the Host: load balancers probe by address.
        assert (await client.get("/health", headers=evil)).status_code == 200


async def test_allowed_hosts_and_the_public_url_extend_the_list(
    make_client: ClientFactory,
) -> None:
    async with make_client(
        allowed_hosts=(".newsroom.example",), public_url="https://check.example.org"
    ) as client:
        for host in ("newsroom.example", "a.newsroom.example", "check.example.org:443"):
            assert (await client.get("/v1/reports", headers={"Host": host})).status_code == 200
        for host in ("localhost", "evilnewsroom.example", "example.org"):
            response = await client.get("/v1/reports", headers={"Host": host})
            assert_problem(response, 400)


def test_host_names_are_read_without_port_or_brackets() -> None:
    from service.api.edge.guard import HostAllowList, host_name

    assert host_name("Example.org:8000") == "example.org"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("::1") == "::1"
    hosts = HostAllowList.from_settings(Settings(allowed_hosts=("*",)))
    assert hosts.allows("anything.example")


@pytest.mark.parametrize("accept", ["*/*;q=inf", "*/*;q=1e400", "text/plain;q=-1, */*;q=nan"])
async def test_a_malformed_accept_weight_is_ignored_not_a_500(
    make_client: ClientFactory, accept: str
) -> None:
    async with make_client(seeded=True) as client:
        check = await client.get(
            "/v1/check", params={"statement": "6,000 engineers"}, headers={"Accept": accept}
        )
        assert check.status_code == 200
        claim = await client.get("/v1/claims/1", headers={"Accept": accept})
        assert claim.status_code == 200


def test_only_malformed_weights_are_dropped() -> None:
    from service.api.edge.guard import sane_accept

    assert sane_accept("text/plain;q=0.5, */*;q=0.1") is None
    assert sane_accept("text/plain;q=inf;level=1, */*") == "text/plain;level=1, */*"


@pytest.mark.parametrize(
    "path",
    ["/static/%00", "/static/" + "a" * 300, "/static/a%00b.js", "/v1/reports/%D9%A1", "/v1/x%00"],
)
async def test_paths_that_name_nothing_are_404_problems(
    make_client: ClientFactory, path: str
) -> None:
    """No key, no rate limit needed to reach these: they must not be 500s with tracebacks."""
    async with make_client(seeded=True, api_keys=KEYS) as client:
        assert_problem(await client.get(path), 404)
        assert_problem(await client.get(path, headers=bearer(READ_WRITE_KEY)), 404)


async def test_a_refused_preflight_is_problem_json(make_client: ClientFactory) -> None:
    async with make_client(cors_origins=("https://cms.example",)) as client:
        headers = {
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
        }
        assert_problem(await client.options("/v1/reports", headers=headers), 400)
        allowed = {**headers, "Origin": "https://cms.example"}
        response = await client.options("/v1/reports", headers=allowed)
        assert response.status_code in {200, 204}
        assert response.headers["access-control-allow-origin"] == "https://cms.example"
