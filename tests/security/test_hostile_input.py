"""Hostile input gets a clear 4xx problem+json or a correct 2xx: never a 5xx, never a hang.

Covered: empty and blank text, statements of 100,000 characters, the length limits (at the limit
and one past it), deeply nested JSON, bytes that are not UTF-8, NUL, right-to-left and zero-width
characters, emoji and combining marks. Offsets of `/v1/check/text` slice the posted text back to
each sentence, in code points and in UTF-16 units; nothing already accepted is lost.
"""

import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.limits import MAX_BULK_ITEMS, MAX_FIELD_CHARS, MAX_REPORT_CHARS, MAX_STATEMENT_CHARS
from service.text.offsets import Utf16Offsets
from tests.edge_apps import Client, ClientFactory

PROBLEM_JSON = "application/problem+json"
JSON = {"Content-Type": "application/json"}
NDJSON = {"Content-Type": "application/x-ndjson"}
HUGE = 100_000  # characters: the "100,000-character statements"
QUICKLY = 5.0  # seconds; a refusal of an over-long input must not wait on the analysis of it

# Each JSON route with the text field that carries the hostile input.
TEXT_ROUTES = [
    ("/v1/check", "statement"),
    ("/v1/check/text", "text"),
    ("/v1/reports", "text"),
    ("/v1/claims", "text"),
]
WRITE_ROUTES = ["/v1/reports", "/v1/claims", "/v1/reports/bulk"]
ALL_JSON_ROUTES = ["/v1/check", "/v1/check/text", "/v1/reports", "/v1/claims", "/v1/reports/bulk"]

KEPT_REPORT = {
    "text": "The ministry said 300 engineers arrived in Kursk on Monday.",
    "source": "Example Wire",
    "external_id": "kept-1",
}


def good_report(n: int) -> dict[str, str]:
    return {"text": f"Officials said {n + 10} ships docked in Nampo.", "external_id": f"good-{n}"}


def assert_problem(response: httpx.Response, status: int, field: str | None = None) -> Any:
    """A problem+json answer with this status, a detail and, when given, the field at fault."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["detail"], str)
    assert body["detail"]
    if field is not None:
        assert body["field"] == field
        assert field in [param["name"] for param in body["invalid_params"]]
    return body


def assert_offsets_slice_back(text: str, sentences: list[dict[str, Any]]) -> None:
    """Each sentence is its span of the text, in code points and in UTF-16 code units."""
    utf16 = text.encode("utf-16-le")
    previous_end = 0
    for sentence in sentences:
        start, end = sentence["start"], sentence["end"]
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == sentence["text"]
        start16, end16 = sentence["start_utf16"], sentence["end_utf16"]
        assert utf16[2 * start16 : 2 * end16].decode("utf-16-le") == sentence["text"]
        assert sentence["result"]["statement"] == sentence["text"]
        previous_end = end


async def report_ids(client: Client) -> list[int]:
    """Every stored report's id, page after page."""
    ids: list[int] = []
    params = {"limit": "500"}
    while True:
        page = (await client.get("/v1/reports", params=params)).json()
        ids += [item["id"] for item in page["items"]]
        if "next_cursor" not in page:
            return ids
        params["cursor"] = page["next_cursor"]


@pytest.fixture
async def client(make_client: ClientFactory) -> AsyncIterator[Client]:
    """An empty store, keys off: only the input is hostile here."""
    async with make_client() as client:
        yield client


@pytest.fixture
async def kept(client: Client) -> int:
    """A report accepted before the hostile requests: it must survive all of them."""
    response = await client.post("/v1/reports", json=KEPT_REPORT)
    assert response.status_code == 201
    return int(response.json()["id"])


async def assert_kept(client: Client, kept: int) -> None:
    assert kept in await report_ids(client)
    report = (await client.get(f"/v1/reports/{kept}")).json()
    assert report["text"] == KEPT_REPORT["text"]
    assert report["claims"]


