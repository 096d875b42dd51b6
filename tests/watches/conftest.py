"""The watch tests use the API tests' seeded app client."""

from tests.api.conftest import client, settings

__all__ = ["client", "settings"]
