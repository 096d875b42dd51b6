"""The one contract every store backend keeps (run against each: see the `store` fixture)."""

import asyncio
import re
import time

import msgspec
import pytest

from schemas.analysis import Analysis, Cue, Span
from schemas.claims import Rating
from service.errors import StoreError
from service.store.base import Store
from service.store.records import Change, ClaimFilter, NewClaim, NewReport
from tests.store.conftest import new_claim, new_report
from tests.store.waiting import clock_passes, waiting_for_change, woken

NUL_ANALYSIS = Analysis(hedges=[Cue(text="\x00", span=Span(start=0, end=1))])
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


# Reports


async def test_stored_report_and_claims_read_back_as_written(store: Store) -> None:
    [result] = await store.put_reports([new_report("Troops massed", claims=3)])

    assert result.replaced is False
    assert await store.get_report(result.report.id) == result.report
    assert await store.report_claims(result.report.id) == result.claims
    assert [c.text for c in result.claims] == [f"Troops massed: claim {n}" for n in range(3)]
    assert result.report.claim_count == 3
    assert ISO_UTC.match(result.report.created_at)
    assert result.report.updated_at == result.report.created_at


async def test_report_claims_carry_the_reports_source_url_date_and_title(store: Store) -> None:
    report = new_report("Carrier", source="Agency", published_at="2024-01-02T10:00:00Z")
    [result] = await store.put_reports([report])

    claim = await store.get_claim(result.claims[0].id)

    assert claim is not None
    assert (claim.source, claim.url, claim.published_at, claim.report_title) == (
        "Agency",
        "https://example.org/a",
        "2024-01-02T10:00:00Z",
        "A title",
    )
    assert claim.report_id == result.report.id
    assert claim.analysis == report.claims[0].analysis


async def test_report_found_by_external_id(store: Store) -> None:
    [result] = await store.put_reports([new_report("Ext", external_id="wire-1")])

    assert await store.get_report_by_external_id("wire-1") == result.report
    assert await store.get_report_by_external_id("wire-2") is None


async def test_reports_page_by_id_after_the_previous_page(store: Store) -> None:
    results = await store.put_reports([new_report(f"report {n}", claims=0) for n in range(5)])
    ids = [r.report.id for r in results]

    first = await store.list_reports(limit=2)
    second = await store.list_reports(limit=2, after_id=first[-1].id)
    last = await store.list_reports(limit=10, after_id=second[-1].id)

    assert [r.id for r in first + second + last] == ids
    assert ids == sorted(ids)
    assert await store.count_reports() == 5


async def test_reports_updated_since_an_instant_are_listed_alone(store: Store) -> None:
    await store.put_reports([new_report("old report", claims=0)])
    [old] = await store.list_reports(limit=5)
    # The stored clock has microseconds; wait for it to move on past the first write.
    deadline = time.monotonic() + 5
    while time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) <= old.updated_at[:19]:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    [new] = await store.put_reports([new_report("new report", claims=0)])
    listed = await store.list_reports(limit=5, updated_since=since)
    assert [r.id for r in listed] == [new.report.id]
    with_offset = since + "+00:00"
    assert [r.id for r in await store.list_reports(limit=5, updated_since=with_offset)] == [
        new.report.id
    ]
    # Nine hours east of UTC, the same wall-clock time is nine hours earlier: both match.
    assert len(await store.list_reports(limit=5, updated_since=since + "+09:00")) == 2
    assert await store.list_reports(limit=5, updated_since="2999-01-01") == []


async def test_deleting_a_report_removes_its_claims(store: Store) -> None:
    [kept, gone] = await store.put_reports([new_report("kept"), new_report("gone", claims=3)])

    assert await store.delete_report(gone.report.id) is True

    assert await store.get_report(gone.report.id) is None
    assert await store.report_claims(gone.report.id) == []
    assert await store.get_claims([c.id for c in gone.claims]) == []
    assert await store.count_claims() == len(kept.claims)
    assert await store.delete_report(gone.report.id) is False


async def test_missing_report_reads_as_none(store: Store) -> None:
    assert await store.get_report(12345) is None
    assert await store.report_claims(12345) == []


async def test_report_claims_come_in_text_order(store: Store) -> None:
    report = msgspec.structs.replace(
        new_report("ordered", claims=0),
        claims=[new_claim("second", start=50), new_claim("no span"), new_claim("first", start=3)],
    )
    [result] = await store.put_reports([report])

    claims = await store.report_claims(result.report.id)

    assert [c.text for c in claims] == ["first", "second", "no span"]


