"""Which migrations a store still needs, decided once for both backends (store.codec)."""

import pytest

from service.errors import StoreError
from service.store.codec import Migration, pending_migrations

STEPS = (
    Migration(1, "first", ("CREATE TABLE a (x INTEGER)",)),
    Migration(2, "second", ("CREATE TABLE b (x INTEGER)",)),
    Migration(4, "merged from a branch", ("CREATE TABLE d (x INTEGER)",)),
)


def test_the_steps_a_store_lacks_come_in_order() -> None:
    assert [m.version for m in pending_migrations(set(), STEPS)] == [1, 2, 4]
    # A step numbered below the highest applied one is still applied.
    assert [m.version for m in pending_migrations({1, 4}, STEPS)] == [2]
    assert pending_migrations({1, 2, 4}, STEPS) == []


def test_a_store_written_by_a_newer_service_is_refused() -> None:
    with pytest.raises(StoreError, match="version 5, newer than this service knows \\(4\\)"):
        pending_migrations({1, 2, 5}, STEPS)
