"""The editor, second round (issue 15), in headless Chromium against a real server: the panel
follows a corrected sentence, parts of a sentence are marked, reasons are ordered, the
timeline holds the cited figure once per outlet, Enter goes to the draft, reports link to
their source, flags can be marked reviewed, and a watch shows new reports live."""

import json
from typing import Any

import httpx
from playwright.sync_api import Page, Route

from tests.web.test_editor_browser import WAIT_MS, Tab, base_url, browser, paste_draft, tab

__all__ = ["base_url", "browser", "tab"]

WRONG = (
    "According to the NIS, approximately 15,000 North Korean soldiers were transported in the "
    "first phase of deployment, using four amphibious landing ships."
)
OTHER = (
    "North Korea is preparing to send approximately 6,000 military engineering personnel to Russia."
)
DRAFT = f"{WRONG} {OTHER}"


def choose_contradicted(page: Page) -> None:
    page.locator("#sentences .sentence.verdict-contradicted").first.click()
    page.wait_for_selector("#panel .panel-sentence", timeout=WAIT_MS)


def replace_in_draft(page: Page, old: str, new: str) -> None:
    """Select `old` in the draft and type `new` over it, as an author would."""
    page.evaluate(
        """([old]) => { const at = draft.value.indexOf(old);
                        draft.focus(); draft.setSelectionRange(at, at + old.length); }""",
        [old],
    )
    page.keyboard.type(new)


