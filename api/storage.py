"""The app's own records: conversation turns (redacted) and feedback, in SQLite or PostgreSQL.

Usage::

    store = Store(connect("sqlite:///data/app.db"))      # tables are made by kennisbank.database.migrate
    store.add_turn(session_id, message_id="...", question="...", article_id="...", outcome="antwoord", confidence=0.93)
    store.add_feedback(session_id, message_id, "up", comment=None)
    store.delete_session(session_id); store.purge_older_than(days=30)
"""

import datetime as dt
import logging
import threading
from collections import deque
from typing import Literal

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text, delete, select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from api.redactie.insights import AskedQuestion, Vote
from kennisbank.database import Base, as_utc, utc_now

log = logging.getLogger(__name__)
MAX_PENDING_TURNS = 10_000  # about an hour of a busy day; beyond that the oldest waiting turns are dropped
Outcome = Literal["antwoord", "geen_antwoord", "overig"]


class Turn(Base):
    """One user message and what the assistant did with it (text already redacted)."""

    __tablename__ = "turns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    message_id: Mapped[str | None] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16), default="overig")  # antwoord | geen_antwoord | overig
    confidence: Mapped[float | None] = mapped_column(Float)  # best search score, when a search ran
    degraded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    message_id: Mapped[str] = mapped_column(String(64))
    rating: Mapped[str] = mapped_column(String(4))
    comment: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)


class Store:
    def __init__(self, sessions: sessionmaker, max_pending: int = MAX_PENDING_TURNS) -> None:
        self._sessions = sessions
        self._pending: deque[dict] = deque(maxlen=max_pending)
        self._flush_lock = threading.Lock()

    def add_turn(self, session_id: str, message_id: str | None, question: str, article_id: str | None,
                 outcome: Outcome, confidence: float | None = None, degraded: bool = False) -> None:
        """Record a turn; while the database is unreachable it waits in memory and is written later."""
        self._pending.append(dict(session_id=session_id, message_id=message_id, question=question,
                                  article_id=article_id, outcome=outcome, confidence=confidence, degraded=degraded,
                                  created_at=utc_now()))
        self.flush()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> int:
        """Write the turns waiting in memory; returns how many were written (0 while the database is down)."""
        with self._flush_lock:
            batch = list(self._pending)
            if not batch:
                return 0
            try:
                with self._sessions.begin() as db:
                    db.add_all(Turn(**turn) for turn in batch)
            except (OperationalError, InterfaceError):
                log.warning("Database onbereikbaar: %d gespreksbeurten wachten in het geheugen.", len(batch))
                return 0
            for _ in batch:
                self._pending.popleft()
            return len(batch)

    def add_feedback(self, session_id: str, message_id: str, rating: str, comment: str | None) -> bool:
        """Store feedback on a message of this session; False when the message is unknown."""
        self.flush()  # the turn it is about may still be waiting after a database outage
        with self._sessions.begin() as db:
            turn = db.scalars(select(Turn).where(Turn.session_id == session_id, Turn.message_id == message_id)).first()
            if turn is None:
                return False
            db.add(Feedback(session_id=session_id, message_id=message_id, rating=rating, comment=comment,
                            article_id=turn.article_id))
        return True

    def delete_session(self, session_id: str) -> int:
        with self._flush_lock:
            kept = [turn for turn in self._pending if turn["session_id"] != session_id]
            self._pending.clear()
            self._pending.extend(kept)
        with self._sessions.begin() as db:
            removed = db.execute(delete(Turn).where(Turn.session_id == session_id)).rowcount
            removed += db.execute(delete(Feedback).where(Feedback.session_id == session_id)).rowcount
        return removed

    def purge_older_than(self, days: int) -> int:
        cutoff = utc_now() - dt.timedelta(days=days)
        with self._sessions.begin() as db:
            removed = db.execute(delete(Turn).where(Turn.created_at < cutoff)).rowcount
            removed += db.execute(delete(Feedback).where(Feedback.created_at < cutoff)).rowcount
        return removed

    def asked_since(self, since: dt.datetime) -> list[AskedQuestion]:
        """The questions of the last days, newest first, for the redactie's dashboard."""
        with self._sessions() as db:
            turns = db.scalars(select(Turn).where(Turn.created_at >= since).order_by(Turn.created_at.desc()))
            return [AskedQuestion(t.question, t.outcome, t.confidence, t.article_id, as_utc(t.created_at))
                    for t in turns]

    def votes_since(self, since: dt.datetime) -> list[Vote]:
        """Feedback of the last days with the question that got the answer, newest first."""
        with self._sessions() as db:
            rows = db.execute(
                select(Feedback, Turn.question)
                .outerjoin(Turn, (Turn.session_id == Feedback.session_id) & (Turn.message_id == Feedback.message_id))
                .where(Feedback.created_at >= since).order_by(Feedback.created_at.desc()))
            return [Vote(f.rating, f.comment, question, f.article_id, as_utc(f.created_at)) for f, question in rows]

    def session(self) -> Session:
        return self._sessions()
