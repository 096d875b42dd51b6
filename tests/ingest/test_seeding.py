"""The seed corpus: manifest, claims and figures, and seeding an empty store exactly once."""

from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.ingest.pipeline import prepare_report
from service.ingest.seeding import SeedManifest, seed_reports
from service.settings import Settings
from service.store.records import NewReport

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

BOILERPLATE = (
    "cookie",
    "Share on",
    "PHOTO",
    "Photo Gallery",
    "Related Articles",
    "Read more",
    "Views:",
    "发表回复",
    "邮箱",
    "talented writer",
    "Comments",
)


@pytest.fixture(scope="module")
def prepared() -> list[NewReport]:
    return [prepare_report(report) for report in seed_reports(SEEDS)]


def test_the_manifest_lists_every_seed_file_with_metadata() -> None:
    reports = seed_reports(SEEDS)
    assert sorted(r.external_id or "" for r in reports) == sorted(
        p.stem for p in SEEDS.glob("*.txt")
    )
    assert all(r.published_at and r.title for r in reports)
    by_id = {r.external_id: r for r in reports}
    assert by_id["000_d7dc90f8aed85f21"].source == "NationPress"
    assert by_id["004_89461e9a168877b4"].published_at == "2025-02-27"


def test_every_seed_yields_claims_and_none_is_boilerplate(prepared: list[NewReport]) -> None:
    for report in prepared:
        assert len(report.claims) >= 5, report.external_id
        for claim in report.claims:
            assert report.text[claim.start : claim.end] == claim.text
            assert not any(b.casefold() in claim.text.casefold() for b in BOILERPLATE), claim.text


@pytest.mark.parametrize(
    ("value", "qualifier", "unit"),
    [
        (6000, "exact", "engineer"),
        (5000, "exact", "worker"),
        (1000, "exact", "sapper"),
        (10000, "about", "troop"),
        (1500, "about", "soldier"),
        (3000, "up_to", None),
        (1_280_000, "exact", "soldier"),
        (11000, "over", "soldier"),
        (4000, "over", "casualty"),
        (1000, "over", "soldier"),
    ],
)
def test_seed_figures_are_quantities_with_unit_and_qualifier(
    prepared: list[NewReport], value: float, qualifier: str, unit: str | None
) -> None:
    found = [
        (q.value, q.qualifier, q.unit)
        for report in prepared
        for claim in report.claims
        for q in claim.analysis.quantities
    ]
    assert any(
        v == value and q == qualifier and (unit is None or u == unit) for v, q, u in found
    ), f"{value} {qualifier} {unit} not in {sorted(set(found))}"


async def test_an_empty_store_is_seeded_once(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/seeded.db", seeds_dir=str(SEEDS))
    for _ in range(2):
        async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
            reports = (await client.get("/v1/reports")).json()["items"]
            assert len(reports) == 5


async def test_seeds_deleted_by_a_user_do_not_come_back(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/seeded.db", seeds_dir=str(SEEDS))
    async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
        first = (await client.get("/v1/reports")).json()["items"][0]
        assert (await client.delete(f"/v1/reports/{first['id']}")).status_code == 204
    async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
        assert len((await client.get("/v1/reports")).json()["items"]) == 4


def test_the_manifest_says_how_each_publisher_and_link_was_read() -> None:
    manifest = msgspec.json.decode((SEEDS / "manifest.json").read_bytes(), type=SeedManifest)
    for entry in manifest.reports:
        assert entry.source_basis, entry.file
        text = (SEEDS / entry.file).read_text(encoding="utf-8")
        # Only what the article establishes: a named publisher appears in its text, and a link
        # is given only when the text carries it.
        if entry.source is not None:
            assert entry.source in text, entry.file
        if entry.url is not None:
            assert entry.url in text, entry.file
