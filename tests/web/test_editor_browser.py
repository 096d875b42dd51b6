"""The editor page and the embeddable client in headless Chromium, against a real server.

Chromium is Debian's package (scripts/install-browser.sh), driven by Playwright with
`executable_path`: no browser download. Screenshots go to test-artifacts/ (git-ignored).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from tests.serving import served

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 20_000
NIS_REPORT = "NIS confirms North Korea has begun deploying troops to support Russia"

# Seed facts, with the NIS figure of "around 10,000 troops" changed to 25,000.
DRAFT = (
    "The NIS says that North Korea has decided to send around 25,000 troops to Russia. "
    "North Korea is preparing to send approximately 6,000 military engineering personnel to "
    "Russia. The contingent is expected to comprise 5,000 military construction workers and "
    "1,000 sappers."
)


@dataclass
class Tab:
    page: Page
    errors: list[str] = field(default_factory=list)
    check_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{folder}/browser.db",
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
    }
    with served(env) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=base_url)
    tab = Tab(context.new_page())

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.errors.append(message.text)

    def on_request(request: Request) -> None:
        if request.url.endswith("/v1/check/text"):
            tab.check_requests.append(request.post_data or "")

    tab.page.on("console", on_console)
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.page.on("request", on_request)
    yield tab
    context.close()


def paste_draft(page: Page, text: str) -> None:
    page.goto("/")
    page.focus("#draft")
    page.keyboard.insert_text(text)  # what a paste does: one input event with the whole text
    page.wait_for_selector("#sentences .sentence", timeout=WAIT_MS)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_a_changed_figure_is_marked_contradicted_and_its_panel_names_the_report(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)

    contradicted = page.locator("#sentences .sentence.verdict-contradicted")
    assert contradicted.count() == 1
    assert "25,000 troops" in contradicted.inner_text()
    assert "25,000" in page.locator("#highlights mark.verdict-contradicted").inner_text()
    supported = page.locator("#sentences .sentence.verdict-supported").all_inner_texts()
    assert any("6,000" in text for text in supported)
    assert "1 contradicted" in page.locator("#status").inner_text()

    contradicted.click()

    panel = page.locator("#panel")
    assert "25,000 troops to Russia" in panel.locator(".panel-sentence").inner_text()
    assert NIS_REPORT in panel.inner_text()
    nis = panel.locator(".match", has_text=NIS_REPORT).first
    assert nis.locator(".badge").inner_text().lower() == "conflicts"
    assert "10,000" in nis.locator("mark.differs").inner_text()
    assert "statement says around 25,000 troops" in nis.locator(".match-reasons").inner_text()
    page.wait_for_selector("#panel .timeline-date", timeout=WAIT_MS)
    assert "2024-10-18" in panel.locator(".timeline").inner_text()
    assert screenshot(page, "editor.png").stat().st_size > 10_000
    assert tab.errors == []


def test_only_the_sentences_that_changed_are_checked_again(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    first_round = len(tab.check_requests)

    page.focus("#draft")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Shoigu arrived in Pyongyang for the second time in two weeks.")
    page.locator("#sentences .sentence").nth(3).wait_for(timeout=WAIT_MS)

    assert len(tab.check_requests) == first_round + 1
    assert "Shoigu" in tab.check_requests[-1]
    contradicted = page.locator("#sentences .sentence.verdict-contradicted").all_inner_texts()
    assert any("25,000 troops" in text for text in contradicted)
    assert tab.errors == []


def test_the_keyboard_moves_between_sentences_and_the_panel_follows(tab: Tab) -> None:
    page = tab.page
    paste_draft(page, DRAFT)
    sentences = page.locator("#sentences .sentence")

    page.focus("#draft")
    page.keyboard.press("Control+Home")
    page.keyboard.press("Alt+ArrowDown")
    selected = page.evaluate("draft.value.slice(draft.selectionStart, draft.selectionEnd)")
    assert selected == sentences.nth(0).locator(".sentence-text").inner_text()
    assert selected in page.locator("#panel .panel-sentence").inner_text()

    page.locator("#sentences .sentence[tabindex='0']").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    second = sentences.nth(1)
    # Enter shows the sentence in the draft: selected there, with the focus (issue 15, item 5).
    assert page.evaluate("document.activeElement.id") == "draft"
    assert second.get_attribute("aria-current") == "true"
    assert second.locator(".sentence-text").inner_text() in page.locator("#panel").inner_text()
    assert tab.errors == []


def test_the_embeddable_client_annotates_a_text_area_and_a_rich_text_editor(tab: Tab) -> None:
    page = tab.page
    page.goto("/static/example-cms.html")

    page.wait_for_selector("#body + .factcheck .factcheck-verdict-contradicted", timeout=WAIT_MS)
    page.wait_for_selector("#rich + .factcheck .factcheck-verdict-supported", timeout=WAIT_MS)

    assert "30,000 troops" in page.locator("#body + .factcheck").inner_text()
    assert "Checked 1 sentence: 1 contradicted." in page.locator("#body + .factcheck").inner_text()
    highlighted = page.evaluate("CSS.highlights.get('factcheck-supported').size")
    assert highlighted == 1
    page.locator("#body + .factcheck .factcheck-show").click()
    selected = page.evaluate(
        "(() => { const b = document.querySelector('#body');"
        " return b.value.slice(b.selectionStart, b.selectionEnd); })()"
    )
    assert (
        selected
        == "The NIS says that North Korea has decided to send around 30,000 troops to Russia."
    )
    screenshot(page, "example-cms.png")
    assert tab.errors == []
