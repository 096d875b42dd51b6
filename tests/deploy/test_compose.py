"""compose.yaml gives a working system on one URL: PostgreSQL, two replicas, a proxy.

No Docker engine runs here, so the file is checked for what `docker compose up` relies on.
"""

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return document


def test_postgres_has_a_pg_isready_healthcheck_and_a_named_volume(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_two_replicas_start_only_when_the_database_is_healthy(compose: dict[str, Any]) -> None:
    replicas = [s for name, s in compose["services"].items() if name.startswith("api-")]
    assert len(replicas) == 2
    for replica in replicas:
        assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
        url = replica["environment"]["FACTCHECK_DATABASE_URL"]
        assert url.startswith("postgresql://")
        assert "@postgres:5432/" in url


def test_replicas_have_their_own_index_volume(compose: dict[str, Any]) -> None:
    volumes = [compose["services"][f"api-{n}"]["volumes"][0] for n in (1, 2)]
    assert len(set(volumes)) == 2


def test_the_proxy_publishes_one_url_over_both_replicas(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    assert proxy["ports"] == ["8000:80"]
    config_file = proxy["volumes"][0].split(":")[0]
    config = (ROOT / config_file).read_text()
    assert "server api-1:8000" in config
    assert "server api-2:8000" in config
    assert set(proxy["depends_on"]) == {"api-1", "api-2"}


def replica_environment(compose: dict[str, Any]) -> dict[str, str]:
    """api-1's environment as `docker compose` would pass it, with ${VAR:?...} filled in."""
    environment = compose["services"]["api-1"]["environment"]
    filled = {"FACTCHECK_API_KEYS": "read+write:a-long-random-secret-for-the-test"}
    found: dict[str, str] = {}
    for name, value in environment.items():
        text = str(value)
        if text.startswith("${") and ":-" in text:  # ${VAR:-default}: the default
            found[name] = text.split(":-", 1)[1].removesuffix("}")
        else:
            found[name] = filled[name] if text.startswith("${") else text
    return found


def test_the_replicas_require_api_keys_since_they_listen_beyond_loopback(
    compose: dict[str, Any],
) -> None:
    from service.api.security import load_key_ring, refuse_open_exposure
    from service.settings import Settings

    environment = compose["services"]["api-1"]["environment"]
    # `:?` makes `docker compose up` stop with a message when the operator set no keys.
    assert environment["FACTCHECK_API_KEYS"].startswith("${FACTCHECK_API_KEYS:?")
    settings = Settings.from_env(replica_environment(compose))
    assert settings.host == "0.0.0.0"
    refuse_open_exposure(settings, load_key_ring(settings))  # raises when the keys are missing


def test_every_setting_the_replicas_use_is_a_real_setting(compose: dict[str, Any]) -> None:
    from service.settings import Settings

    settings = Settings.from_env(replica_environment(compose))
    assert settings.database_url.startswith("postgresql://")


def test_the_replicas_believe_forwarded_headers_from_the_proxy_only(
    compose: dict[str, Any],
) -> None:
    from service.settings import Settings

    settings = Settings.from_env(replica_environment(compose))
    proxy_address = compose["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    assert settings.trusted_proxies == (proxy_address,)
    assert "localhost" in settings.allowed_hosts
