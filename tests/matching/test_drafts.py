"""A draft's sentences are each checked where they stand; one in a language factcheck does not
match says so instead of coming back as a silent `unverified` (service.matching.drafts)."""

from pathlib import Path

from service.matching.drafts import check_draft, split_draft
from service.runtime import running
from service.settings import Settings
from tests.matching.reports import report_of

CLAIMS = ["The Velmar council approved 120 new bus shelters on Tuesday."]


async def test_each_sentence_is_checked_and_a_foreign_one_says_why_not(tmp_path: Path) -> None:
    draft = (
        "The Velmar council approved 120 new bus shelters on Tuesday. "
        "Der Stadtrat von Velmar hat am Dienstag 120 neue Bushaltestellen genehmigt und "
        "damit die Pläne der Verkehrsbetriebe bestätigt."
    )
    settings = Settings(database_url=f"sqlite:///{tmp_path}/d.db", seeds_dir=None, semantic="off")
    async with running(settings, follow=False) as services:
        await services.store.put_reports([report_of(CLAIMS)])
        english, german = await check_draft(services.checker, split_draft(draft), limit=5)
    assert english.unchecked is None
    assert english.result.verdict == "supported"
    assert german.text.startswith("Der Stadtrat")
    assert german.unchecked is not None
    assert "German" in german.unchecked
    assert (german.result.verdict, german.result.matches) == ("unverified", [])


def test_offsets_count_utf16_units_as_an_editor_does() -> None:
    draft = split_draft(
        "Buses 🚌 are late. The Velmar council approved 120 new bus shelters on Tuesday."
    )
    sentence = draft.sentences[-1]
    assert draft.utf16.at(sentence.start) == sentence.start + 1  # the emoji is two units
