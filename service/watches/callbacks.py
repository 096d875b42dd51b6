"""Which callback URLs events may be sent to (server-side request forgery rules).

https only unless FACTCHECK_ALLOW_HTTP_CALLBACKS; never an address that is not globally
routable (loopback, link-local, private, shared, reserved, multicast) unless it falls in
FACTCHECK_CALLBACK_ALLOW. The URL is checked when the watch is made, and every address the
host resolves to is checked again before each delivery, which then connects to that checked
address: a name that later resolves somewhere private is refused, not followed.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


# What a callback URL must look like on a service that allows neither http nor any private
# address (the default), as its OpenAPI document states it: https, a host name (an address
# written as digits, like "0" or "10.0.0.1", or in brackets, or localhost, is refused), an
# optional port, no user name and no fragment. The same rules are enforced by parse_callback.
_PORT = r"(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
_HOST_END = r"(?::|/|\?|$)"
STRICT_CALLBACK_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]://"
    rf"(?![0-9.]+{_HOST_END})(?!\[)(?![Ll][Oo][Cc][Aa][Ll][Hh][Oo][Ss][Tt]\.?{_HOST_END})"
    rf"[^\x00-\x20\x7f/?#@:\[\]]+(?::{_PORT})?(?:[/?][^\x00-\x20\x7f#]*)?$"
)


class CallbackRefused(Exception):
    """The callback URL or the address it resolves to is not allowed."""


class CallbackPolicy:
    # A plain class, not a dataclass: litestar's dependency signatures look into dataclasses.
    def __init__(self, *, allow_http: bool = False, allowed: tuple[IPNetwork, ...] = ()) -> None:
        self.allow_http = allow_http
        self.allowed = allowed

    @classmethod
    def from_entries(cls, allow_http: bool, entries: tuple[str, ...]) -> "CallbackPolicy":
        networks: list[IPNetwork] = []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError as exc:
                raise ValueError(
                    f"FACTCHECK_CALLBACK_ALLOW: {entry!r} is not an IP address or network (CIDR)"
                ) from exc
        return cls(allow_http=allow_http, allowed=tuple(networks))

    @property
    def strict(self) -> bool:
        """Neither http nor any private network allowed: callbacks name their host."""
        return not self.allow_http and not self.allowed

    def address_allowed(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in network for network in self.allowed):
            return True
        return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent


def parse_callback(url: str, policy: CallbackPolicy) -> Target:
    """The parts of `url`, or CallbackRefused saying why it cannot be a callback."""
    if any(ord(c) <= 32 or ord(c) == 127 for c in url):
        # ASCII controls and space, spelled out (regex \s differs between Python and the
        # document's readers); urlsplit would silently drop some. A URL holding them is a mistake.
        raise CallbackRefused("must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise CallbackRefused(f"not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in {"https", "http"}:
        raise CallbackRefused("must be an https URL")
    if scheme == "http" and not policy.allow_http:
        raise CallbackRefused("must be https (http callbacks are not allowed on this service)")
    if parts.username is not None or parts.password is not None:
        raise CallbackRefused("must not carry a user name or password")
    if parts.fragment:
        raise CallbackRefused("must not have a fragment")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise CallbackRefused("has no host")
    literal = _literal_address(host)
    written_as_number = literal is not None or all(c.isdigit() or c == "." for c in host)
    if policy.strict and (written_as_number or "[" in parts.netloc):
        raise CallbackRefused(f"{host} is an address; give the receiver's host name")
    if literal is not None and not policy.address_allowed(literal):
        raise CallbackRefused(f"{host} is not a public address")
    if literal is None and host.lower() == "localhost":
        raise CallbackRefused(f"{host} is not a public address")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, host, port or (443 if scheme == "https" else 80), path)


async def resolve(target: Target, policy: CallbackPolicy) -> IPAddress:
    """The address to connect to: every address of the host must be allowed."""
    literal = _literal_address(target.host)
    if literal is not None:
        addresses = [literal]
    else:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise CallbackRefused(f"cannot resolve {target.host}: {exc}") from exc
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise CallbackRefused(f"{target.host} has no address")
    refused = [a for a in addresses if not policy.address_allowed(a)]
    if refused:
        raise CallbackRefused(f"{target.host} resolves to {refused[0]}, not a public address")
    return addresses[0]


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
