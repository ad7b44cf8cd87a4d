"""The app's own records: conversation turns (redacted) and feedback, in SQLite or PostgreSQL.

Usage::

    store = Store("sqlite:///data/app.db")
    store.add_turn(session_id, message_id="...", question="...", article_id="...", answered=True)
    store.add_feedback(session_id, message_id, "up", comment=None)
    store.delete_session(session_id); store.purge_older_than(days=30)
"""

import datetime as dt
from pathlib import Path

from sqlalchemy import Boolean, DateTime, Integer, String, Text, create_engine, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Turn(Base):
    """One user message and what the assistant did with it (text already redacted)."""

    __tablename__ = "turns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    message_id: Mapped[str | None] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(200))
    answered: Mapped[bool] = mapped_column(Boolean)
    degraded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    message_id: Mapped[str] = mapped_column(String(64))
    rating: Mapped[str] = mapped_column(String(4))
    comment: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class Store:
    def __init__(self, database_url: str) -> None:
        if database_url.startswith("sqlite:///"):
            Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self._engine = create_engine(database_url)
        Base.metadata.create_all(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def add_turn(self, session_id: str, message_id: str | None, question: str, article_id: str | None,
                 answered: bool, degraded: bool = False) -> None:
        with self._sessions.begin() as db:
            db.add(Turn(session_id=session_id, message_id=message_id, question=question, article_id=article_id,
                        answered=answered, degraded=degraded))

    def add_feedback(self, session_id: str, message_id: str, rating: str, comment: str | None) -> bool:
        """Store feedback on a message of this session; False when the message is unknown."""
        with self._sessions.begin() as db:
            turn = db.scalars(select(Turn).where(Turn.session_id == session_id, Turn.message_id == message_id)).first()
            if turn is None:
                return False
            db.add(Feedback(session_id=session_id, message_id=message_id, rating=rating, comment=comment,
                            article_id=turn.article_id))
        return True

    def delete_session(self, session_id: str) -> int:
        with self._sessions.begin() as db:
            removed = db.execute(delete(Turn).where(Turn.session_id == session_id)).rowcount
            removed += db.execute(delete(Feedback).where(Feedback.session_id == session_id)).rowcount
        return removed

    def purge_older_than(self, days: int) -> int:
        cutoff = _now() - dt.timedelta(days=days)
        with self._sessions.begin() as db:
            removed = db.execute(delete(Turn).where(Turn.created_at < cutoff)).rowcount
            removed += db.execute(delete(Feedback).where(Feedback.created_at < cutoff)).rowcount
        return removed

    def session(self) -> Session:
        return self._sessions()

    def dispose(self) -> None:
        self._engine.dispose()
