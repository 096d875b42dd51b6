"""API keys and scopes: who may call which route.

Keys come from `FACTCHECK_API_KEYS` and/or the file named by `FACTCHECK_API_KEYS_FILE`, one
`SCOPES:KEY` entry each, where SCOPES is `read`, `write` or `read+write` and KEY is the secret
itself or `sha256:` and its hex digest (so a keys file need not hold a usable secret).

Only SHA-256 digests are kept in memory. Keys are long random secrets, so an unsalted digest is
enough (the same reasoning as for GitHub tokens); a presented key is hashed and compared with
every stored digest by `hmac.compare_digest`, without stopping at the first match, so timing
reveals neither which key nor how much of it matched. Keys are accepted in `Authorization:
Bearer` or `X-API-Key`, never in the query string (URLs end up in proxy logs and browser
history). Logs and metrics name a key by its fingerprint: the first 12 hex digits of its digest.

With no key configured the service is open, which is only allowed on a loopback address
unless `FACTCHECK_ALLOW_ANONYMOUS=true` (see `refuse_open_exposure`).
"""

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Mapping
from pathlib import Path

import msgspec
from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Send
from litestar.types import Scope as ASGIScope

from service.api.edge.rejections import reject
from service.api.policy import RoutePolicy, route_policy
from service.settings import Settings, SettingsError

SCOPES: frozenset[str] = frozenset({"read", "write"})
HASH_PREFIX = "sha256:"
CHALLENGE = 'Bearer realm="factcheck", charset="UTF-8"'
PRINCIPAL_KEY = "factcheck.principal"
VERDICT_KEY = "factcheck.auth_verdict"


class Principal(msgspec.Struct, frozen=True):
    """The caller a request was authenticated as."""

    key_id: str
    scopes: frozenset[str]


class _StoredKey(msgspec.Struct, frozen=True):
    digest: bytes
    scopes: frozenset[str]


class KeyRing:
    """The configured keys, by digest only."""

    def __init__(self, keys: Iterable[_StoredKey] = ()) -> None:
        self._keys = tuple(keys)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def identify(self, presented: str) -> Principal | None:
        digest = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        found: _StoredKey | None = None
        for key in self._keys:
            # No early exit: every request costs the same comparisons, whichever key it holds.
            if hmac.compare_digest(key.digest, digest) and found is None:
                found = key
        if found is None:
            return None
        return Principal(key_id=found.digest.hex()[:12], scopes=found.scopes)


