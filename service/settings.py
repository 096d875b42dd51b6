"""The one frozen Settings struct, read once from `FACTCHECK_*` environment variables.

A typo in a variable name or a bad value fails at start-up, naming the variable.
Every field is documented in the README's settings table (a test checks it).
"""

import ipaddress
import os
from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

PREFIX = "FACTCHECK_"
LIST_SETTINGS = {"cors_origins", "allowed_hosts", "trusted_proxies", "callback_allow"}
OPTIONAL_SETTINGS = {
    "seeds_dir",
    "index_dir",
    "api_keys",
    "api_keys_file",
    "redis_url",
    "public_url",
}

# A browser origin: scheme, host and an optional port, nothing else ("*" is not an allow-list).
Origin = Annotated[str, Meta(pattern=r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")]
# A host name or address the service answers to: `example.org`, `.example.org` (and its
# subdomains), `127.0.0.1`, `::1`, or `*` (any: only behind a proxy that checks Host itself).
HostName = Annotated[
    str, Meta(pattern=r"^(\*|\.?[A-Za-z0-9_.-]+|\[?[0-9A-Fa-f:.]+\]?)$", max_length=253)
]
# The URL clients reach the service at, without a trailing slash: `https://factcheck.example.org`.
PublicUrl = Annotated[
    str,
    Meta(pattern=r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-])?$"),
]


class SettingsError(Exception):
    """A FACTCHECK_* variable is unknown or has a bad value."""


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    database_url: Annotated[str, Meta(pattern=r"^(sqlite|postgresql|postgres)://")] = (
        "sqlite:///data/factcheck.db"
    )
    seeds_dir: str | None = "seeds"  # "none" disables seeding
    index_dir: str | None = None  # where the search index lives; None: in memory, rebuilt at start
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=0, le=65535)] = 8000
    workers: Annotated[int, Meta(ge=1, le=64)] = 1
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    max_body_bytes: Annotated[int, Meta(ge=1024)] = 8 * 1024 * 1024
    sqlite_synchronous: Literal["full", "normal"] = "full"
    min_score: Annotated[float, Meta(ge=0, le=100)] = 35.0
    # Measured (bench, 100k claims): 50 keeps the recall@5 and the CheckThat! MAP@5 of 100,
    # down to 30, and a check takes ~20% less time reading and re-ranking the rest.
    candidates: Annotated[int, Meta(ge=10, le=2000)] = 50
    # Embedding candidates beside BM25 (README "Semantic matching"): auto uses the model when
    # its weights are installed, on refuses to start without them, off is the lexical path only.
    semantic: Literal["auto", "on", "off"] = "auto"
    # Hardening: see the README's "Security" section.
    api_keys: str | None = None  # "SCOPES:KEY" entries, comma-separated; never logged
    api_keys_file: str | None = None  # one "SCOPES:KEY" entry a line
    allow_anonymous: bool = False  # run without keys on a non-loopback address
    cors_origins: tuple[Origin, ...] = ()
    rate_limit_per_minute: Annotated[int, Meta(ge=0, le=1_000_000)] = 600  # 0: no limit
    redis_url: Annotated[str, Meta(pattern=r"^(redis|rediss|unix)://")] | None = None
    check_budget_ms: Annotated[int, Meta(ge=50, le=600_000)] = 10_000
    idempotency_ttl_seconds: Annotated[int, Meta(ge=60, le=7 * 86_400)] = 86_400
    # The in-memory idempotency records of one process: least recently used out beyond either.
    idempotency_max_entries: Annotated[int, Meta(ge=1, le=10_000_000)] = 10_000
    idempotency_max_bytes: Annotated[int, Meta(ge=65_536)] = 64 * 1024 * 1024
    # Empty: the loopback names, and the host of public_url.
    allowed_hosts: tuple[HostName, ...] = ()
    # Addresses or networks whose X-Forwarded-For / -Proto are believed; nobody's by default.
    trusted_proxies: tuple[str, ...] = ()
    public_url: PublicUrl | None = None
    # The HTTP server's limits (see the README's "Security"): per request and per worker.
    max_header_bytes: Annotated[int, Meta(ge=1024, le=1024 * 1024)] = 16 * 1024
    max_headers: Annotated[int, Meta(ge=8, le=1000)] = 100
    header_timeout_seconds: Annotated[float, Meta(gt=0, le=600)] = 10.0
    body_timeout_seconds: Annotated[float, Meta(gt=0, le=3600)] = 60.0
    max_connections: Annotated[int, Meta(ge=16, le=100_000)] = 1000
    # Watches: see the README's "Watches" section.
    allow_http_callbacks: bool = False
    callback_allow: tuple[Annotated[str, Meta(pattern=r"^[0-9A-Fa-f.:]+(/[0-9]{1,3})?$")], ...] = ()
    delivery_timeout_seconds: Annotated[float, Meta(gt=0, le=120)] = 10.0
    delivery_first_retry_seconds: Annotated[float, Meta(gt=0, le=3_600)] = 30.0
    delivery_give_up_seconds: Annotated[float, Meta(gt=0, le=30 * 86_400)] = 86_400.0

    def __post_init__(self) -> None:
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(
                    f"{PREFIX}TRUSTED_PROXIES: `{proxy}` is not an address or a network"
                ) from None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        known = set(cls.__struct_fields__)
        raw: dict[str, object] = {}
        for key, value in env.items():
            if not key.startswith(PREFIX):
                continue
            name = key[len(PREFIX) :].lower()
            if name not in known:
                raise SettingsError(f"{key} is not a factcheck setting")
            raw[name] = _coerce(name, value)
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise SettingsError(_name_the_variable(str(exc))) from exc

    @property
    def seeding_enabled(self) -> bool:
        return self.seeds_dir is not None and self.seeds_dir.strip().lower() not in {"", "none"}


def _coerce(name: str, value: str) -> object:
    # Optional settings accept "none" to switch the feature off.
    if name in OPTIONAL_SETTINGS and value.strip().lower() in {"", "none"}:
        return None
    if name in LIST_SETTINGS:
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _name_the_variable(message: str) -> str:
    # msgspec says "... - at `$.port`"; users set FACTCHECK_PORT, so name that instead.
    if "`$." in message:
        head, _, tail = message.partition("`$.")
        field = tail.split("`", 1)[0]
        return f"{PREFIX}{field.upper()}: {head.removesuffix(' - at ').strip()}"
    return message