# Replacement


async def test_same_external_id_replaces_the_report_in_place(store: Store) -> None:
    [old] = await store.put_reports([new_report("first draft", external_id="x-1", claims=2)])
    await clock_passes(old.report.updated_at)
    [new] = await store.put_reports([new_report("final text", external_id="x-1", claims=3)])

    assert new.replaced is True
    assert new.report.id == old.report.id
    assert new.report.created_at == old.report.created_at
    assert new.report.updated_at > old.report.updated_at
    assert new.report.text == "final text"
    assert await store.get_report(old.report.id) == new.report
    assert await store.report_claims(old.report.id) == new.claims
    assert await store.get_claims([c.id for c in old.claims]) == []
    assert await store.count_reports() == 1


async def test_same_text_and_source_replaces_the_report(store: Store) -> None:
    [old] = await store.put_reports([new_report("same words", source="A")])
    [same, other_source] = await store.put_reports(
        [
            new_report("same words", source="A", title="New title"),
            new_report("same words", source="B"),
        ]
    )

    assert same.replaced is True
    assert same.report.id == old.report.id
    assert same.report.title == "New title"
    assert other_source.replaced is False
    assert await store.count_reports() == 2


async def test_text_match_keeps_the_stored_external_id_when_the_new_report_has_none(
    store: Store,
) -> None:
    [old] = await store.put_reports([new_report("re-post", external_id="feed-7")])
    [new] = await store.put_reports([new_report("re-post")])

    assert new.replaced is True
    assert new.report.id == old.report.id
    assert new.report.external_id == "feed-7"
    assert await store.get_report_by_external_id("feed-7") == new.report


async def test_different_external_ids_are_different_reports_even_with_the_same_text(
    store: Store,
) -> None:
    results = await store.put_reports(
        [new_report("wire copy", external_id="a"), new_report("wire copy", external_id="b")]
    )

    assert [r.replaced for r in results] == [False, False]
    assert results[0].report.id != results[1].report.id
    assert await store.count_reports() == 2


async def test_colliding_reports_in_one_batch_replace_in_order(store: Store) -> None:
    results = await store.put_reports(
        [
            new_report("v1", external_id="e", claims=1),
            new_report("other", claims=1),
            new_report("v2", external_id="e", claims=2),
            new_report("v3", external_id="e", claims=3),
        ]
    )

    assert [r.replaced for r in results] == [False, False, True, True]
    assert results[0].report.id == results[2].report.id == results[3].report.id
    stored = await store.get_report(results[0].report.id)
    assert stored is not None
    assert (stored.text, stored.claim_count) == ("v3", 3)
    assert await store.count_claims() == 1 + 3


# Claims


async def test_standalone_claim_round_trips(store: Store) -> None:
    claim = new_claim(
        "A lone claim", source="Desk", url="u", published_at="2023-12-31", claimant="X"
    )

    record = await store.put_claim(claim)

    assert record.report_id is None
    assert record.report_title is None
    assert (record.source, record.claimant, record.published_at) == ("Desk", "X", "2023-12-31")
    assert await store.get_claim(record.id) == record


PANTS_ON_FIRE = Rating(
    reviewer="PolitiFact",
    name="Pants on Fire",
    value=0,
    best=5,
    worst=0,
    reviewed_at="2024-03-02",
    url="https://example.org/factchecks/pants",
)


async def test_a_claims_rating_round_trips_and_a_claim_without_one_reads_none(
    store: Store,
) -> None:
    rated = await store.put_claim(new_claim("A rated claim", rating=PANTS_ON_FIRE))
    unrated = await store.put_claim(new_claim("An unrated claim"))

    assert rated.rating == PANTS_ON_FIRE
    assert await store.get_claim(rated.id) == rated
    assert {c.id: c.rating for c in await store.get_claims([rated.id, unrated.id])} == {
        rated.id: PANTS_ON_FIRE,
        unrated.id: None,
    }


