"""A statement the matcher cannot judge (not English) is a clear 422, never a silent
`unverified` with no matches."""

import pytest
from litestar.testing import AsyncTestClient

from service.language import foreign_script

KOREAN = "북한이 러시아에 군인 5만 명을 보냈다"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        (KOREAN, "Hangul"),
        ("Северная Корея отправила 50 000 солдат в Россию", "Cyrillic"),
        ("朝鲜向俄罗斯派遣了五万名士兵", "Cjk"),
        ("North Korea sent 50,000 troops to Russia", None),
        ("Ли", None),
        ("Kim met Putin in Владивосток on Tuesday with many officials", None),
    ],
)
def test_the_script_of_most_letters_is_found(text: str, script: str | None) -> None:
    assert foreign_script(text) == script


async def test_a_korean_statement_is_refused_in_words(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    for response in (
        await client.post("/v1/check", json={"statement": KOREAN}),
        await client.get("/v1/check", params={"statement": KOREAN}),
    ):
        assert response.status_code == 422
        problem = response.json()
        assert problem["field"] == "statement"
        assert "Hangul" in problem["detail"]
        assert "English" in problem["detail"]


async def test_a_declared_language_other_than_english_is_refused(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    statement = "Nordkorea hat 50.000 Soldaten nach Russland geschickt"
    response = await client.post("/v1/check", json={"statement": statement, "language": "de"})
    assert response.status_code == 422
    assert response.json()["field"] == "language"
    assert "English statements only" in response.json()["detail"]
    english = {"statement": "North Korea sent 50,000 troops to Russia", "language": "en-GB"}
    assert (await client.post("/v1/check", json=english)).status_code == 200


async def test_a_batch_names_the_statement_in_another_language(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    checks = [{"statement": "North Korea sent troops"}, {"statement": KOREAN}]
    response = await client.post("/v1/check/batch", json={"checks": checks})
    assert response.status_code == 422
    assert response.json()["field"] == "checks[1].statement"


@pytest.mark.parametrize(
    ("statement", "language"),
    [
        ("Nordkorea hat rund 10.000 Soldaten nach Russland geschickt.", "German"),
        ("La Corée du Nord a envoyé environ 10 000 soldats en Russie.", "French"),
        ("Corea del Norte envió unos 10.000 soldados a Rusia.", "Spanish"),
    ],
)
async def test_a_latin_script_statement_in_another_language_is_refused_in_words(
    client: AsyncTestClient,  # type: ignore[type-arg]
    statement: str,
    language: str,
) -> None:
    """Without a declared language: found by the detector, never a silent `unverified`."""
    for response in (
        await client.post("/v1/check", json={"statement": statement}),
        await client.get("/v1/check", params={"statement": statement}),
        await client.post("/v1/check/batch", json={"checks": [{"statement": statement}]}),
    ):
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["field"] in {"statement", "checks[0].statement"}
        assert f"looks like {language}, not English" in problem["detail"]
    english = "North Korea sent roughly 10,000 soldiers to Russia."
    assert (await client.post("/v1/check", json={"statement": english})).status_code == 200
