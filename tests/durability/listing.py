"""What the server lists: the acknowledged writes of a durability test must all be there."""

from typing import Any

import httpx


async def listed_reports(client: httpx.AsyncClient) -> dict[str, int]:
    """external_id -> id of every stored report, page by page (no external id: "")."""
    listed: dict[str, int] = {}
    params: dict[str, Any] = {"limit": 500}
    while True:
        response = await client.get("/v1/reports", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        listed.update({item.get("external_id", ""): item["id"] for item in page["items"]})
        if page.get("next_cursor") is None:
            return listed
        params["cursor"] = page["next_cursor"]
