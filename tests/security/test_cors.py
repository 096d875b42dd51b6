"""CORS: only the listed browser origins, preflights answered, the edge's headers exposed."""

import pytest

from service.settings import Settings, SettingsError
from tests.edge_apps import KEYS, READ_KEY, ClientFactory

PLUGIN = "https://plugin.example.org"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
}


async def test_a_listed_origin_gets_its_preflight_answered_without_a_key(
    make_client: ClientFactory,
) -> None:
    async with make_client(api_keys=KEYS, cors_origins=(PLUGIN,)) as client:
        response = await client.options("/v1/check", headers={"Origin": PLUGIN, **PREFLIGHT})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == PLUGIN
    allowed = response.headers["access-control-allow-headers"].lower()
    for header in ("authorization", "x-api-key", "idempotency-key", "content-type"):
        assert header in allowed
    assert "POST" in response.headers["access-control-allow-methods"]


async def test_an_unlisted_origin_is_not_allowed(make_client: ClientFactory) -> None:
    async with make_client(cors_origins=(PLUGIN,)) as client:
        preflight = await client.options(
            "/v1/check", headers={"Origin": "https://evil.example", **PREFLIGHT}
        )
        simple = await client.get("/v1/reports", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code >= 400
    assert "access-control-allow-origin" not in simple.headers


async def test_responses_expose_request_id_etag_retry_after_and_rate_limit_headers(
    make_client: ClientFactory,
) -> None:
    async with make_client(
        api_keys=KEYS, cors_origins=(PLUGIN,), rate_limit_per_minute=100
    ) as client:
        response = await client.get(
            "/v1/reports", headers={"Origin": PLUGIN, "X-API-Key": READ_KEY}
        )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PLUGIN
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {
        "x-request-id",
        "etag",
        "retry-after",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
    } <= exposed
    assert "access-control-allow-credentials" not in response.headers


async def test_without_origins_configured_no_cors_headers_are_sent(
    make_client: ClientFactory,
) -> None:
    async with make_client() as client:
        response = await client.get("/v1/reports", headers={"Origin": PLUGIN})
    assert "access-control-allow-origin" not in response.headers


def test_origins_are_read_comma_separated_from_the_environment() -> None:
    settings = Settings.from_env({"FACTCHECK_CORS_ORIGINS": f"{PLUGIN}, http://localhost:3000"})
    assert settings.cors_origins == (PLUGIN, "http://localhost:3000")


@pytest.mark.parametrize("value", ["*", "plugin.example.org", "https://a.example/path"])
def test_a_wildcard_or_a_non_origin_is_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="FACTCHECK_CORS_ORIGINS"):
        Settings.from_env({"FACTCHECK_CORS_ORIGINS": value})