def parse_keys(text: str, *, origin: str) -> list[_StoredKey]:
    """`SCOPES:KEY` entries separated by commas or new lines; `#` starts a comment line."""
    keys: list[_StoredKey] = []
    for number, raw in enumerate(text.replace(",", "\n").splitlines(), start=1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        scopes_text, sep, secret = entry.partition(":")
        scopes = frozenset(s.strip() for s in scopes_text.split("+"))
        if not sep or not secret or not scopes <= SCOPES:
            raise SettingsError(
                f"{origin}: entry {number} is not SCOPES:KEY with SCOPES read, write or read+write"
            )
        if secret != secret.strip() or any(c.isspace() or not c.isprintable() for c in secret):
            # `read: KEY` would store " KEY", which no header can carry: it would never match.
            raise SettingsError(
                f"{origin}: entry {number} has a blank or control character in its key "
                "(write SCOPES:KEY with nothing around the colon)"
            )
        keys.append(_StoredKey(digest=_digest(secret, origin, number), scopes=scopes))
    return keys


def _digest(secret: str, origin: str, number: int) -> bytes:
    if secret.startswith(HASH_PREFIX):
        try:
            digest = bytes.fromhex(secret.removeprefix(HASH_PREFIX))
        except ValueError:
            digest = b""
        if len(digest) != hashlib.sha256().digest_size:
            raise SettingsError(f"{origin}: entry {number} has a malformed sha256 digest")
        return digest
    if len(secret) < 16:
        raise SettingsError(f"{origin}: entry {number} has a key shorter than 16 characters")
    return hashlib.sha256(secret.encode()).digest()


def load_key_ring(settings: Settings) -> KeyRing:
    keys: list[_StoredKey] = []
    if settings.api_keys:
        keys += parse_keys(settings.api_keys, origin="FACTCHECK_API_KEYS")
    if settings.api_keys_file:
        path = Path(settings.api_keys_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SettingsError(f"FACTCHECK_API_KEYS_FILE: cannot read {path}: {exc}") from exc
        keys += parse_keys(text, origin=f"FACTCHECK_API_KEYS_FILE ({path})")
    return KeyRing(keys)


def refuse_open_exposure(settings: Settings, keys: KeyRing) -> None:
    """An open service on a public address is a mistake unless the operator says otherwise."""
    if keys or settings.allow_anonymous or is_loopback(settings.host):
        return
    raise SettingsError(
        f"FACTCHECK_HOST={settings.host} is not a loopback address and no API key is configured: "
        "set FACTCHECK_API_KEYS (or FACTCHECK_API_KEYS_FILE), or FACTCHECK_ALLOW_ANONYMOUS=true "
        "to serve without keys on purpose"
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def presented_key(headers: Mapping[str, str]) -> str | None:
    authorization = headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    api_key = headers.get("x-api-key", "").strip()
    return api_key or None


class Verdict(msgspec.Struct, frozen=True):
    """The outcome of authenticating a request: a principal, or the rejection to send."""

    principal: Principal | None = None
    status: int = 200
    detail: str = ""


def authorize(keys: KeyRing, policy: RoutePolicy, headers: Mapping[str, str]) -> Verdict:
    """Whether the caller may call a route of this policy (see `service.api.policy`)."""
    if not keys or policy.scope == "public":
        return Verdict()
    presented = presented_key(headers)
    if presented is None:
        detail = "an API key is required: send it as `Authorization: Bearer KEY` or `X-API-Key`"
        return Verdict(status=401, detail=detail)
    principal = keys.identify(presented)
    if principal is None:
        return Verdict(status=401, detail="the API key is not valid")
    if policy.scope not in principal.scopes:
        return Verdict(principal, 403, f"this API key lacks the `{policy.scope}` scope")
    return Verdict(principal)


class AuthenticationMiddleware(ASGIMiddleware):
    """Works out who is calling and whether they may; rejects nothing yet.

    Rejection waits for `AuthorizationMiddleware`, placed after the rate limiter, so that a
    flood of wrong keys is limited by address like any other traffic.
    """

    scopes = (ScopeType.HTTP,)

    def __init__(self, keys: KeyRing) -> None:
        self.keys = keys

    async def handle(
        self, scope: ASGIScope, receive: Receive, send: Send, next_app: ASGIApp
    ) -> None:
        verdict = authorize(self.keys, route_policy(scope), Headers.from_scope(scope))
        scope["state"][VERDICT_KEY] = verdict
        if verdict.principal is not None:
            scope["state"][PRINCIPAL_KEY] = verdict.principal
        await next_app(scope, receive, send)


class AuthorizationMiddleware(ASGIMiddleware):
    """401 without a valid key, 403 without the route's scope, both with `WWW-Authenticate`."""

    scopes = (ScopeType.HTTP,)

    async def handle(
        self, scope: ASGIScope, receive: Receive, send: Send, next_app: ASGIApp
    ) -> None:
        verdict: Verdict = scope["state"].get(VERDICT_KEY, Verdict())
        if verdict.status == 401:
            headers = {"WWW-Authenticate": CHALLENGE}
            await reject(
                scope, receive, send, 401, verdict.detail, kind="unauthorized", headers=headers
            )
            return
        if verdict.status == 403:
            needed = route_policy(scope).scope
            headers = {
                "WWW-Authenticate": f'{CHALLENGE}, error="insufficient_scope", scope="{needed}"'
            }
            await reject(
                scope, receive, send, 403, verdict.detail, kind="forbidden", headers=headers
            )
            return
        await next_app(scope, receive, send)


def principal_of(scope: ASGIScope) -> Principal | None:
    principal: Principal | None = scope["state"].get(PRINCIPAL_KEY)
    return principal