async def test_a_report_claims_rating_round_trips_through_every_read(store: Store) -> None:
    report = msgspec.structs.replace(
        new_report("Rated report", claims=0),
        claims=[new_claim("The rated sentence", start=0, rating=PANTS_ON_FIRE)],
    )
    [result] = await store.put_reports([report])
    claim_id = result.claims[0].id

    assert result.claims[0].rating == PANTS_ON_FIRE
    assert [c.rating for c in await store.report_claims(result.report.id)] == [PANTS_ON_FIRE]
    assert [c.rating for c in await store.list_claims(limit=10)] == [PANTS_ON_FIRE]
    batches = [batch async for batch in store.iter_claims()]
    assert [(c.id, c.rating) for batch in batches for c in batch] == [(claim_id, PANTS_ON_FIRE)]


async def test_deleting_a_claim_of_a_report_lowers_its_claim_count(store: Store) -> None:
    [result] = await store.put_reports([new_report("three", claims=3)])

    assert await store.delete_claim(result.claims[1].id) is True
    assert await store.delete_claim(result.claims[1].id) is False

    report = await store.get_report(result.report.id)
    assert report is not None
    assert report.claim_count == 2
    assert [c.id for c in await store.report_claims(result.report.id)] == [
        result.claims[0].id,
        result.claims[2].id,
    ]


async def test_replaced_analyses_read_back_and_leave_the_change_feed_alone(store: Store) -> None:
    [result] = await store.put_reports([new_report("reanalysed", claims=2)])
    revision = await store.revision()
    fresh = Analysis(negated=True, hedges=[Cue(text="reportedly", span=Span(start=0, end=10))])
    first, second = result.claims

    replaced = await store.replace_analyses([(first.id, fresh), (999_999, fresh)])

    assert replaced == 1
    again = {c.id: c for c in await store.get_claims([first.id, second.id])}
    assert again[first.id].analysis == fresh
    assert again[second.id].analysis == second.analysis
    assert again[first.id].text == first.text
    assert await store.revision() == revision  # the index reads texts, which did not change
    with pytest.raises(StoreError):
        await store.replace_analyses([(second.id, NUL_ANALYSIS)])
    assert (await store.get_claims([second.id]))[0].analysis == second.analysis


async def test_get_claims_returns_those_that_exist(store: Store) -> None:
    [result] = await store.put_reports([new_report("many", claims=5)])
    wanted = [result.claims[4].id, 999_999, result.claims[0].id, result.claims[4].id]

    found = await store.get_claims(wanted)

    assert sorted(c.id for c in found) == [result.claims[0].id, result.claims[4].id]
    assert await store.get_claims([]) == []
    assert await store.get_claim(999_999) is None


async def test_claims_filter_by_report_source_and_date(store: Store) -> None:
    [old, new, other] = await store.put_reports(
        [
            new_report("old", source="Alpha", published_at="2024-01-31T23:59:00Z"),
            new_report("new", source="Alpha", published_at="2024-02-01"),
            new_report("other", source="Beta", published_at="2024-03-01T08:00:00+02:00"),
        ]
    )
    undated = await store.put_claim(new_claim("undated", source="Alpha"))

    def ids(*results: object) -> list[int]:
        return sorted(c.id for r in results for c in getattr(r, "claims", [r]))

    async def listed(where: ClaimFilter) -> list[int]:
        return [c.id for c in await store.list_claims(limit=100, where=where)]

    assert await listed(ClaimFilter(report_id=new.report.id)) == ids(new)
    assert await listed(ClaimFilter(source="Alpha")) == ids(old, new, undated)
    assert await listed(ClaimFilter(since="2024-02-01")) == ids(new, other)
    assert await listed(ClaimFilter(since="2024-02-01T12:00:00Z")) == ids(new, other)
    assert await listed(ClaimFilter(source="Alpha", since="2024-01-31")) == ids(old, new)
    assert await listed(ClaimFilter(source="Gamma")) == []


async def wait_for_the_next_second(stored_at: str) -> str:
    """The current UTC second once the clock has passed `stored_at`'s second."""
    deadline = time.monotonic() + 5
    while time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) <= stored_at[:19]:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())


