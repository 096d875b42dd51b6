"""compose.yaml gives a working system on one URL: PostgreSQL, Redis, two replicas, a proxy.

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


SECRET_MOUNT = "/run/secrets/api_keys"


def replica_environment(compose: dict[str, Any], keys_file: Path) -> dict[str, str]:
    """api-1's environment as `docker compose` would pass it, the secret at `keys_file`."""
    environment = compose["services"]["api-1"]["environment"]
    found: dict[str, str] = {}
    for name, value in environment.items():
        text = str(value)
        if text.startswith("${") and ":-" in text:  # ${VAR:-default}: the default
            found[name] = text.split(":-", 1)[1].removesuffix("}")
        else:
            found[name] = text.replace(SECRET_MOUNT, str(keys_file))
    return found


def test_the_replicas_read_their_keys_from_a_secret_file_not_the_environment(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    from service.api.edge.security import load_key_ring, refuse_open_exposure
    from service.settings import Settings

    replica = compose["services"]["api-1"]
    assert "FACTCHECK_API_KEYS" not in replica["environment"]
    assert replica["environment"]["FACTCHECK_API_KEYS_FILE"] == SECRET_MOUNT
    assert replica["secrets"] == ["api_keys"]
    assert "file" in compose["secrets"]["api_keys"]
    keys_file = tmp_path / "api_keys"
    keys_file.write_text("read+write:a-long-random-secret-for-the-test\n")
    settings = Settings.from_env(replica_environment(compose, keys_file))
    assert settings.host == "0.0.0.0"
    refuse_open_exposure(settings, load_key_ring(settings))  # raises when the keys are missing
    assert "/secrets/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_replicas_share_redis_for_limits_and_idempotency(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    assert "redis-cli" in " ".join(redis["healthcheck"]["test"])
    for name in ("api-1", "api-2"):
        replica = compose["services"][name]
        assert replica["environment"]["FACTCHECK_REDIS_URL"].startswith("redis://redis:6379")
        assert replica["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_replicas_are_healthy_only_when_ready_and_load_no_demo_articles(
    compose: dict[str, Any],
) -> None:
    for name in ("api-1", "api-2"):
        replica = compose["services"][name]
        check = " ".join(replica["healthcheck"]["test"])
        assert "/ready" in check
        assert "/health" not in check
        assert replica["environment"]["FACTCHECK_SEEDS_DIR"] == "none"


def test_nginx_keeps_the_clients_request_id() -> None:
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Request-ID $request_id;" not in config
    assert "map $http_x_request_id $factcheck_request_id" in config
    assert "default $http_x_request_id;" in config
    assert "proxy_set_header X-Request-ID $factcheck_request_id;" in config


def test_every_setting_the_replicas_use_is_a_real_setting(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    from service.settings import Settings

    settings = Settings.from_env(replica_environment(compose, tmp_path / "keys"))
    assert settings.database_url.startswith("postgresql://")


def test_the_replicas_believe_forwarded_headers_from_the_proxy_only(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    from service.settings import Settings

    settings = Settings.from_env(replica_environment(compose, tmp_path / "keys"))
    proxy_address = compose["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    assert settings.trusted_proxies == (proxy_address,)
    assert "localhost" in settings.allowed_hosts
