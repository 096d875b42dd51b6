"""Every operation of the OpenAPI document is described for an integrator: a readable
operationId, summary, description, examples recorded from the seeds that still decode as the
wire types, the headers the edge reads and writes, and the problem answers it can give."""

import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar import Litestar

from service.api.openapi.components import wire_structs
from service.api.policy import RoutePolicy, apply_route_policies
from service.app import create_app
from service.settings import Settings

METHODS = ("get", "post", "delete")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    # Neither keys nor a rate limit: the document must not depend on how this one is set up.
    folder: Path = tmp_path_factory.mktemp("openapi")
    settings = Settings(
        database_url=f"sqlite:///{folder}/o.db", seeds_dir=None, rate_limit_per_minute=0
    )
    return create_app(settings)


@pytest.fixture(scope="module")
def spec(app: Litestar) -> dict[str, Any]:
    document: dict[str, Any] = app.openapi_schema.to_schema()
    return document


@pytest.fixture(scope="module")
def policies(app: Litestar) -> dict[tuple[str, str], RoutePolicy]:
    return apply_route_policies(app)


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_operation_has_a_readable_unique_id_summary_and_description(
    spec: dict[str, Any],
) -> None:
    found = operations(spec)
    assert len(found) >= 17
    ids = [operation["operationId"] for _, _, operation in found]
    assert len(set(ids)) == len(ids)
    for method, path, operation in found:
        assert re.fullmatch(r"[a-z][a-zA-Z]+", operation["operationId"]), (method, path)
        assert "V1" not in operation["operationId"]
        assert len(operation.get("summary", "")) > 5, (method, path)
        assert len(operation.get("description", "")) > 20, (method, path)
    named = {(m, p): o["operationId"] for m, p, o in found}
    assert named["post", "/v1/check"] == "checkStatement"
    assert named["post", "/v1/reports/bulk"] == "bulkIngestReports"


def test_every_gated_operation_documents_headers_and_problem_answers(
    spec: dict[str, Any], policies: dict[tuple[str, str], RoutePolicy]
) -> None:
    for method, path, operation in operations(spec):
        policy = policies[path, method]
        if policy.scope == "public":
            continue
        where = (method, path)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert "X-Request-ID" in headers, where
        if method == "post" and policy.scope == "write":
            assert "Idempotency-Key" in operation["description"], where
        answers = operation["responses"]
        expected = {"401", "403", "429", "503"}
        if "requestBody" in operation:
            expected |= {"413", "415"}
        for status in expected:
            assert "application/problem+json" in answers[status]["content"], (where, status)
        assert "Retry-After" in answers["429"]["headers"]
        for status, answer in answers.items():
            if status.startswith("2"):
                assert {"X-Request-ID", "RateLimit-Remaining"} <= set(answer["headers"]), where
    assert spec["components"]["parameters"]["IdempotencyKey"]["in"] == "header"
    reports = spec["paths"]["/v1/reports"]
    assert {"ETag", "Link"} <= set(reports["get"]["responses"]["200"]["headers"])
    assert "304" in reports["get"]["responses"]
    assert "Location" in reports["post"]["responses"]["201"]["headers"]


def _wire_type(schema: dict[str, Any]) -> Any:
    ref = schema.get("$ref")
    if ref:
        return wire_structs().get(ref.rsplit("/", 1)[1])
    return None


def test_every_json_body_and_answer_has_an_example_that_decodes(spec: dict[str, Any]) -> None:
    checked = 0
    for method, path, operation in operations(spec):
        where = (method, path)
        body = operation.get("requestBody", {}).get("content", {})
        for media_type, content in body.items():
            if media_type == "application/json":
                assert content.get("examples"), where
                kind = _wire_type(content["schema"])
                for example in content["examples"].values():
                    if kind is not None:
                        msgspec.convert(example["value"], kind)
                        checked += 1
        for status, answer in operation["responses"].items():
            if not status.startswith("2"):
                continue
            for media_type, content in answer.get("content", {}).items():
                if not media_type.endswith("json"):
                    continue
                assert content.get("examples"), (where, status)
                kind = _wire_type(content.get("schema", {}))
                for example in content["examples"].values():
                    if kind is not None:
                        msgspec.convert(example["value"], kind)
                        checked += 1
    assert checked >= 12


def test_every_property_of_every_component_schema_is_described(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    undescribed = [
        f"{name}.{prop}"
        for name, schema in schemas.items()
        for prop, detail in (schema.get("properties") or {}).items()
        if not str(detail.get("description", "")).strip()
    ]
    assert sum(len(s.get("properties") or {}) for s in schemas.values()) > 250
    assert undescribed == []


def test_each_component_is_described_by_its_own_docstring_not_a_fields(
    spec: dict[str, Any],
) -> None:
    schemas = spec["components"]["schemas"]
    # litestar would copy the first Span-typed field's description onto Span itself.
    assert schemas["Span"]["description"].startswith("Where a piece of text is")
    assert schemas["MatchedClaim"]["description"] == "The stored claim a match is about."
    assert schemas["ClaimLD"]["properties"]["@type"]["description"] == "The schema.org type: Claim."