async def test_claims_updated_since_an_instant_are_listed_alone(store: Store) -> None:
    [old] = await store.put_reports([new_report("old report", claims=2)])
    since = await wait_for_the_next_second(old.claims[-1].created_at)
    [replaced] = await store.put_reports([new_report("old report", claims=1)])
    standalone = await store.put_claim(new_claim("a claim of no report"))

    def ids(updated_since: str) -> ClaimFilter:
        return ClaimFilter(updated_since=updated_since)

    listed = await store.list_claims(limit=10, where=ids(since))
    # The replaced report's claims are new claims: listed; its old claims are gone.
    assert replaced.replaced is True
    assert [c.id for c in listed] == [replaced.claims[0].id, standalone.id]
    assert await store.list_claims(limit=10, where=ids(since + "+00:00")) == listed
    assert await store.list_claims(limit=10, where=ids(since + "Z")) == listed
    # Nine hours east of UTC, the same wall-clock time is nine hours earlier: both match.
    assert len(await store.list_claims(limit=10, where=ids(since + "+09:00"))) == 2
    assert len(await store.list_claims(limit=10, where=ids(since[:10]))) == 2
    assert await store.list_claims(limit=10, where=ids("2999-01-01")) == []
    # Combined with the other filters and paging like any list.
    after_first = await store.list_claims(limit=10, after_id=listed[0].id, where=ids(since))
    assert [c.id for c in after_first] == [standalone.id]
    only_report = ClaimFilter(updated_since=since, report_id=replaced.report.id)
    assert [c.id for c in await store.list_claims(limit=10, where=only_report)] == [
        replaced.claims[0].id
    ]


async def test_claim_languages_are_their_reports_and_en_for_a_claim_alone(store: Store) -> None:
    [german] = await store.put_reports([msgspec.structs.replace(new_report("de"), language="de")])
    [english] = await store.put_reports([new_report("en", claims=1)])
    alone = await store.put_claim(new_claim("a claim of no report"))
    ids = [german.claims[0].id, english.claims[0].id, alone.id, 999_999]

    assert await store.claim_languages(ids) == {
        german.claims[0].id: "de",
        english.claims[0].id: "en",
        alone.id: "en",
    }
    assert await store.claim_languages([]) == {}


async def test_a_signing_key_is_made_once_and_kept_per_purpose(store: Store) -> None:
    key = await store.signing_key("cursors")
    assert len(key) == 32
    assert await store.signing_key("cursors") == key
    other = await store.signing_key("something else")
    assert other != key
    assert await store.signing_key("something else") == other


async def test_claims_page_by_id(store: Store) -> None:
    results = await store.put_reports([new_report(f"r{n}", claims=3) for n in range(3)])
    all_ids = [c.id for r in results for c in r.claims]

    pages, after = [], None
    while page := await store.list_claims(limit=4, after_id=after):
        pages.append([c.id for c in page])
        after = page[-1].id

    assert [len(p) for p in pages] == [4, 4, 1]
    assert [i for p in pages for i in p] == all_ids


async def test_iter_claims_yields_every_claim_in_id_batches(store: Store) -> None:
    results = await store.put_reports([new_report(f"r{n}", claims=4) for n in range(5)])

    batches = [batch async for batch in store.iter_claims(batch_size=6)]

    assert [len(b) for b in batches] == [6, 6, 6, 2]
    assert [c.id for b in batches for c in b] == [c.id for r in results for c in r.claims]
    assert await store.count_claims() == 20


UNICODE_TEXTS = [
    "Zelensky 🇺🇦 said 👩‍👩‍👧 families fled",  # flags and ZWJ sequences
    "e\u0301te\u0301 — “quotes” ‘and’ «guillemets»",  # combining marks, typographic marks
    "Москва 北京 القاهرة עברית",  # Cyrillic, CJK, right-to-left
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral plane, line\u2028separator",
    'backslash \\u0000 and "\\" are text, not escapes',
]


@pytest.mark.parametrize("text", UNICODE_TEXTS)
async def test_unicode_text_round_trips(store: Store, text: str) -> None:
    analysis = Analysis(negations=[Cue(text=text, span=Span(start=0, end=len(text)))])
    report = msgspec.structs.replace(
        new_report(text, source=text, title=text),
        claims=[NewClaim(text=text, checkworthiness=0.5, analysis=analysis, claimant=text)],
    )

    [result] = await store.put_reports([report])

    [claim] = await store.report_claims(result.report.id)
    assert claim == result.claims[0]
    assert (claim.text, claim.source, claim.claimant, claim.report_title) == (text,) * 4
    assert claim.analysis == analysis
    assert await store.get_report(result.report.id) == result.report


