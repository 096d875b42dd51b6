"""Settings: read once from FACTCHECK_*, bad values fail naming the variable, all documented."""

import re
from pathlib import Path

import pytest

from service.settings import Settings, SettingsError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_defaults_are_the_embedded_sqlite_store_with_seeds() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///data/factcheck.db"
    assert settings.seeds_dir == "seeds"
    assert settings.seeding_enabled


def test_values_are_converted_from_strings() -> None:
    settings = Settings.from_env({"FACTCHECK_PORT": "9001", "FACTCHECK_MIN_SCORE": "42.5"})
    assert settings.port == 9001
    assert settings.min_score == 42.5


def test_none_disables_seeding() -> None:
    settings = Settings.from_env({"FACTCHECK_SEEDS_DIR": "none"})
    assert not settings.seeding_enabled


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FACTCHECK_PORT", "eighty"),
        ("FACTCHECK_PORT", "70000"),
        ("FACTCHECK_DATABASE_URL", "mysql://localhost/db"),
        ("FACTCHECK_LOG_LEVEL", "loud"),
        ("FACTCHECK_WORKERS", "0"),
    ],
)
def test_a_bad_value_fails_naming_the_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})


def test_an_unknown_variable_fails_naming_it() -> None:
    with pytest.raises(SettingsError, match="FACTCHECK_DATABSE_URL"):
        Settings.from_env({"FACTCHECK_DATABSE_URL": "sqlite:///x.db"})


def test_other_variables_are_ignored() -> None:
    assert Settings.from_env({"HOME": "/root", "PATH": "/bin"}) == Settings()


def test_every_setting_is_documented_in_the_readme() -> None:
    documented = set(re.findall(r"`FACTCHECK_([A-Z_]+)`", README.read_text()))
    fields = {name.upper() for name in Settings.__struct_fields__}
    assert fields <= documented, f"undocumented: {sorted(fields - documented)}"
    assert documented <= fields, f"documented but not settings: {sorted(documented - fields)}"


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]
