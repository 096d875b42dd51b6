"""The editor page and its files are served by the service itself, with nothing from elsewhere."""

import re
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]
STATIC = Path(__file__).resolve().parents[2] / "service" / "web" / "static"
# Anything the page would fetch from another origin: a URL in src, href, url() or an import.
EXTERNAL = re.compile(r"""(?:src=|href=|url\(|@import|from\s)\s*["']?(?:https?:)?//""", re.I)


async def test_the_editor_page_is_served_at_the_root_with_a_strict_policy(client: Client) -> None:
    response = await client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<label class="field-label" for="draft">' in response.text
    assert 'role="status"' in response.text


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("factcheck.js", "text/javascript"),
        ("editor.js", "text/javascript"),
        ("editor.css", "text/css"),
        ("example-cms.html", "text/html"),
    ],
)
async def test_each_static_file_is_served_with_its_type(
    client: Client, name: str, media_type: str
) -> None:
    response = await client.get(f"/static/{name}")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "no-cache" in response.headers["cache-control"]
    assert response.content == (STATIC / name).read_bytes()


@pytest.mark.parametrize(
    "path", ["/static/missing.js", "/static/%2e%2e/routes.py", "/static/..%2froutes.py"]
)
async def test_nothing_outside_the_static_folder_is_served(client: Client, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("name", ["index.html", "editor.css", "editor.js"])
def test_the_page_fetches_nothing_from_another_origin(name: str) -> None:
    assert EXTERNAL.findall((STATIC / name).read_text()) == []


def test_the_page_has_no_inline_script_or_style_for_its_policy_to_block() -> None:
    page = (STATIC / "index.html").read_text()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page
    assert " style=" not in page
