"""The one frozen Settings struct, read once from `FACTCHECK_*` environment variables.

A typo in a variable name or a bad value fails at start-up, naming the variable.
Every field is documented in the README's settings table (a test checks it).
"""

import os
from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

PREFIX = "FACTCHECK_"
LIST_SETTINGS = {"cors_origins", "callback_allow"}
OPTIONAL_SETTINGS = {"seeds_dir", "index_dir", "api_keys", "api_keys_file", "redis_url"}

# A browser origin: scheme, host and an optional port, nothing else ("*" is not an allow-list).
Origin = Annotated[str, Meta(pattern=r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")]


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
    # Hardening: see the README's "Security" section.
    api_keys: str | None = None  # "SCOPES:KEY" entries, comma-separated; never logged
    api_keys_file: str | None = None  # one "SCOPES:KEY" entry a line
    allow_anonymous: bool = False  # run without keys on a non-loopback address
    cors_origins: tuple[Origin, ...] = ()
    rate_limit_per_minute: Annotated[int, Meta(ge=0, le=1_000_000)] = 600  # 0: no limit
    redis_url: Annotated[str, Meta(pattern=r"^(redis|rediss|unix)://")] | None = None
    check_budget_ms: Annotated[int, Meta(ge=50, le=600_000)] = 10_000
    idempotency_ttl_seconds: Annotated[int, Meta(ge=60, le=7 * 86_400)] = 86_400
    # Watches: see the README's "Watches" section.
    allow_http_callbacks: bool = False
    callback_allow: tuple[Annotated[str, Meta(pattern=r"^[0-9A-Fa-f.:]+(/[0-9]{1,3})?$")], ...] = ()
    delivery_timeout_seconds: Annotated[float, Meta(gt=0, le=120)] = 10.0
    delivery_first_retry_seconds: Annotated[float, Meta(gt=0, le=3_600)] = 30.0
    delivery_give_up_seconds: Annotated[float, Meta(gt=0, le=30 * 86_400)] = 86_400.0

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