# Empty and whitespace-only text


BLANKS = ["", " ", "\t\n\r ", "\u00a0\u2003\u3000", "\n\n\n"]


@pytest.mark.parametrize(("route", "field"), TEXT_ROUTES)
async def test_empty_or_blank_text_is_422_naming_the_field(
    client: Client, kept: int, route: str, field: str
) -> None:
    for blank in BLANKS:
        assert_problem(await client.post(route, json={field: blank}), 422, field)
    await assert_kept(client, kept)


async def test_a_blank_or_missing_statement_in_the_query_is_422_naming_it(client: Client) -> None:
    for blank in BLANKS:
        response = await client.get("/v1/check", params={"statement": blank})
        assert_problem(response, 422, "statement")
    assert_problem(await client.get("/v1/check"), 422, "statement")


@pytest.mark.parametrize(("route", "field"), TEXT_ROUTES)
async def test_an_empty_body_or_one_that_is_no_object_is_422_naming_what_is_missing(
    client: Client, route: str, field: str
) -> None:
    assert_problem(await client.post(route, content=b"{}", headers=JSON), 422, field)
    for body in [b"", b"null", b'"text"', b"[]", b"42"]:
        response = await client.post(route, content=body, headers=JSON)
        assert_problem(response, 422, "body")


async def test_a_bulk_body_without_reports_is_422_on_the_body(client: Client, kept: int) -> None:
    for body, headers in [
        (b"", JSON),
        (b"[]", JSON),
        (b"{}", JSON),
        (b"", NDJSON),
        (b"\n  \n\t\n", NDJSON),
    ]:
        response = await client.post("/v1/reports/bulk", content=body, headers=headers)
        assert_problem(response, 422, "body")
    await assert_kept(client, kept)


async def test_zero_width_only_text_is_checked_as_holding_no_sentence(client: Client) -> None:
    response = await client.post("/v1/check/text", json={"text": "\u200b\u200d\ufeff\u2060"})
    assert response.status_code == 200
    assert response.json()["sentences"] == []
    checked = await client.post("/v1/check", json={"statement": "\u200b\u200f"})
    assert checked.status_code == 200
    assert checked.json()["verdict"] == "unverified"


@pytest.mark.parametrize(("route", "field"), [("/v1/reports", "text"), ("/v1/claims", "text")])
async def test_stored_text_of_only_invisible_characters_is_422_naming_the_field(
    client: Client, kept: int, route: str, field: str
) -> None:
    # Zero-width, bidi marks and a BOM show nothing: stored, they would be an empty claim.
    for invisible in ["\u200b", "\u200b \u2060\ufeff", "\u200e\u202b\u2066\u2069"]:
        assert_problem(await client.post(route, json={field: invisible}), 422, field)
    visible = await client.post(route, json={field: "Officials said\u200b 40 ships docked."})
    assert visible.status_code == 201
    await assert_kept(client, kept)


# Length limits: at the limit accepted, one past it refused, 100,000 characters refused at once


