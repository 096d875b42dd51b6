"""The interactive API docs render their operations in headless Chromium with the network cut:
every asset comes from the service itself, none from a CDN."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Route, sync_playwright

from tests.serving import served
from tests.web.test_editor_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS

ROOT = Path(__file__).resolve().parents[2]
# Name resolution fails for every host but the loopback one: the network is cut.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("docs")
    env = {"FACTCHECK_DATABASE_URL": f"sqlite:///{folder}/docs.db", "FACTCHECK_SEEDS_DIR": "none"}
    with served(env) as url:
        yield url


@pytest.mark.parametrize("page_path", ["/schema", "/schema/swagger"])
def test_the_docs_page_renders_every_operation_offline(base_url: str, page_path: str) -> None:
    spec = httpx.get(f"{base_url}/schema/openapi.json").json()
    methods = {"get", "post", "delete"}
    operations = sum(1 for item in spec["paths"].values() for method in item if method in methods)
    outside: list[str] = []
    errors: list[str] = []

    def only_the_service(route: Route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, OFFLINE]
        )
        try:
            context = browser.new_context(offline=False)
            context.route("**/*", only_the_service)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(base_url + page_path)
            page.wait_for_selector(".opblock", timeout=WAIT_MS)
            rendered = page.locator(".opblock").count()
            summaries = page.locator(".opblock-summary-path").all_inner_texts()
            title = page.locator(".info .title").inner_text()
        finally:
            browser.close()

    assert outside == []
    assert errors == []
    assert rendered == operations
    assert any("/v1/check" in path for path in summaries)
    assert title.startswith("factcheck")


def test_an_unknown_docs_page_is_a_problem_not_an_html_page(base_url: str) -> None:
    response = httpx.get(f"{base_url}/schema/redoc")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "/schema/openapi.json" in response.json()["detail"]


def test_the_page_names_no_other_host(base_url: str) -> None:
    html = httpx.get(f"{base_url}/schema").text
    assert "https://" not in html.split("spec:", 1)[0]
    assert httpx.get(f"{base_url}/schema/assets/swagger-ui-bundle.js").status_code == 200
