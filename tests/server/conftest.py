"""The server's tests run twice: on SQLite (the demo's and the desk tests' database) and on a real
PostgreSQL (production's), each test in its own copy of the seeded database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_NAMES, postgres_database, sqlite_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_database(tmp_path, request.getfixturevalue("seeded_template"))
        return
    cluster = request.getfixturevalue("postgres_cluster")
    template = request.getfixturevalue("postgres_template")
    with postgres_database(cluster, template) as url:
        yield url


@pytest.fixture
def empty_database_url(database_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second, empty database of the same kind as this test's."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    cluster = request.getfixturevalue("postgres_cluster")
    name = f"empty_{next(PG_NAMES)}"
    url = cluster.create_database(name)
    request.addfinalizer(lambda: cluster.drop_database(name))
    return url
