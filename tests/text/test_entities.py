"""find_entities: canonical places and actors, and the role each plays."""

from service.text.entities import find_entities


def roles(text: str) -> list[tuple[str, str]]:
    return [(e.canonical, e.role) for e in find_entities(text)]


def test_swapped_direction_swaps_roles() -> None:
    assert roles("Russia sent troops to North Korea.") == [
        ("russia", "agent"),
        ("north korea", "target"),
    ]
    assert roles("North Korea sent troops to Russia.") == [
        ("north korea", "agent"),
        ("russia", "target"),
    ]


def test_another_actor_in_the_same_role() -> None:
    assert roles("South Korea is sending 6,000 engineers to Russia.")[0] == ("south korea", "agent")
    assert roles("North Korea to send 6,000 engineers to Russia.")[0] == ("north korea", "agent")


def test_aliases_resolve_to_one_canonical_name() -> None:
    assert roles("Pyongyang has decided to send troops to Moscow.") == [
        ("north korea", "agent"),
        ("russia", "target"),
    ]


def test_demonym_subject_is_the_agent() -> None:
    assert roles("North Korean soldiers were transported to the Kursk region.") == [
        ("north korea", "agent"),
        ("kursk", "target"),
    ]


def test_by_marks_the_agent_of_a_passive_clause() -> None:
    assert roles("North Korean soldiers were transported by Russia.") == [
        ("north korea", "other"),
        ("russia", "agent"),
    ]


def test_names_after_other_prepositions_have_no_role() -> None:
    assert roles("A pact was signed between North Korea and Russia in Pyongyang.") == [
        ("north korea", "other"),
        ("russia", "other"),
        ("north korea", "other"),
    ]


def test_coordinated_targets_share_the_role() -> None:
    assert roles("It sent troops to Russia and Belarus.")[-2:] == [
        ("russia", "target"),
        ("belarus", "target"),
    ]


def test_the_attribution_source_is_not_an_actor() -> None:
    text = "According to the NIS, North Korea sent troops."
    found = find_entities(text, attribution=(0, 20))
    assert [(e.canonical, e.role) for e in found] == [("nis", "other"), ("north korea", "agent")]


def test_people_are_found_by_alias_and_by_capitalised_runs() -> None:
    text = "Lawmakers Lee Seongkweun and Kim Jong Un met Foreign Minister Choe Son Hui."
    names = [e.canonical for e in find_entities(text)]
    assert names == ["lee seongkweun", "kim jong un", "choe son hui"]


def test_spans_match_the_text() -> None:
    text = "Moscow’s envoy Sergei Shoigu flew to Pyongyang."
    for entity in find_entities(text):
        assert text[entity.span.start : entity.span.end] == entity.text
