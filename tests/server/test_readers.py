"""Readers: on PostgreSQL a read holds no transaction (no BEGIN and ROLLBACK around it), a
connection a reader used goes back to the writers as a writer's, and a reader never writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, text, update

from server.core.db import Database, ReaderWrote
from server.core.orm import Agent


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        database.dispose()


def _pg_status(connection: object) -> str:
    driver = connection.connection.driver_connection  # type: ignore[attr-defined]
    return driver.info.transaction_status.name


def test_a_read_holds_no_transaction_and_the_connection_goes_back_to_writers_as_theirs(
    db: Database,
) -> None:
    """Every authenticated request's session check and every hub read is a reader: in a
    transaction each cost three round trips (BEGIN, the statement, ROLLBACK), and an agent's
    stream check held a transaction open meanwhile. The writers share the pool: the connection
    a reader used must begin a transaction for them again, so that a failed unit of work still
    rolls back as a whole."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite readers have an engine of their own, with its BEGIN")
    with db.plain_reader() as connection:
        connection.exec_driver_sql("SELECT 1")
        assert _pg_status(connection) == "IDLE"
        used = connection.connection.driver_connection
    with db.reader() as session:
        session.scalar(select(Agent.id).limit(1))
        assert _pg_status(session.connection()) == "IDLE"

    class Undo(Exception):
        pass

    with db.reader() as session:
        agent_id, name = session.execute(select(Agent.id, Agent.display_name).limit(1)).one()
    with pytest.raises(Undo), db.transaction() as session:
        connection = session.connection()
        assert connection.connection.driver_connection is used  # the pool's one connection
        assert _pg_status(connection) == "INTRANS"
        session.execute(update(Agent).where(Agent.id == agent_id).values(display_name="Changed"))
        raise Undo
    with db.reader() as session:
        assert session.scalar(select(Agent.display_name).where(Agent.id == agent_id)) == name


def test_a_reader_that_writes_is_refused_and_nothing_is_written(db: Database) -> None:
    """Without a transaction a reader's write would be committed at once, so a reader refuses
    to write at all, on either database: through the ORM's unit of work and as a statement."""
    with db.reader() as session:
        agent = session.scalars(select(Agent).order_by(Agent.id).limit(1)).one()
        agent_id, name = agent.id, agent.display_name
        agent.display_name = "Changed in a reader"
        with pytest.raises(ReaderWrote):
            session.flush()
    with db.reader() as session, pytest.raises(ReaderWrote):
        session.execute(update(Agent).where(Agent.id == agent_id).values(display_name="Changed"))
    with db.plain_reader() as connection:
        assert (
            connection.exec_driver_sql(
                "SELECT display_name FROM agents WHERE id = %(id)s"
                if db.dialect == "postgresql"
                else "SELECT display_name FROM agents WHERE id = :id",
                {"id": agent_id},
            ).scalar()
            == name
        )
    with db.transaction() as session:  # the writers are not refused
        session.execute(update(Agent).where(Agent.id == agent_id).values(display_name="Renamed"))
    with db.reader() as session:
        assert session.scalar(text("SELECT 1")) == 1
        assert session.scalar(select(Agent.display_name).where(Agent.id == agent_id)) == "Renamed"
