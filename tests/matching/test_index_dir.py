"""A persisted index directory: shared safely by several processes, warm after a restart."""

from pathlib import Path

from schemas.check import CheckRequest
from service.matching.index import TantivyIndex
from service.matching.slots import claim_slot
from service.runtime import running
from service.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_each_process_takes_its_own_slot_and_a_released_slot_is_reused(tmp_path: Path) -> None:
    first = claim_slot(str(tmp_path))
    second = claim_slot(str(tmp_path))
    assert first.path != second.path
    first.release()
    again = claim_slot(str(tmp_path))
    assert again.path == first.path
    again.release()
    second.release()


async def test_two_services_share_one_index_dir_and_both_match(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/db.sqlite",
        seeds_dir=str(SEEDS),
        index_dir=str(tmp_path / "index"),
    )
    statement = CheckRequest(statement="North Korea to send 6,000 military engineers to Russia")
    async with running(settings, follow=False) as a, running(settings, follow=False) as b:
        assert a.slot is not None
        assert b.slot is not None
        assert a.slot.path != b.slot.path
        for services in (a, b):
            assert (await services.checker.check(statement)).verdict == "supported"


async def test_a_restart_finds_the_index_it_left_without_a_rebuild(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/db.sqlite",
        seeds_dir=str(SEEDS),
        index_dir=str(tmp_path / "index"),
    )
    async with running(settings, follow=False) as first:
        assert first.slot is not None
        slot_path, revision, size = first.slot.path, first.index.revision, len(first.index)
    # What the next start finds on disk, before any sync with the store has run:
    persisted = TantivyIndex(str(slot_path))
    assert (persisted.revision, len(persisted)) == (revision, size)
    assert revision > 0
    persisted.close()
