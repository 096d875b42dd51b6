"""API keys: hashed, compared in constant time, in headers only, scoped read and/or write."""

import hashlib
import hmac
from pathlib import Path

import pytest

from service.api.edge.security import KeyRing, load_key_ring, parse_keys, refuse_open_exposure
from service.app import create_app
from service.cli import main
from service.settings import Settings, SettingsError
from tests.edge_apps import (
    READ_KEY,
    READ_WRITE_KEY,
    WRITE_KEY,
    Client,
    ClientFactory,
    bearer,
)

REPORT = {"text": "The ministry said 300 engineers arrived in Kursk on Monday.", "source": "T"}


async def test_a_request_without_a_key_is_401_problem_json_with_a_bearer_challenge(
    secured: Client,
) -> None:
    response = await secured.get("/v1/reports")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith('Bearer realm="factcheck"')
    assert response.json()["type"].endswith("/unauthorized")


async def test_a_wrong_key_is_401(secured: Client) -> None:
    response = await secured.get("/v1/reports", headers=bearer(READ_KEY + "x"))
    assert response.status_code == 401
    assert response.json()["detail"] == "the API key is not valid"


@pytest.mark.parametrize("name", ["api_key", "key", "access_token", "token"])
async def test_a_key_in_the_query_string_is_never_accepted(secured: Client, name: str) -> None:
    response = await secured.get(f"/v1/reports?{name}={READ_WRITE_KEY}")
    assert response.status_code == 401


async def test_a_key_is_accepted_as_bearer_token_or_x_api_key(secured: Client) -> None:
    assert (await secured.get("/v1/reports", headers=bearer(READ_KEY))).status_code == 200
    assert (await secured.get("/v1/reports", headers={"X-API-Key": READ_KEY})).status_code == 200


async def test_a_read_key_reads_and_checks_but_may_not_write(secured: Client) -> None:
    headers = bearer(READ_KEY)
    assert (await secured.get("/v1/claims?limit=1", headers=headers)).status_code == 200
    check = await secured.post("/v1/check", json={"statement": "troops"}, headers=headers)
    assert check.status_code == 200
    text = await secured.post("/v1/check/text", json={"text": "Troops left."}, headers=headers)
    assert text.status_code == 200
    write = await secured.post("/v1/reports", json=REPORT, headers=headers)
    assert write.status_code == 403
    assert 'error="insufficient_scope", scope="write"' in write.headers["www-authenticate"]
    assert write.json()["type"].endswith("/forbidden")
    assert (await secured.delete("/v1/reports/1", headers=headers)).status_code == 403


async def test_a_write_key_ingests_and_deletes_but_may_not_read(secured: Client) -> None:
    headers = bearer(WRITE_KEY)
    created = await secured.post("/v1/reports", json=REPORT, headers=headers)
    assert created.status_code == 201
    assert (await secured.get("/v1/reports", headers=headers)).status_code == 403
    report_id = created.json()["id"]
    assert (await secured.delete(f"/v1/reports/{report_id}", headers=headers)).status_code == 204


async def test_a_read_write_key_does_both(secured: Client) -> None:
    headers = bearer(READ_WRITE_KEY)
    assert (await secured.post("/v1/reports", json=REPORT, headers=headers)).status_code == 201
    assert (await secured.get("/v1/reports", headers=headers)).status_code == 200


@pytest.mark.parametrize("path", ["/health", "/ready", "/schema/openapi.json"])
async def test_probes_and_the_api_description_need_no_key(secured: Client, path: str) -> None:
    assert (await secured.get(path)).status_code == 200


async def test_the_openapi_document_declares_both_key_schemes(secured: Client) -> None:
    document = (await secured.get("/schema/openapi.json")).json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer"}
    assert schemes["apiKey"]["in"] == "header"
    assert schemes["apiKey"]["name"] == "X-API-Key"
    operation = document["paths"]["/v1/reports"]["post"]
    assert {"401", "403"} <= set(operation["responses"])
    assert "security" not in document["paths"]["/health"]["get"]


async def test_with_no_key_configured_the_service_is_open(make_client: ClientFactory) -> None:
    async with make_client() as client:
        assert (await client.post("/v1/reports", json=REPORT)).status_code == 201
        assert (await client.get("/v1/reports")).status_code == 200


def test_only_digests_are_kept_and_every_key_is_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ring = KeyRing(parse_keys(f"read:{READ_KEY},write:{WRITE_KEY}", origin="test"))
    assert READ_KEY not in repr(vars(ring))
    assert READ_KEY.encode() not in b"".join(key.digest for key in ring._keys)
    compared: list[bytes] = []
    real_compare = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        compared.append(a)
        return real_compare(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    principal = ring.identify(READ_KEY)
    assert principal is not None
    assert principal.scopes == {"read"}
    assert len(compared) == 2, "the loop must not stop at the first (matching) key"


def test_a_key_may_be_given_as_its_sha256_digest() -> None:
    digest = hashlib.sha256(READ_KEY.encode()).hexdigest()
    ring = KeyRing(parse_keys(f"read+write:sha256:{digest}", origin="test"))
    principal = ring.identify(READ_KEY)
    assert principal is not None
    assert principal.key_id == digest[:12]
    assert principal.scopes == {"read", "write"}


def test_keys_shorter_than_16_characters_are_refused_and_16_are_accepted() -> None:
    assert len(parse_keys("read:" + "k" * 16, origin="X")) == 1
    with pytest.raises(SettingsError, match="shorter than 16"):
        parse_keys("read:" + "k" * 15, origin="X")


@pytest.mark.parametrize(
    "entry", ["admin:" + "k" * 20, "k" * 20, "read:", "read:sha256:abc", "read+delete:" + "k" * 20]
)
def test_a_malformed_entry_fails_naming_the_variable(entry: str) -> None:
    with pytest.raises(SettingsError, match="FACTCHECK_API_KEYS"):
        load_key_ring(Settings(api_keys=entry))


def test_a_keys_file_holds_one_entry_a_line_with_comments(tmp_path: Path) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text(f"# newsroom plugin\nread:{READ_KEY}\n\nwrite:{WRITE_KEY}\n")
    ring = load_key_ring(Settings(api_keys_file=str(keys_file), api_keys=f"read:{'z' * 20}"))
    assert len(ring) == 3
    assert ring.identify(WRITE_KEY) is not None


def test_a_missing_keys_file_fails_naming_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="FACTCHECK_API_KEYS_FILE"):
        load_key_ring(Settings(api_keys_file=str(tmp_path / "absent")))


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"])
def test_an_open_service_may_bind_to_loopback(host: str) -> None:
    refuse_open_exposure(Settings(host=host), KeyRing())


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "example.org"])
def test_an_open_service_refuses_a_public_address(host: str) -> None:
    with pytest.raises(SettingsError, match="FACTCHECK_ALLOW_ANONYMOUS"):
        create_app(Settings(host=host, seeds_dir=None, database_url="sqlite:///:memory:"))


def test_a_public_address_is_fine_with_keys_or_when_anonymous_is_allowed() -> None:
    keys = load_key_ring(Settings(api_keys=f"read:{READ_KEY}"))
    refuse_open_exposure(Settings(host="0.0.0.0"), keys)
    refuse_open_exposure(Settings(host="0.0.0.0", allow_anonymous=True), KeyRing())


def test_factcheck_serve_refuses_to_start_open_on_a_public_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTCHECK_HOST", "0.0.0.0")
    assert main(["serve"]) == 2
    assert "FACTCHECK_ALLOW_ANONYMOUS=true" in capsys.readouterr().err