def test_correcting_the_figure_moves_the_panel_to_the_corrected_sentence(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    choose_contradicted(page)
    assert "15,000" in page.locator("#panel .panel-sentence").inner_text()

    replace_in_draft(page, "15,000", "1,500")

    page.locator("#panel .panel-sentence", has_text="1,500").wait_for(timeout=WAIT_MS)
    panel = page.locator("#panel")
    assert "15,000" not in panel.locator(".panel-sentence").inner_text()
    assert panel.locator(".panel-verdict .badge.verdict-contradicted").count() == 0
    assert (
        page.locator("#sentences .sentence[aria-current='true']").inner_text().count("1,500") == 1
    )
    assert tab.errors == []


def test_the_wrong_figure_is_marked_inside_the_sentence_and_its_fix_turns_green(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    wrong = page.locator("#highlights mark.part-conflicts")
    assert wrong.count() == 1
    assert "15,000" in wrong.inner_text()
    assert "landing ships" not in wrong.inner_text()  # the figure, not the whole sentence

    replace_in_draft(page, "15,000", "1,500")
    page.wait_for_selector("#highlights mark.part-supports >> text=1,500", timeout=WAIT_MS)

    assert page.locator("#highlights mark.part-conflicts").count() == 0
    greens = page.locator("#highlights mark.part-supports").all_text_contents()
    assert any("1,500" in g for g in greens)
    assert any("four amphibious landing ships" in g for g in greens)
    page.locator("#sentences .sentence", has_text="1,500").click()
    parts = page.locator("#panel .parts-list li.part-supports").all_inner_texts()
    assert any("1,500" in p and "supported" in p.lower() for p in parts)
    assert tab.errors == []


def test_facts_in_the_answer_decide_the_parts_when_present(tab: Tab) -> None:
    page = tab.page
    ships = WRONG.index("four amphibious landing ships")

    def with_facts(route: Route) -> None:
        response = route.fetch()
        answer: dict[str, Any] = response.json()
        for sentence in answer["sentences"]:
            if sentence["text"] == WRONG:
                sentence["result"]["facts"] = [
                    {"span": {"start": 22, "end": 64}, "verdict": "supported", "match_ids": [1]},
                    {
                        "span": {"start": ships, "end": ships + 29},
                        "verdict": "contradicted",
                        "match_ids": [2],
                    },
                ]
        route.fulfill(response=response, body=json.dumps(answer))

    page.route("**/v1/check/text", with_facts)
    paste_draft(page, DRAFT)

    assert page.locator("#highlights mark.part-conflicts").inner_text() == (
        "four amphibious landing ships"
    )
    assert "15,000" in page.locator("#highlights mark.part-supports").first.inner_text()
    assert tab.errors == []


def test_the_deciding_reason_comes_first_and_the_rest_is_folded(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    choose_contradicted(page)

    nis = page.locator("#panel .match", has_text="1,500").first
    shown = nis.locator(":scope > .match-reasons > li").all_inner_texts()
    assert shown[0].startswith("quantity: statement says approximately 15,000")
    assert not any(text.startswith("unit:") for text in shown)
    folded = nis.locator("details.more-reasons")
    assert folded.get_attribute("open") is None
    assert not folded.locator("li").first.is_visible()
    assert "unit:" in (folded.text_content() or "")
    every = page.locator("#panel .match").all()
    for match in every:
        texts = match.locator("li").all_inner_texts()
        assert len(texts) == len(set(texts))  # no reason twice
    help_text = page.locator("#panel .relevance-help").inner_text()
    assert "0-100" in help_text
    assert "35" in help_text
    assert tab.errors == []


def test_the_timeline_holds_the_cited_figure_and_each_outlet_once_a_day(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    choose_contradicted(page)
    page.wait_for_selector("#panel .timeline-date", timeout=WAIT_MS)

    timeline = page.locator("#panel .timeline")
    assert "1,500" in timeline.inner_text()
    for day in timeline.locator(":scope > li").all():
        lines = day.locator("ul > li").all_inner_texts()
        outlets = [line.rsplit(" — ", 1)[-1] for line in lines]
        assert len(outlets) == len(set(outlets)), lines
    assert tab.errors == []


def test_enter_on_a_listed_sentence_selects_it_in_the_draft_and_focuses_it(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    page.locator("#sentences .sentence[tabindex='0']").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "draft"
    selected = page.evaluate("draft.value.slice(draft.selectionStart, draft.selectionEnd)")
    assert selected == OTHER
    assert page.locator("#sentences .sentence").nth(1).get_attribute("aria-current") == "true"
    assert OTHER in page.locator("#panel .panel-sentence").inner_text()
    assert tab.errors == []


def test_reports_link_to_their_source_and_none_is_an_unknown_publisher(
    tab: Tab, base_url: str
) -> None:
    statement = "The ministry said around 12,500 North Korean troops had reached the Kursk region."
    posted = httpx.post(
        f"{base_url}/v1/reports",
        json={
            "text": statement,
            "source": "Example News",
            "url": "https://news.example/kursk-12500",
            "published_at": "2025-01-10",
        },
    )
    assert posted.status_code == 201
    page = tab.page
    paste_draft(page, f"{statement} {WRONG}")
    page.locator("#sentences .sentence", has_text="12,500").click()
    page.wait_for_selector("#panel .timeline-date", timeout=WAIT_MS)

    title = page.locator("#panel .match a.match-title", has_text="Example News").first
    assert title.get_attribute("href") == "https://news.example/kursk-12500"
    timeline_link = page.locator("#panel .timeline a", has_text="Example News").first
    assert timeline_link.get_attribute("href") == "https://news.example/kursk-12500"

    page.locator("#sentences .sentence", has_text="15,000").click()
    page.wait_for_selector("#panel .match", timeout=WAIT_MS)
    assert "Unknown publisher" not in page.locator("#panel").inner_text()
    assert tab.errors == []


def test_a_flag_marked_reviewed_stops_shouting_and_can_be_flagged_again(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    choose_contradicted(page)

    page.locator("#panel button.review").click()

    flagged = page.locator("#highlights mark.verdict-contradicted")
    assert "reviewed" in (flagged.get_attribute("class") or "")
    listed = page.locator("#sentences .sentence.verdict-contradicted").inner_text()
    assert "reviewed" in listed.lower()
    assert "1 reviewed" in page.locator("#status").inner_text()
    assert page.locator("#panel button.review").get_attribute("aria-pressed") == "true"

    page.reload()  # the same draft in this tab keeps the review
    page.focus("#draft")
    page.keyboard.insert_text(DRAFT)
    page.wait_for_selector("#highlights mark.verdict-contradicted.reviewed", timeout=WAIT_MS)

    choose_contradicted(page)
    page.locator("#panel button.review").click()
    assert "reviewed" not in (flagged.get_attribute("class") or "")
    assert "reviewed" not in page.locator("#status").inner_text()
    assert tab.errors == []


def test_an_open_draft_shows_live_when_a_new_report_conflicts(tab: Tab, base_url: str) -> None:
    page = tab.page
    sentence = "North Korea has sent about 11,000 troops to the Kursk region, officials said."
    paste_draft(page, sentence)
    page.wait_for_selector("body[data-watch]", timeout=WAIT_MS)

    posted = httpx.post(
        f"{base_url}/v1/reports",
        json={
            "text": "Officials said North Korea has sent about 16,000 troops to the Kursk region.",
            "source": "Live Wire",
        },
    )
    assert posted.status_code == 201

    notice = page.locator("#live-notice")
    notice.wait_for(state="visible", timeout=WAIT_MS)
    assert "conflicts with" in notice.inner_text()
    assert "Live Wire" in notice.inner_text()
    page.wait_for_selector(
        "#sentences .sentence.verdict-disputed, #sentences .sentence.verdict-contradicted",
        timeout=WAIT_MS,
    )
    assert "conflicts with this sentence" in page.locator("#sentences").inner_text()
    assert tab.errors == []
