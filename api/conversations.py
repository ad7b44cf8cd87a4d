"""Rasa's own record of conversations (its SQL tracker store): wipe one, purge old ones.

Usage::

    conversations = RasaConversations("sqlite:///data/rasa-tracker.db")
    conversations.delete("sessie-123"); conversations.purge_older_than(days=30)
"""

import time

from sqlalchemy import Column, Float, MetaData, String, Table, create_engine, delete, inspect

_events = Table("events", MetaData(), Column("sender_id", String(255)), Column("timestamp", Float))


class RasaConversations:
    def __init__(self, database_url: str) -> None:
        self._engine = create_engine(database_url)

    def delete(self, sender_id: str) -> int:
        return self._delete(_events.c.sender_id == sender_id)

    def purge_older_than(self, days: int) -> int:
        """Remove whole conversations whose last event is older than ``days``."""
        cutoff = time.time() - days * 86400
        return self._delete(_events.c.sender_id.not_in(
            _events.select().with_only_columns(_events.c.sender_id).where(_events.c.timestamp >= cutoff)))

    def _delete(self, condition) -> int:
        if not inspect(self._engine).has_table("events"):
            return 0  # Rasa has not stored any conversation yet
        with self._engine.begin() as connection:
            return connection.execute(delete(_events).where(condition)).rowcount

    def dispose(self) -> None:
        self._engine.dispose()
