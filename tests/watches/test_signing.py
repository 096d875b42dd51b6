"""The webhook signature, the retry schedule and the callback address rules."""

import ipaddress
import re

import pytest

from service.watches.callbacks import (
    STRICT_CALLBACK_PATTERN,
    CallbackPolicy,
    CallbackRefused,
    parse_callback,
    resolve,
)
from service.watches.delivery import MAX_BACKOFF_SECONDS, backoff
from service.watches.signing import BadSignature, sign, verify

BODY = b'{"id":1,"type":"watch.match"}'


def test_a_signature_verifies_with_the_secret_within_the_window() -> None:
    header = sign("secret", BODY, now=1_700_000_000)

    assert header.startswith("t=1700000000,v1=")
    assert verify("secret", header, BODY, now=1_700_000_100) == 1_700_000_000


@pytest.mark.parametrize(
    ("secret", "body", "now"),
    [
        ("other", BODY, 1_700_000_000),  # wrong secret
        ("secret", BODY + b" ", 1_700_000_000),  # body changed
        ("secret", BODY, 1_700_000_301),  # replayed after the window
        ("secret", BODY, 1_699_999_600),  # from the future, beyond the window
    ],
)
def test_a_signature_is_refused_when_anything_differs(secret: str, body: bytes, now: int) -> None:
    header = sign("secret", BODY, now=1_700_000_000)
    with pytest.raises(BadSignature):
        verify(secret, header, body, now=now)


@pytest.mark.parametrize("header", ["", "v1=abc", "t=x,v1=abc", "t=1700000000"])
def test_a_malformed_header_is_refused(header: str) -> None:
    with pytest.raises(BadSignature):
        verify("secret", header, BODY, now=1_700_000_000)


def test_retries_double_with_jitter_and_are_capped() -> None:
    assert backoff(1, 30, rand=lambda: 0.0) == 15
    assert backoff(1, 30, rand=lambda: 1.0) == 30
    assert backoff(4, 30, rand=lambda: 1.0) == 240
    assert backoff(40, 30, rand=lambda: 1.0) == MAX_BACKOFF_SECONDS
    assert len({backoff(3, 30) for _ in range(20)}) > 1


STRICT = CallbackPolicy()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/hook",
        "ftp://example.org/hook",
        "https://localhost/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://192.168.1.1/hook",
        "https://172.16.0.1/hook",
        "https://100.64.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://user:pass@example.org/hook",
        "https://example.org/hook#part",
        "https:///hook",
    ],
)
def test_callbacks_to_private_places_are_refused(url: str) -> None:
    with pytest.raises(CallbackRefused):
        parse_callback(url, STRICT)


def test_the_allow_list_and_http_setting_open_exactly_what_they_name() -> None:
    policy = CallbackPolicy.from_entries(True, ("127.0.0.0/8", "fd00::/8"))

    assert parse_callback("http://127.0.0.1:9000/h?x=1", policy).path == "/h?x=1"
    assert parse_callback("https://[fd00::5]/h", policy).port == 443
    with pytest.raises(CallbackRefused):
        parse_callback("http://10.0.0.1/h", policy)
    with pytest.raises(ValueError, match="FACTCHECK_CALLBACK_ALLOW"):
        CallbackPolicy.from_entries(False, ("not-a-network",))


async def test_a_name_resolving_to_a_private_address_is_refused_at_delivery() -> None:
    target = parse_callback("https://localhost.example.invalid/hook", STRICT)
    with pytest.raises(CallbackRefused):
        await resolve(target, STRICT)  # does not resolve
    loopback_name = parse_callback("https://ip6-localhost/hook", CallbackPolicy())
    with pytest.raises(CallbackRefused):
        await resolve(loopback_name, STRICT)


async def test_a_public_literal_address_resolves_to_itself_when_addresses_are_allowed() -> None:
    with pytest.raises(CallbackRefused, match="host name"):
        parse_callback("https://93.184.215.14/hook", STRICT)  # strict: a host name, please
    relaxed = CallbackPolicy.from_entries(True, ())
    target = parse_callback("https://93.184.215.14/hook", relaxed)
    assert await resolve(target, relaxed) == ipaddress.ip_address("93.184.215.14")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/hook",
        "HTTP://0",
        "https://0/h",
        "https://10.0.0.1/h",
        "https://[::1]/h",
        "https://localhost./h",
        "https://a:99999/",
        "https://a:65535/x?y",
        "https://u:p@a/",
        "https://a/#f",
        "https://a\tb/",
    ],
)
def test_the_documented_pattern_and_the_strict_rules_agree(url: str) -> None:
    documented = re.match(STRICT_CALLBACK_PATTERN, url) is not None
    try:
        parse_callback(url, STRICT)
        accepted = True
    except CallbackRefused:
        accepted = False
    assert documented == accepted