@pytest.mark.parametrize(
    ("route", "field", "limit", "status"),
    [
        ("/v1/check", "statement", MAX_STATEMENT_CHARS, 200),
        ("/v1/claims", "text", MAX_STATEMENT_CHARS, 201),
        ("/v1/reports", "text", MAX_REPORT_CHARS, 201),
        ("/v1/check/text", "text", MAX_REPORT_CHARS, 200),
    ],
)
async def test_text_at_its_length_limit_is_accepted_and_one_more_is_422(
    client: Client, route: str, field: str, limit: int, status: int
) -> None:
    at_limit = ("Officials said 40 ships docked. " * (limit // 32 + 1))[:limit]
    assert len(at_limit) == limit
    accepted = await client.post(route, json={field: at_limit})
    assert accepted.status_code == status, accepted.text[:500]
    body = assert_problem(await client.post(route, json={field: at_limit + "x"}), 422, field)
    assert str(limit) in body["detail"]


@pytest.mark.parametrize(("route", "field"), [("/v1/check", "statement"), ("/v1/claims", "text")])
async def test_length_limits_count_code_points_not_bytes_or_utf16_units(
    client: Client, route: str, field: str
) -> None:
    """2,000 astral emoji are 2,000 characters (8,000 bytes, 4,000 UTF-16 units): accepted."""
    emoji = "🇰🇵" * (MAX_STATEMENT_CHARS // 2)
    assert (await client.post(route, json={field: emoji})).status_code in {200, 201}
    assert_problem(await client.post(route, json={field: emoji + "😀"}), 422, field)


async def test_a_statement_in_the_query_is_limited_too(client: Client) -> None:
    at_limit = "North Korea sent troops " * (MAX_STATEMENT_CHARS // 24 + 1)
    ok = await client.get("/v1/check", params={"statement": at_limit[:MAX_STATEMENT_CHARS]})
    assert ok.status_code == 200
    over = await client.get("/v1/check", params={"statement": at_limit[: MAX_STATEMENT_CHARS + 1]})
    assert_problem(over, 422, "statement")
    # The longest URL the client sends; the body routes below take the full 100,000.
    huge = await client.get("/v1/check", params={"statement": "troops " * 9_000})
    assert_problem(huge, 422, "statement")


@pytest.mark.parametrize(("route", "field"), [("/v1/check", "statement"), ("/v1/claims", "text")])
async def test_a_100000_character_statement_is_422_naming_the_field_at_once(
    client: Client, kept: int, route: str, field: str
) -> None:
    for filler in ["a", "North Korea sent 1,500 troops. ", "🇰🇵\u0301\u200b"]:
        statement = (filler * HUGE)[:HUGE]
        started = time.perf_counter()
        body = assert_problem(await client.post(route, json={field: statement}), 422, field)
        assert time.perf_counter() - started < QUICKLY
        assert str(MAX_STATEMENT_CHARS) in body["detail"]
    await assert_kept(client, kept)


async def test_a_100000_character_draft_without_a_checkable_sentence_answers_at_once(
    client: Client,
) -> None:
    """One 'sentence' longer than a statement may be is skipped, not checked."""
    for text in ["a" * HUGE, "word " * (HUGE // 5), "😀\u200d" * (HUGE // 2)]:
        started = time.perf_counter()
        response = await client.post("/v1/check/text", json={"text": text})
        assert response.status_code == 200
        assert response.json()["sentences"] == []
        assert time.perf_counter() - started < QUICKLY


async def test_a_draft_too_long_to_check_in_its_budget_is_cut_off_not_left_hanging(
    make_client: ClientFactory,
) -> None:
    """2,500 check-worthy sentences against a 50 ms budget: 503 with Retry-After, promptly."""
    text = "".join(f"North Korea sent {n} soldiers to Russia. " for n in range(2_500))
    async with make_client(check_budget_ms=50) as client:
        started = time.perf_counter()
        response = await client.post("/v1/check/text", json={"text": text})
        assert time.perf_counter() - started < QUICKLY
    assert_problem(response, 503)
    assert response.headers["retry-after"]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("source", MAX_FIELD_CHARS), ("title", MAX_FIELD_CHARS), ("external_id", 256)],
)
async def test_report_fields_at_their_limit_are_kept_and_one_more_is_422(
    client: Client, field: str, limit: int
) -> None:
    report = {"text": "Officials said 40 ships docked.", field: "é" * limit}
    accepted = await client.post("/v1/reports", json=report)
    assert accepted.status_code == 201
    assert accepted.json()[field] == "é" * limit
    over = await client.post("/v1/reports", json={**report, field: "é" * (limit + 1)})
    assert_problem(over, 422, field)


async def test_a_bulk_of_the_most_items_allowed_is_ingested_and_one_more_is_422(
    client: Client, kept: int
) -> None:
    items = [{"text": f"Report {n} said {n} ships docked."} for n in range(MAX_BULK_ITEMS)]
    response = await client.post("/v1/reports/bulk", json=items)
    assert response.status_code == 200
    results = response.json()["items"]
    assert [item["status"] for item in results] == [201] * MAX_BULK_ITEMS
    assert [item["index"] for item in results] == list(range(MAX_BULK_ITEMS))
    stored = len(await report_ids(client))
    assert stored == MAX_BULK_ITEMS + 1

    one_more = [*items, {"text": "One too many."}]
    body = assert_problem(await client.post("/v1/reports/bulk", json=one_more), 422, "body")
    assert str(MAX_BULK_ITEMS) in body["detail"]
    ndjson = b"\n".join(msgspec.json.encode(item) for item in one_more)
    assert_problem(await client.post("/v1/reports/bulk", content=ndjson, headers=NDJSON), 422)
    assert len(await report_ids(client)) == stored
    await assert_kept(client, kept)


# Deeply nested JSON


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize("route", ALL_JSON_ROUTES)
async def test_deeply_nested_json_is_a_4xx_not_a_crash(
    client: Client, kept: int, route: str
) -> None:
    """Past the decoder's depth limit msgspec raises RecursionError: a 400 (422 for the bulk
    body, like any bulk body that is not JSON), not a 500."""
    for depth in (10_000, 100_000):
        response = await client.post(route, content=nested(depth), headers=JSON)
        assert response.status_code in {400, 422}
        body = assert_problem(response, response.status_code)
        assert re.search(r"nested too deeply|recursion depth", body["detail"])
    await assert_kept(client, kept)


@pytest.mark.parametrize(("route", "field"), TEXT_ROUTES)
async def test_a_field_nested_deeply_is_a_4xx_problem(
    client: Client, kept: int, route: str, field: str
) -> None:
    for depth in (50, 500, 20_000):
        content = b'{"%s": %s}' % (field.encode(), nested(depth))
        response = await client.post(route, content=content, headers=JSON)
        assert response.status_code in {400, 422}
        assert_problem(response, response.status_code)
    await assert_kept(client, kept)


async def test_a_deeply_nested_bulk_item_fails_alone(client: Client, kept: int) -> None:
    deep_object = b'{"text": "x", "title": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001
    lines = [
        msgspec.json.encode(good_report(1)),
        nested(20_000),
        deep_object,
        msgspec.json.encode({"text": [[[["Officials said 5 ships docked."]]]]}),
        msgspec.json.encode(good_report(2)),
    ]
    response = await client.post("/v1/reports/bulk", content=b"\n".join(lines), headers=NDJSON)
    assert response.status_code == 200
    assert [item["status"] for item in response.json()["items"]] == [201, 400, 400, 422, 201]
    in_json = b"[" + b",".join([lines[0], nested(20), lines[4]]) + b"]"
    response = await client.post("/v1/reports/bulk", content=in_json, headers=JSON)
    assert [item["status"] for item in response.json()["items"]] == [200, 422, 200]
    await assert_kept(client, kept)
    assert len(await report_ids(client)) == 3


# Bytes that are not UTF-8, and NUL

NOT_UTF8 = [
    b"\xff\xfe",  # a UTF-16 byte-order mark
    b"\xc3\x28",  # a broken two-byte sequence
    b"\xc0\xaf",  # an overlong "/"
    b"\xed\xa0\x80",  # a surrogate encoded in UTF-8
    b"\xf0\x9f\x87",  # an emoji cut short
    "Pyongyang é".encode("latin-1"),
]


@pytest.mark.parametrize(("route", "field"), TEXT_ROUTES)
async def test_a_body_that_is_not_utf8_is_400(
    client: Client, kept: int, route: str, field: str
) -> None:
    for raw in NOT_UTF8:
        content = b'{"%s": "North Korea sent %s troops."}' % (field.encode(), raw)
        body = assert_problem(await client.post(route, content=content, headers=JSON), 400)
        assert "UTF-8" in body["detail"]
    await assert_kept(client, kept)


async def test_a_lone_surrogate_escape_is_400(client: Client) -> None:
    for route, field in TEXT_ROUTES:
        for escape in [b"\\ud800", b"\\udfff", b"\\ud83d x"]:
            content = b'{"%s": "North Korea %s sent troops."}' % (field.encode(), escape)
            assert_problem(await client.post(route, content=content, headers=JSON), 400)


async def test_a_bulk_line_that_is_not_utf8_fails_alone(client: Client, kept: int) -> None:
    lines = [
        msgspec.json.encode(good_report(1)),
        b'{"text": "Officials said \xff\xfe ships docked."}',
        b'{"text": "Officials said \\ud800 ships docked."}',
        msgspec.json.encode(good_report(2)),
    ]
    response = await client.post("/v1/reports/bulk", content=b"\n".join(lines), headers=NDJSON)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["status"] for item in items] == [201, 400, 400, 201]
    assert all(items[i]["error"]["detail"] for i in (1, 2))
    assert len(await report_ids(client)) == 3

    as_array = b"[" + b",".join(lines[:2]) + b"]"
    assert_problem(await client.post("/v1/reports/bulk", content=as_array, headers=JSON), 422)
    assert len(await report_ids(client)) == 3
    await assert_kept(client, kept)


async def test_bytes_that_are_not_utf8_in_the_query_are_read_as_replacement_characters(
    client: Client,
) -> None:
    response = await client.get("/v1/check?statement=North%20Korea%20%FF%FE%C3%28")
    assert response.status_code == 200
    assert "\ufffd" in response.json()["statement"]


NUL_IN_STORED_FIELDS = [
    ("/v1/reports", {"text": "Ten ships\x00 docked."}, "text"),
    ("/v1/reports", {"text": "\x00"}, "text"),
    ("/v1/reports", {"text": "Ten ships docked.", "source": "Wire\x00"}, "source"),
    ("/v1/reports", {"text": "Ten ships docked.", "title": "\x00"}, "title"),
    ("/v1/reports", {"text": "Ten ships docked.", "url": "https://x.org/\x00"}, "url"),
    ("/v1/reports", {"text": "Ten ships docked.", "external_id": "a\x00b"}, "external_id"),
    ("/v1/claims", {"text": "Ten ships\x00 docked."}, "text"),
    ("/v1/claims", {"text": "Ten ships docked.", "claimant": "\x00"}, "claimant"),
    ("/v1/claims", {"text": "Ten ships docked.", "source": "\x00Wire"}, "source"),
]


async def test_nul_in_a_stored_field_is_422_naming_it(client: Client, kept: int) -> None:
    for route, body, field in NUL_IN_STORED_FIELDS:
        assert_problem(await client.post(route, json=body), 422, field)
    await assert_kept(client, kept)


async def test_nul_in_a_checked_text_is_checked_like_any_character(client: Client) -> None:
    """Nothing is stored, so a NUL is harmless in a check; offsets still slice it out."""
    statement = "North Korea sent 1,500\x00 soldiers to Russia."
    checked = await client.post("/v1/check", json={"statement": statement})
    assert checked.status_code == 200
    assert checked.json()["statement"] == statement
    text = f"\x00{statement} It was\x00 cold. Officials said 300\x00 engineers arrived."
    response = await client.post("/v1/check/text", json={"text": text})
    assert response.status_code == 200
    assert response.json()["sentences"]
    assert_offsets_slice_back(text, response.json()["sentences"])


async def test_a_raw_nul_byte_in_the_json_is_400(client: Client) -> None:
    content = b'{"text": "Ten ships\x00 docked."}'
    assert_problem(await client.post("/v1/reports", content=content, headers=JSON), 400)


async def test_a_bulk_item_with_nul_or_without_text_fails_alone_naming_the_field(
    client: Client, kept: int
) -> None:
    items = [good_report(1), {"text": "Ten ships\x00 docked."}, {}, good_report(2)]
    response = await client.post("/v1/reports/bulk", json=items)
    results = response.json()["items"]
    assert [item["status"] for item in results] == [201, 422, 422, 201]
    assert [results[i]["error"]["field"] for i in (1, 2)] == ["text", "text"]
    lines = b"\n".join(msgspec.json.encode(item) for item in items)
    response = await client.post("/v1/reports/bulk", content=lines, headers=NDJSON)
    assert [item["status"] for item in response.json()["items"]] == [200, 422, 422, 200]
    await assert_kept(client, kept)


# Right-to-left, zero-width, emoji and combining marks: offsets slice back to the same text

DRAFTS = {
    "rtl override": "\u202eNorth Korea sent 1,500 soldiers to Russia.\u202c "
    "Officials said 300 engineers arrived in Kursk on Monday.",
    "hebrew and arabic": "כוריאה הצפונית שלחה 1,500 חיילים. مرحبا بكم. "
    "North Korea sent 1,500 soldiers to Russia on 14 June.",
    "marks and isolates": "\u200f\u200e\ufeffNorth Korea sent 10,000 troops to Russia in 2024."
    "\u2069 \u2067Officials said 300 engineers arrived in Kursk.\u2069",
    "zero width": "North\u200b Korea sent 1,500\u200d soldiers\u2060 to Russia. "
    "\u200bOfficials said 300 engineers arrived in Kursk on Monday.\u200b",
    "flags": "🇰🇵 North Korea sent 10,000 troops to Russia in October 2024. "
    "🇰🇵🇷🇺 Russia received 12,000 soldiers from Pyongyang.",
    "zwj sequences": "👨\u200d👩\u200d👧 The ministry said 3 ships docked in Vladivostok. "
    "🧑\u200d🚀👍🏽 Officials said 300 engineers arrived in Kursk on Monday.",
    "combining marks": "Cafe\u0301 owners said 40 ships docked in the harbour. "
    "Nai\u0308ve officials counted 300 engineers in Kursk. Z\u0336\u0351a\u0337lgo said 9 tanks.",
    "mathematical letters": "𝐍𝐨𝐫𝐭𝐡 Korea sent 1,500 soldiers to Russia. 𝕏 said 300 engineers left.",
}


async def test_sentence_offsets_slice_back_in_code_points_and_utf16(client: Client) -> None:
    for name, text in DRAFTS.items():
        response = await client.post("/v1/check/text", json={"text": text})
        assert response.status_code == 200
        sentences = response.json()["sentences"]
        assert len(sentences) >= 2, name  # every check-worthy sentence is found, not just one
        assert_offsets_slice_back(text, sentences)


async def test_utf16_offsets_count_astral_characters_twice(client: Client) -> None:
    text = "🇰🇵😀 North Korea sent 1,500 soldiers to Russia. 👍🏽 Officials said 300 engineers left."
    sentences = (await client.post("/v1/check/text", json={"text": text})).json()["sentences"]
    assert [s["start"] for s in sentences] == [0, text.index("👍🏽")]
    assert [s["start_utf16"] for s in sentences] == [0, len(text[: text.index("👍🏽")]) + 3]
    assert sentences[-1]["end_utf16"] == len(text.encode("utf-16-le")) // 2
    assert sentences[-1]["end"] == len(text)


async def test_a_bidi_mark_after_a_full_stop_does_not_hide_the_next_sentence(
    client: Client,
) -> None:
    text = (
        "\u2067North Korea sent 1,500 soldiers to Russia.\u2069 "
        "Officials said 300 engineers arrived in Kursk on Monday.\u200f "
        "Kim sent 10,000 troops in October 2024."
    )
    sentences = (await client.post("/v1/check/text", json={"text": text})).json()["sentences"]
    assert [s["text"] for s in sentences] == [
        "\u2067North Korea sent 1,500 soldiers to Russia.\u2069",
        "Officials said 300 engineers arrived in Kursk on Monday.\u200f",
        "Kim sent 10,000 troops in October 2024.",
    ]


async def test_reports_and_claims_keep_such_text_verbatim(client: Client) -> None:
    for name, text in DRAFTS.items():
        created = await client.post("/v1/reports", json={"text": text, "title": text[:40]})
        assert created.status_code == 201, name
        report = (await client.get(f"/v1/reports/{created.json()['id']}")).json()
        assert report["text"] == text
        assert report["title"] == text[:40]
        assert report["claims"], name
        for claim in report["claims"]:
            assert text[claim["span"]["start"] : claim["span"]["end"]] == claim["text"]
        claim = await client.post("/v1/claims", json={"text": text})
        assert claim.status_code == 201
        assert claim.json()["text"] == text


# Property: whatever the draft, the offsets slice back

CHECKWORTHY = [
    "North Korea sent 1,500 soldiers to Russia. ",
    "Officials said 300 engineers arrived in Kursk on Monday. ",
    "Kim sent 10,000 troops in October 2024. ",
    "Mr. Shoigu visited Pyongyang on June 14. ",
]
HOSTILE = [
    *("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"),  # zero width
    *("\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"),  # bidi marks
    *("\u2066", "\u2067", "\u2068", "\u2069", "\u061c"),  # bidi isolates, Arabic letter mark
    *("\u0301", "\u0308", "\u0327", "\u0336", "\u20dd"),  # combining marks
    *("🇰🇵", "🇷🇺", "👨\u200d👩\u200d👧", "👍🏽", "🧑\u200d🚀", "😀", "𝕏", "\U0010ffff"),  # astral
    *("שלום", "مرحبا", "北朝鮮。", "\u00a0", "\u2028", "\r\n", "\n\n", ". ", "… ", "! "),
]
drafts = (
    st.lists(
        st.one_of(
            st.sampled_from(CHECKWORTHY),
            st.sampled_from(HOSTILE),
            st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=6),
        ),
        min_size=1,
        max_size=30,
    )
    .map("".join)
    .filter(lambda text: re.search(r"\S", text) is not None)
)


@given(text=drafts)
@settings(
    max_examples=60,
    deadline=None,
    # One app for every example: /v1/check/text writes nothing, so examples cannot interfere.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
async def test_check_text_offsets_slice_back_for_any_draft(client: Client, text: str) -> None:
    response = await client.post("/v1/check/text", json={"text": text})
    assert response.status_code == 200
    assert_offsets_slice_back(text, response.json()["sentences"])


@given(text=st.lists(st.sampled_from([*HOSTILE, "a", " ", "."]), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_utf16_offsets_match_an_encoder(text: str) -> None:
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        assert offsets.at(index) * 2 == len(text[:index].encode("utf-16-le"))


# Nothing accepted is lost


async def test_a_barrage_of_hostile_writes_loses_nothing_already_accepted(
    client: Client, kept: int
) -> None:
    before = (await client.get("/v1/claims", params={"limit": 500})).json()["items"]
    hostile = [
        b"",
        b"\x00",
        b"\xff\xfe{}",
        nested(50_000),
        b'{"text": "\\ud800"}',
        b'{"text": "' + b"a" * (MAX_REPORT_CHARS + 1) + b'"}',
        b'{"text": "Ten ships docked.", "external_id": "kept-1", "source": "\x00"}',
        b'{"text": "Ten ships docked.", "external_id": "kept-1", "colour": "red"}',
    ]
    for route in WRITE_ROUTES:
        for content in hostile:
            response = await client.post(route, content=content, headers=JSON)
            assert 400 <= response.status_code < 500, (route, content[:40])
            assert_problem(response, response.status_code)
    await assert_kept(client, kept)
    after = (await client.get("/v1/claims", params={"limit": 500})).json()["items"]
    assert after == before
