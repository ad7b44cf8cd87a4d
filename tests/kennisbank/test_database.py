"""Migrations adopt a database made before Alembic existed, keeping its conversation turns."""

import sqlite3

from sqlalchemy import inspect

from kennisbank.database import make_engine, migrate


def test_database_from_before_migrations_is_adopted_and_keeps_its_turns(tmp_path):
    path = tmp_path / "oud.db"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE turns (id INTEGER PRIMARY KEY, session_id VARCHAR(64), message_id VARCHAR(64), "
                    "question TEXT, article_id VARCHAR(200), answered BOOLEAN, degraded BOOLEAN, created_at DATETIME)")
        old.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY, session_id VARCHAR(64), message_id VARCHAR(64), "
                    "rating VARCHAR(4), comment TEXT, article_id VARCHAR(200), created_at DATETIME)")
        old.execute("INSERT INTO turns VALUES (1, 'oude-sessie-01', 'a', 'krijg ik ne diploma?', 'diploma', 1, 0, "
                    "'2026-11-01 10:00:00')")
        old.execute("INSERT INTO turns VALUES (2, 'oude-sessie-01', 'b', 'wa is het weer?', NULL, 0, 0, "
                    "'2026-11-01 10:01:00')")
    migrate(f"sqlite:///{path}")
    with sqlite3.connect(path) as new:
        rows = new.execute("SELECT question, outcome FROM turns ORDER BY id").fetchall()
        version = new.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert rows == [("krijg ik ne diploma?", "antwoord"), ("wa is het weer?", "overig")]
    assert version == "0002"
    assert {"content_items", "revisions", "users"} <= set(inspect(make_engine(f"sqlite:///{path}")).get_table_names())
