"""Page cursors are opaque and tamper-evident: only the exact text the store's key signed for
a list pages that list; anything else is refused, saying why."""

import base64
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.cursors import Cursors, Listing
from service.errors import InvalidCursor

KEY = bytes(range(32))
ALPHABET = string.ascii_letters + string.digits + "-_"


def test_a_cursor_gives_back_the_id_it_was_issued_for() -> None:
    cursors = Cursors(KEY)
    cursor = cursors.encode(Listing.CLAIMS, 41)
    assert cursors.decode(cursor, Listing.CLAIMS) == 41
    assert cursors.decode(None, Listing.CLAIMS) is None


def test_a_cursor_does_not_spell_out_the_old_after_id_form() -> None:
    cursor = Cursors(KEY).encode(Listing.REPORTS, 2)
    assert b"after" not in base64.urlsafe_b64decode(cursor + "==")
    assert cursor != base64.urlsafe_b64encode(b"after:2").decode().rstrip("=")


def test_every_one_character_change_is_refused() -> None:
    cursors = Cursors(KEY)
    cursor = cursors.encode(Listing.REPORTS, 123_456)
    for position, original in enumerate(cursor):
        for replacement in ALPHABET:
            if replacement == original:
                continue
            changed = cursor[:position] + replacement + cursor[position + 1 :]
            with pytest.raises(InvalidCursor):
                cursors.decode(changed, Listing.REPORTS)


@given(st.text(max_size=80))
def test_no_made_up_text_is_taken_for_a_cursor(text: str) -> None:
    with pytest.raises(InvalidCursor) as refused:
        Cursors(KEY).decode(text, Listing.CLAIMS)
    assert refused.value.field == "cursor"


def test_a_cursor_of_another_list_is_refused_naming_that_list() -> None:
    cursors = Cursors(KEY)
    with pytest.raises(InvalidCursor, match=r"another list \(GET /v1/reports\)"):
        cursors.decode(cursors.encode(Listing.REPORTS, 5), Listing.CLAIMS)
    events_of_watch_1 = cursors.encode(Listing.WATCH_EVENTS, 5, scope=1)
    with pytest.raises(InvalidCursor, match="of watch 1"):
        cursors.decode(events_of_watch_1, Listing.WATCH_EVENTS, scope=2)


def test_a_cursor_signed_with_another_key_is_refused() -> None:
    other = Cursors(bytes(32)).encode(Listing.CLAIMS, 5)
    with pytest.raises(InvalidCursor, match="was changed, or was issued by another"):
        Cursors(KEY).decode(other, Listing.CLAIMS)


def test_padding_and_characters_outside_the_alphabet_are_not_ignored() -> None:
    cursors = Cursors(KEY)
    cursor = cursors.encode(Listing.CLAIMS, 5)
    for variant in (cursor + "==", cursor[:10] + "!" + cursor[10:], cursor + "\n"):
        with pytest.raises(InvalidCursor):
            cursors.decode(variant, Listing.CLAIMS)
