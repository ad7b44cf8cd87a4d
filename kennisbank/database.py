"""One SQL database for the app's runtime records (SQLite by default, PostgreSQL via ``DLA_DATABASE_URL``).

Usage::

    migrate("sqlite:///data/app.db")           # Alembic: create or upgrade every table
    sessions = connect("sqlite:///data/app.db")
    with sessions.begin() as db: ...
"""

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import DeclarativeBase, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
FIRST_REVISION = "0001"  # the tables that existed before migrations were introduced


class Base(DeclarativeBase):
    pass


def connect(database_url: str) -> sessionmaker:
    return sessionmaker(make_engine(database_url), expire_on_commit=False)


def make_engine(database_url: str) -> Engine:
    if not database_url.startswith("sqlite"):
        return create_engine(database_url, pool_pre_ping=True)
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url, connect_args={"timeout": 30, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    """WAL lets readers (the chat) go on while an editor writes."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(database_url: str) -> None:
    """Bring the database to the newest schema; a database made before Alembic is adopted first."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    if "turns" in tables and "alembic_version" not in tables:
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")


def close(sessions: sessionmaker) -> None:
    """Close the connections of a sessionmaker made by ``connect``."""
    sessions.kw["bind"].dispose()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