@pytest.mark.parametrize(
    ("where", "report"),
    [
        ("report.text", new_report("nul\x00inside")),
        ("report.title", new_report("fine", title="bad\x00title")),
        ("claim.text", new_report("fine", claims=["nul \x00 claim"])),
        (
            "claim analysis",
            msgspec.structs.replace(
                new_report("fine", claims=0),
                claims=[NewClaim(text="ok", checkworthiness=0.1, analysis=NUL_ANALYSIS)],
            ),
        ),
    ],
)
async def test_nul_characters_are_refused_and_nothing_is_written(
    store: Store, where: str, report: NewReport
) -> None:
    with pytest.raises(StoreError, match=f"{re.escape(where)}.*NUL"):
        await store.put_reports([new_report("valid first"), report])

    assert await store.count_reports() == 0
    assert await store.revision() == 0
    assert (await store.put_reports([new_report("still works")]))[0].report.id > 0


# Change feed


async def test_revision_is_zero_before_any_write(store: Store) -> None:
    assert await store.revision() == 0
    assert await store.changes_since(0) == []


async def test_every_claim_written_adds_one_change(store: Store) -> None:
    [first] = await store.put_reports([new_report("a", external_id="r", claims=2)])
    after_put = await store.revision()
    [second] = await store.put_reports([new_report("b", external_id="r", claims=3)])
    after_replace = await store.revision()
    await store.delete_report(second.report.id)

    changes = await store.changes_since(0)

    assert after_put == 2
    assert after_replace == 2 + 2 + 3
    assert await store.revision() == changes[-1].revision == 2 + 2 + 3 + 3
    assert [c.revision for c in changes] == sorted({c.revision for c in changes})
    old_ids, new_ids = [c.id for c in first.claims], [c.id for c in second.claims]
    assert [(c.claim_id, c.op) for c in changes] == (
        [(i, "upsert") for i in old_ids]
        + [(i, "delete") for i in old_ids]
        + [(i, "upsert") for i in new_ids]
        + [(i, "delete") for i in new_ids]
    )


async def test_changes_since_returns_later_changes_oldest_first_up_to_limit(store: Store) -> None:
    await store.put_reports([new_report(f"r{n}", claims=2) for n in range(3)])
    claim = await store.put_claim(new_claim("lone"))
    await store.delete_claim(claim.id)

    everything = await store.changes_since(0)
    tail = await store.changes_since(3, limit=2)

    assert len(everything) == 8
    assert tail == everything[3:5]
    assert everything[-2:] == [
        Change(revision=everything[-2].revision, claim_id=claim.id, op="upsert"),
        Change(revision=everything[-1].revision, claim_id=claim.id, op="delete"),
    ]
    assert await store.changes_since(everything[-1].revision) == []


async def test_wait_for_change_wakes_up_on_a_write(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await store.revision()
    waiter = await waiting_for_change(store, before, monkeypatch)

    await store.put_reports([new_report("news", claims=2)])

    assert await woken(waiter) == before + 2


async def test_wait_for_change_returns_the_current_revision_at_the_timeout(store: Store) -> None:
    await store.put_reports([new_report("news", claims=1)])
    started = time.monotonic()

    revision = await store.wait_for_change(1, timeout=0.2)

    assert revision == 1
    assert time.monotonic() - started > 0.15  # it waited; how much longer is the machine's
    assert await store.wait_for_change(0, timeout=5) == 1


# Concurrency and health


async def test_concurrent_reads_and_writes_all_complete(store: Store) -> None:
    [seed] = await store.put_reports([new_report("seed", claims=5)])
    seed_ids = [c.id for c in seed.claims]

    async def write(n: int) -> int:
        results = await store.put_reports([new_report(f"batch {n} item {i}") for i in range(10)])
        return sum(len(r.claims) for r in results)

    async def read() -> int:
        return len(await store.get_claims(seed_ids)) + len(await store.list_claims(limit=50))

    outcomes = await asyncio.gather(*(write(n) for n in range(8)), *(read() for _ in range(40)))

    assert sum(outcomes[:8]) == 8 * 10 * 2
    assert all(n >= 5 + 5 for n in outcomes[8:])
    assert await store.count_claims() == 5 + 8 * 10 * 2
    assert await store.revision() == 5 + 8 * 10 * 2


async def test_opening_an_open_store_again_changes_nothing(store: Store) -> None:
    [result] = await store.put_reports([new_report("kept")])

    await store.open()

    assert await store.ready() is True
    assert await store.get_report(result.report.id) == result.report


async def test_ready_while_open_and_not_after_close(store: Store) -> None:
    assert await store.ready() is True

    await store.close()

    assert await store.ready() is False
