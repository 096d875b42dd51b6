"""Record the OpenAPI document's examples from the seeds: `python -m scripts.openapi_examples`.

Runs the app in-process on a throw-away store with the five seed articles, sends one request
per operation and writes each request and answer to service/api/openapi/data/ (long texts
shortened, lists cut to two items). Run it again when a wire type changes;
tests/api/test_openapi_docs.py checks every example still decodes as its wire type.
"""

import json
import tempfile
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "service" / "api" / "openapi" / "data" / "openapi_examples.json"
STATEMENT = "North Korea sent 50,000 troops to Russia"
REPORT = {
    "text": "The ministry said 300 engineers arrived in Kursk on Monday.",
    "title": "Engineers arrive in Kursk",
    "source": "Example Wire",
    "published_at": "2025-03-03",
    "external_id": "example-1",
}
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "claimReviewed": "North Korea has sent 100,000 soldiers to fight for Russia.",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "datePublished": "2024-11-05",
    "url": "https://factcheck.example/nk-100000",
    "reviewRating": {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    },
}


def shorten(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: shorten(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shorten(item) for item in value[:2]]
    if isinstance(value, str) and len(value) > 400:
        return value[:400].rsplit(" ", 1)[0] + " …"
    return value


def record() -> dict[str, dict[str, Any]]:
    calls: list[tuple[str, str, str, Any, dict[str, Any] | None]] = [
        ("health", "GET", "/health", None, None),
        ("ready", "GET", "/ready", None, None),
        ("checkStatement", "POST", "/v1/check", {"statement": STATEMENT, "limit": 2}, None),
        (
            "checkStatements",
            "POST",
            "/v1/check/batch",
            {
                "checks": [
                    {"statement": STATEMENT, "limit": 1},
                    {"statement": "Shoigu visited Pyongyang on June 14", "limit": 1},
                ]
            },
            None,
        ),
        ("checkStatementByQuery", "GET", "/v1/check", None, {"statement": STATEMENT, "limit": 2}),
        (
            "checkText",
            "POST",
            "/v1/check/text",
            {
                "text": "North Korea sent 1,500 soldiers in the first phase. It was cold.",
                "limit": 1,
            },
            None,
        ),
        ("checkTimeline", "GET", "/v1/check/timeline", None, {"statement": STATEMENT}),
        ("exportClaimReview", "POST", "/v1/check/claimreview", {"statement": STATEMENT}, None),
        ("importClaimReviews", "POST", "/v1/claimreviews", REVIEW, None),
        ("ingestReport", "POST", "/v1/reports", REPORT, None),
        ("ingestReport", "POST", "/v1/reports", REPORT, None),  # again: 200, replaced
        (
            "bulkIngestReports",
            "POST",
            "/v1/reports/bulk",
            [
                {"text": "Officials said 40 ships docked.", "external_id": "nd-1"},
                {"text": "Officials said 12 trains left.", "external_id": "nd-2"},
            ],
            None,
        ),
        ("listReports", "GET", "/v1/reports", None, {"limit": 2}),
        ("getReport", "GET", "/v1/reports/3", None, None),
        ("listClaims", "GET", "/v1/claims", None, {"limit": 2}),
        (
            "createClaim",
            "POST",
            "/v1/claims",
            {
                "text": "North Korea has sent 12,000 soldiers to Russia.",
                "source": "Example Post",
                "claimant": "a member of parliament",
                "published_at": "2024-10-30",
            },
            None,
        ),
        ("getClaim", "GET", "/v1/claims/1", None, None),
        ("createWatch", "POST", "/v1/watches", {"statement": STATEMENT}, None),
        ("listWatches", "GET", "/v1/watches", None, {"limit": 2}),
        ("getWatch", "GET", "/v1/watches/1", None, None),
        ("listWatchEvents", "GET", "/v1/watches/1/events", None, {"limit": 2}),
    ]
    examples: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/examples.db",
            seeds_dir=str(ROOT / "seeds"),
            semantic="off",  # the same examples whether or not the claims are embedded yet
        )
        with TestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
            for operation_id, method, path, body, params in calls:
                response = client.request(method, path, json=body, params=params)
                if response.status_code >= 300:
                    raise SystemExit(f"{method} {path}: {response.status_code} {response.text}")
                entry = examples.setdefault(operation_id, {"responses": {}})
                entry["responses"][str(response.status_code)] = shorten(response.json())
                if body is not None:
                    entry["request"] = body
    return examples


def main() -> None:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(json.dumps(record(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
