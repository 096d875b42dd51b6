"""Route policy is metadata on each handler (`opt=`), read by the edge; no URL tables."""

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.testing import AsyncTestClient

from service.api.edge.security import (
    AuthenticationMiddleware,
    AuthorizationMiddleware,
    KeyRing,
    parse_keys,
)
from service.api.policy import (
    PUBLIC,
    SAFEST,
    WRITE,
    MissingRoutePolicy,
    RoutePolicy,
    apply_route_policies,
    policy_of,
)
from service.app import create_app
from service.settings import Settings
from service.web.routes import WEB_ROUTES
from tests.edge_apps import KEYS, READ_KEY, WRITE_KEY, bearer


@post("/v1/check/purge", status_code=201, opt=WRITE)
async def purge() -> dict[str, bool]:
    """A writing route under the checks' path: its metadata, not its URL, sets its scope."""
    return {"purged": True}


@get("/v1/check/about", opt=PUBLIC)
async def about() -> dict[str, str]:
    return {"about": "checks"}


@post("/v1/things", status_code=201)
async def undescribed() -> dict[str, bool]:
    return {"done": True}


def edge_app(*handlers: HTTPRouteHandler) -> Litestar:
    keys = KeyRing(parse_keys(KEYS, origin="test"))
    middleware = [AuthenticationMiddleware(keys), AuthorizationMiddleware()]
    return Litestar(list(handlers), middleware=middleware)


@pytest.fixture
async def client() -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=edge_app(purge, about, undescribed)) as client:
        yield client


async def test_a_writing_route_gets_write_scope_from_its_metadata_whatever_its_path(
    client: AsyncTestClient[Litestar],
) -> None:
    refused = await client.post("/v1/check/purge", headers=bearer(READ_KEY))
    assert refused.status_code == 403
    assert 'scope="write"' in refused.headers["www-authenticate"]
    assert (await client.post("/v1/check/purge", headers=bearer(WRITE_KEY))).status_code == 201
    assert (await client.get("/v1/check/about")).status_code == 200  # public: no key at all


async def test_a_handler_without_policy_in_an_app_not_built_by_create_app_is_write_only(
    client: AsyncTestClient[Litestar],
) -> None:
    assert RoutePolicy("write") == SAFEST
    assert (await client.post("/v1/things", headers=bearer(READ_KEY))).status_code == 403
    assert (await client.post("/v1/things", headers=bearer(WRITE_KEY))).status_code == 201


def test_a_route_without_policy_metadata_stops_the_app_at_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("service.app.WEB_ROUTES", [*WEB_ROUTES, undescribed])
    settings = Settings(database_url="sqlite:///:memory:", seeds_dir=None, semantic="off")
    with pytest.raises(MissingRoutePolicy, match="POST /v1/things"):
        create_app(settings)


def test_every_route_of_the_app_states_its_policy_and_writes_need_write() -> None:
    settings = Settings(database_url="sqlite:///:memory:", seeds_dir=None, semantic="off")
    policies = apply_route_policies(create_app(settings))
    writes = {key for key, policy in policies.items() if policy.scope == "write"}
    assert ("/v1/reports", "post") in writes
    assert ("/v1/reports/bulk", "post") in writes
    assert ("/v1/claims/{claim_id}", "delete") in writes
    assert ("/v1/claimreviews", "post") in writes
    assert ("/v1/watches", "get") in writes  # watches hold callback URLs: all of them
    for (path, method), policy in policies.items():
        if method in {"post", "delete"} and not path.startswith("/v1/check"):
            assert policy.scope == "write", (method, path)
        if path.startswith("/v1/check") and method != "options":
            assert (policy.scope, policy.budget) == ("read", True), (method, path)
    assert policies["/health", "get"] == policies["/schema/openapi.json", "get"]
    assert policies["/health", "get"].scope == "public"
    assert not policies["/metrics", "get"].rate_limited


def test_litestars_options_handlers_take_the_policy_of_their_paths_get() -> None:
    app = Litestar([about, purge], openapi_config=None)
    apply_route_policies(app)
    options = {
        route.path: handler
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        if handler.http_methods == {"OPTIONS"}
    }
    assert policy_of(options["/v1/check/about"]) == policy_of(about)
    assert policy_of(options["/v1/check/purge"]) == RoutePolicy("read")
